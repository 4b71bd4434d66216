"""The secretariat's States page: the 193 States, filters, and marking parties (audited)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from questionnaire.models import AuditEvent, Participation, State
from questionnaire.states.service import PartiesError, set_parties
from tests.factories import party_codes as _parties, set_party


@pytest.fixture
def no_parties(db, states):
    """The States as loaded, with no party at all (the shipped list marks the current parties)."""
    db.execute(update(Participation).values(status="neither"))
    db.commit()
    return states


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_secretariat_opens_the_states_page(client, db, make_user, login, role, method):
    login(make_user(role))
    before = _parties(db)
    response = getattr(client, method)("/states/", data={"listed": ["MEX", "FRA"], "party": ["MEX", "FRA"]})
    assert response.status_code == 403 and _parties(db) == before


def test_lists_the_193_states_and_the_european_union_with_kind_group_status_and_as_at(client, make_user, login):
    login(make_user("secretariat"))
    html = client.get("/states/").get_data(as_text=True)
    assert "194 States shown, 157 of them parties" in html and html.count('name="listed"') == 194
    assert "<td>MEX</td>" in html and "Latin American and Caribbean States" in html
    assert 'id="party-MEX"' in html and 'for="party-MEX"' in html
    assert "Party status as at Apr 26, 2024" in html
    eu = html[html.index('id="row-EUU"'):].split("</tr>")[0]
    assert "European Union" in eu and "Regional economic integration organization" in eu and "<td></td>" in eu
    assert "Party" in eu and 'value="EUU" id="party-EUU" checked' in eu


def test_filters_by_regional_group_and_party(client, db, make_user, login, no_parties):
    login(make_user("secretariat"))
    set_party(db, no_parties["MEX"])
    set_party(db, no_parties["FRA"])
    db.commit()
    html = client.get("/states/?group=Western+European+and+other+States").get_data(as_text=True)
    assert 'value="FRA"' in html and 'value="MEX"' not in html
    html = client.get("/states/?party=yes").get_data(as_text=True)
    assert "2 States shown, 2 of them parties" in html
    html = client.get("/states/?group=Latin+American+and+Caribbean+States&party=no").get_data(as_text=True)
    assert 'value="MEX"' not in html and 'value="BRA"' in html


def test_page_query_count_does_not_grow_with_the_number_of_states(client, make_user, login, count_queries):
    login(make_user("secretariat"))
    with count_queries() as one_group:
        client.get("/states/?group=Eastern+European+States")
    with count_queries() as every_state:
        assert client.get("/states/").status_code == 200
    assert every_state.count == one_group.count <= 3


def test_saving_marks_parties_and_audits_each_change_with_before_and_after(client, db, make_user, login, no_parties):
    me = make_user("secretariat")
    login(me)
    set_party(db, no_parties["FRA"])
    db.commit()
    listed = [s.iso3 for s in no_parties.values() if s.regional_group == "Western European and other States"]
    response = client.post("/states/?group=Western+European+and+other+States",
                           data={"listed": listed, "party": ["DEU", "ITA"]})
    assert response.status_code == 302 and "group=Western" in response.headers["Location"]
    assert _parties(db) == {"DEU", "ITA"}
    events = {e.target: e for e in db.scalars(select(AuditEvent).where(AuditEvent.action == "state.party"))}
    assert set(events) == {"state:DEU", "state:ITA", "state:FRA"}
    assert events["state:FRA"].details == {"before": {"som_party": True}, "after": {"som_party": False}}
    assert events["state:DEU"].user_id == me.id
    assert "3 States changed" in client.get("/states/").get_data(as_text=True)


def test_states_not_shown_are_left_alone(client, db, make_user, login, no_parties):
    login(make_user("secretariat"))
    set_party(db, no_parties["MEX"])
    db.commit()
    client.post("/states/", data={"listed": ["FRA"], "party": ["FRA"]})
    assert _parties(db) == {"MEX", "FRA"}


def test_a_crafted_party_outside_the_list_or_unknown_code_changes_nothing(client, db, make_user, login, no_parties):
    login(make_user("secretariat"))
    response = client.post("/states/", data={"listed": ["FRA"], "party": ["FRA", "MEX"]}, follow_redirects=True)
    assert "Only the States shown on the page can be changed" in response.get_data(as_text=True)
    response = client.post("/states/", data={"listed": ["FRA", "XYZ"], "party": ["FRA"]}, follow_redirects=True)
    assert "Unknown State codes: XYZ" in response.get_data(as_text=True)
    assert _parties(db) == set()
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(csrf_app, client, db, make_user, login, csrf_token, no_parties):
    login(make_user("secretariat"))
    assert client.post("/states/", data={"listed": ["MEX"], "party": ["MEX"]}).status_code == 400
    assert _parties(db) == set()
    token = csrf_token(client.get("/states/").get_data(as_text=True))
    client.post("/states/", data={"listed": ["MEX"], "party": ["MEX"], "csrf_token": token})
    assert _parties(db) == {"MEX"}


def test_set_parties_returns_only_the_states_that_changed(db, make_user, no_parties):
    me = make_user("secretariat")
    assert [s.iso3 for s in set_parties(db, me, ["MEX", "FRA"], ["MEX"])] == ["MEX"]
    assert set_parties(db, me, ["MEX", "FRA"], ["MEX"]) == []
    with pytest.raises(PartiesError):
        set_parties(db, me, ["MEX"], ["FRA"])


def test_regional_groups_are_in_the_readers_language_in_the_list_its_filter_and_the_form_adding_a_state(
        client, make_user, login, lay_words):
    lay_words({"fr": {(None, "Latin American and Caribbean States"): "États d’Amérique latine et des Caraïbes"}})
    login(make_user("secretariat", locale="fr"))
    html = client.get("/states/").get_data(as_text=True)
    option = '<option value="Latin American and Caribbean States">États d’Amérique latine et des Caraïbes</option>'
    assert option in html
    mexico = html[html.index('id="row-MEX"'):].split("</tr>")[0]
    assert "<td>États d’Amérique latine et des Caraïbes</td>" in mexico
    assert "Latin American and Caribbean States<" not in html
    assert option in client.get("/states/new").get_data(as_text=True)


def test_a_status_the_secretariat_set_names_its_source_in_the_readers_language(client, db, make_user, login,
                                                                                no_parties, lay_words):
    lay_words({"fr": {(None, "Secretariat (States page)"): "Secrétariat (page des États)"}})
    login(make_user("secretariat", locale="fr"))
    listed = [s.iso3 for s in no_parties.values() if s.regional_group == "Western European and other States"]
    assert client.post("/states/?group=Western+European+and+other+States",
                       data={"listed": listed, "party": ["DEU"]}).status_code == 302
    germany = client.get("/states/").get_data(as_text=True)
    germany = germany[germany.index('id="row-DEU"'):].split("</tr>")[0]
    assert 'title="Secrétariat (page des États)"' in germany
    stored = db.scalar(select(Participation.source).join(State, Participation.state_id == State.id)
                       .where(State.iso3 == "DEU"))
    assert stored == "Secretariat (States page)"  # the record keeps the words it was made with
