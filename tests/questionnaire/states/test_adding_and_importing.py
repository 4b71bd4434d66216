"""The States page beyond the member States: adding a non-member State or an organization, and importing the
depositary's participants table from the web with a preview of every change."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from questionnaire.models import AuditEvent, Participation, State
from tests.factories import party_codes
from tests.questionnaire.states.test_parties_import import RATIFICATION, UNTC, csv_bytes, xlsx_bytes


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html).group(1)


def _status(db, name):
    db.expire_all()
    return db.scalar(select(Participation).where(Participation.participant == name))


# --- adding ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer", "delegate"])
def test_only_the_secretariat_adds_participants(client, db, make_user, login, role):
    login(make_user(role))
    assert client.get("/states/new").status_code == 403
    assert client.post("/states/new", data={"code": "VAT", "name": "Holy See", "kind": "non_member_state"}).status_code == 403
    assert db.scalar(select(State).where(State.iso3 == "VAT")) is None


def test_a_non_member_state_is_added_with_its_group_not_a_party_and_audited(client, db, make_user, login):
    me = make_user("secretariat")
    login(me)
    response = client.post("/states/new", data={"code": "pse", "name": "State of Palestine", "kind": "non_member_state",
                                                "regional_group": "Asia-Pacific States"})
    assert response.status_code == 302
    db.expire_all()
    state = db.scalar(select(State).where(State.iso3 == "PSE"))
    assert (state.name, state.kind, state.regional_group) == ("State of Palestine", "non_member_state", "Asia-Pacific States")
    assert _status(db, "State of Palestine").status == "neither" and "PSE" not in party_codes(db)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "state.add"))
    assert event.user_id == me.id and event.target == "state:PSE" and event.details["after"]["kind"] == "non_member_state"
    html = client.get("/states/").get_data(as_text=True)
    row = html[html.index('id="row-PSE"'):].split("</tr>")[0]
    assert "Non-member State" in row and "Neither party nor signatory" in row
    # once ticked it is a party, expected to answer
    client.post("/states/", data={"listed": ["PSE"], "party": ["PSE"]})
    assert "PSE" in party_codes(db)


def test_an_organization_has_no_regional_group(client, db, make_user, login):
    login(make_user("secretariat"))
    client.post("/states/new", data={"code": "AUN", "name": "African Union", "kind": "organization"})
    db.expire_all()
    au = db.scalar(select(State).where(State.iso3 == "AUN"))
    assert (au.kind, au.regional_group, au.group, au.has_iso3) == (
        "organization", None, "Regional economic integration organization", False)


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "V1", "name": "Holy See", "kind": "non_member_state"}, "three letters"),
    ({"code": "MEX", "name": "Holy See", "kind": "non_member_state"}, "The code MEX is already in use"),
    ({"code": "VAT", "name": "Mexico", "kind": "non_member_state"}, "“Mexico” is already listed"),
    ({"code": "VAT", "name": "Holy See", "kind": "member_state"}, "Not a valid choice"),
    ({"code": "XEU", "name": "Some Union", "kind": "organization", "regional_group": "African States"},
     "An organization belongs to no UN regional group"),
    ({"code": "VAT", "name": "", "kind": "non_member_state"}, "Give the name as the depositary writes it"),
])
def test_bad_input_is_refused_with_the_input_shown_again_and_nothing_written(client, db, make_user, login, data, message):
    login(make_user("secretariat"))
    before = db.scalar(select(func.count()).select_from(State))
    response = client.post("/states/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert f'value="{data["code"]}"' in html and (not data["name"] or f'value="{data["name"]}"' in html)
    assert db.scalar(select(func.count()).select_from(State)) == before
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "state.add")) is None


def test_adding_needs_the_csrf_token(csrf_app, client, db, make_user, login, csrf_token):
    login(make_user("secretariat"))
    data = {"code": "VAT", "name": "Holy See", "kind": "non_member_state"}
    assert client.post("/states/new", data=data).status_code == 400
    assert db.scalar(select(State).where(State.iso3 == "VAT")) is None
    token = csrf_token(client.get("/states/new").get_data(as_text=True))
    assert client.post("/states/new", data={**data, "csrf_token": token}).status_code == 302


# --- importing ------------------------------------------------------------------------------------------

def _upload(client, data: bytes, filename: str, as_at: str = "2026-11-29"):
    import io
    return client.post("/states/import", data={"file": (io.BytesIO(data), filename), "source": "UNTC, 29 Nov 2026",
                                               "as_at": as_at}, content_type="multipart/form-data")


@pytest.mark.parametrize(("make", "filename"), [(csv_bytes, "parties.csv"), (xlsx_bytes, "parties.xlsx")])
def test_the_table_is_previewed_with_every_change_then_applied_and_audited(client, db, make_user, login, states,
                                                                           make, filename):
    me = make_user("secretariat")
    login(me)
    preview = _upload(client, make(UNTC), filename)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Changes the table would make" in html
    assert html.count("<tbody>") == len(party_codes(db) - {"IND", "SDN", "MEX", "EUU"}) + 5  # a participant each
    bolivia = _changes_of(html, "Bolivia (Plurinational State of)")
    assert bolivia == [["Status", "Neither party nor signatory", "Signatory"], ["Signed on", "—", "Dec 12, 2000"]]
    assert _changes_of(html, "Afghanistan") == [["Status", "Party", "Neither party nor signatory"]]
    # nothing written by the preview
    assert _status(db, "India").consented_on is None and _status(db, "Afghanistan").status == "party"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import")) is None
    fields = {name: _hidden(html, name) for name in ("table", "filename", "source", "as_at", "digest")}
    done = client.post("/states/import/apply", data=fields)
    assert done.status_code == 302
    assert _status(db, "India").consented_on.isoformat() == "2011-05-05"
    assert _status(db, "Afghanistan").status == "neither" and _status(db, "Bolivia (Plurinational State of)").status == "signatory"
    assert party_codes(db) == {"EUU", "IND", "SDN", "MEX"}
    assert {p.as_at.isoformat() for p in db.scalars(select(Participation))} == {"2026-11-29"}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import"))
    assert event.user_id == me.id and event.details["source"] == "UNTC, 29 Nov 2026"
    assert {"participant": "Afghanistan", "before": {"status": "party"},
            "after": {"status": "neither"}} in event.details["changes"]
    page = client.get("/states/").get_data(as_text=True)
    assert "Party status as at Nov 29, 2026" in page


@pytest.mark.parametrize(("participants", "said"), [(1, "parties.csv: 1 participant read;"),
                                                     (2, "parties.csv: 2 participants read;")])
def test_the_preview_counts_the_participants_read_for_one_and_for_several(client, make_user, login, states,
                                                                          participants, said):
    login(make_user("secretariat"))
    table = UNTC[:4] + UNTC[4:4 + participants]
    assert said in _upload(client, csv_bytes(table), "parties.csv").get_data(as_text=True)


def _changes_of(html: str, participant: str) -> list[list[str]]:
    """What the preview shows changing of ``participant``: a [what, now, after the import] line each."""
    group = next(body for body in html.split("<tbody>")[1:] if f">{participant}</th>" in body)
    rows = group.split("</tbody>")[0].split("</tr>")[:-1]
    return [[re.sub(r"<[^>]+>", "", cell).strip()
             for cell in re.findall(r'<th scope="row">.*?</th>|<td>.*?</td>', row, re.S)] for row in rows]


@pytest.mark.parametrize(("locale", "days"), [
    (None, {"India": [["—", "Dec 12, 2002"], ["—", "May 5, 2011"]],
            "European Union": [["—", "Dec 12, 2000"], ["—", "Sep 6, 2006"]]}),
    ("fr", {"India": [["—", "12 déc. 2002"], ["—", "5 mai 2011"]],
            "European Union": [["—", "12 déc. 2000"], ["—", "6 sept. 2006"]]}),
])
def test_a_party_whose_dates_alone_change_is_previewed_with_those_dates(client, db, make_user, login, states, locale,
                                                                       days):
    login(make_user("secretariat", locale=locale))
    html = _upload(client, csv_bytes(UNTC), "parties.csv").get_data(as_text=True)
    for participant, changes in days.items():  # parties already: their status stays and is not shown
        assert [now_and_after for _what, *now_and_after in _changes_of(html, participant)] == changes
    if locale is None:
        assert [what for what, *_days in _changes_of(html, "India")] == ["Signed on", "Consented to be bound on"]
    shown = [row for body in html.split("<tbody>")[1:] for row in re.findall(r"<td>(.*?)</td><td>(.*?)</td>", body)]
    assert shown and all(now != after for now, after in shown)  # nothing shown as "Party → Party"


def test_a_table_changed_under_the_preview_is_not_applied(client, db, make_user, login, states):
    login(make_user("secretariat"))
    html = _upload(client, csv_bytes(UNTC), "parties.csv").get_data(as_text=True)
    fields = {name: _hidden(html, name) for name in ("table", "filename", "source", "as_at", "digest")}
    client.post("/states/", data={"listed": ["CHN"], "party": ["CHN"]})  # the status changes meanwhile
    response = client.post("/states/import/apply", data=fields, follow_redirects=True)
    assert "changed since the preview" in response.get_data(as_text=True)
    assert _status(db, "India").consented_on is None
    tampered = {**fields, "table": "not base64!"}
    response = client.post("/states/import/apply", data=tampered, follow_redirects=True)
    assert "did not come back intact" in response.get_data(as_text=True)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import")) is None


@pytest.mark.parametrize(("data", "filename", "words"), [
    (csv_bytes(UNTC + [["Atlantis", "", "1 Jan 2010", ""]]), "p.csv", "“Atlantis” is not a State or organization known here"),
    (csv_bytes(UNTC + [["India", "", "5 May 2011", ""]]), "p.csv", "“India” is listed twice"),
    (csv_bytes(UNTC + [["Chad", "sometime", "", ""]]), "p.csv", "“sometime” is not a date"),
    (csv_bytes([["Participant", "Signature", RATIFICATION, "Status"], ["India", "", "5 May 2011", "ratified-ish"]]),
     "p.csv", "“ratified-ish” is not a status it knows"),
    (xlsx_bytes(UNTC), "p.csv", "not a CSV table"),
    (b"\x89PNG\r\n\x1a\n\x00\x00 an image", "p.xlsx", "not a valid archive"),
    (csv_bytes(UNTC), "p.pdf", "Give an XLSX or CSV file"),
])
def test_a_bad_table_gets_a_clear_message_and_nothing_is_written(client, db, make_user, login, states, data, filename,
                                                                 words):
    login(make_user("secretariat"))
    response = _upload(client, data, filename)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The table was not imported" in html
    assert words.lower() in html.lower()
    assert 'value="UNTC, 29 Nov 2026"' in html  # the rest of the form is kept
    assert _status(db, "India").consented_on is None and _status(db, "Afghanistan").status == "party"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import")) is None


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer"])
def test_importing_is_the_secretariats(client, db, make_user, login, states, role):
    login(make_user(role))
    assert client.get("/states/import").status_code == 403
    assert _upload(client, csv_bytes(UNTC), "p.csv").status_code == 403
    assert _status(db, "India").consented_on is None


def test_importing_needs_the_csrf_token(csrf_app, client, db, make_user, login, states):
    login(make_user("secretariat"))
    assert _upload(client, csv_bytes(UNTC), "p.csv").status_code == 400  # no token
    assert client.post("/states/import/apply", data={"table": "eA==", "filename": "p.csv", "source": "s",
                                                     "as_at": "2026-11-29", "digest": "x"}).status_code == 400
    assert _status(db, "India").consented_on is None


def test_the_audit_log_tells_both_in_words(client, db, make_user, login, states):
    login(make_user("secretariat", name="A. Secretariat"))
    client.post("/states/new", data={"code": "VAT", "name": "Holy See", "kind": "non_member_state"})
    html = _upload(client, csv_bytes(UNTC), "parties.csv").get_data(as_text=True)
    client.post("/states/import/apply", data={n: _hidden(html, n) for n in ("table", "filename", "source", "as_at", "digest")})
    log = client.get("/audit/").get_data(as_text=True)
    assert "A. Secretariat added Holy See to the States and organizations" in log
    assert "A. Secretariat imported the depositary&#39;s participants table: " in log
    assert 'value="parties.import">Participants table imported</option>' in log


@pytest.mark.parametrize(("data", "field"), [
    ({"code": "XEU", "name": "Some Union", "kind": "organization", "regional_group": "African States"},
     "regional_group"),
    ({"code": "VAT", "name": "Mexico", "kind": "non_member_state"}, "name"),
    ({"code": "MEX", "name": "Holy See", "kind": "non_member_state"}, "code"),
])
def test_a_refusal_is_shown_beside_the_field_it_is_about(client, make_user, login, data, field):
    login(make_user("secretariat"))
    html = client.post("/states/new", data=data).get_data(as_text=True)
    assert f'<p class="error-message" id="{field}-error">' in html
    assert sum(f'id="{other}-error"' in html for other in ("code", "name", "kind", "regional_group")) == 1
