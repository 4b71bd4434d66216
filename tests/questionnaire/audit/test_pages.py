"""The audit log page: every change, newest first, readable before/after, filters and pages."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from questionnaire import lifecycle
from questionnaire.audit.service import PAGE_SIZE, DetailLine, describe
from questionnaire.models import AuditEvent, Response
from questionnaire.models.audit import record
from questionnaire.people.service import create_user, update_user


def _main(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True).split("<main", 1)[1]


def _events(db, user, count: int, action: str = "demo.event", start: datetime = datetime(2026, 3, 1)) -> None:
    for n in range(count):
        record(db, user, action, f"thing:{n}", n=n).at = start + timedelta(minutes=n)
    db.commit()


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer"])
@pytest.mark.parametrize("url", ["/audit/", "/audit/?page=2&action=user.update"])
def test_only_the_secretariat_reads_the_audit_log(client, make_user, login, role, url):
    login(make_user(role))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code in (403, 405)


def test_shows_who_did_what_with_before_and_after_newest_first(client, db, make_user, login):
    me = make_user("secretariat", name="Sam Secretariat")
    person = make_user("expert", state="MEX", name="Old Name")
    _events(db, None, 1, "demo.older", start=datetime(2020, 1, 1))
    update_user(db, me, person, email=person.email, name="New Name", role="focal_point", iso3="MEX")
    db.commit()
    login(me)
    html = _main(client, "/audit/")
    rows = html.split("</form>", 1)[1]
    assert rows.index("Sam Secretariat changed the account of New Name (Mexico)") < rows.index("demo.older")
    assert f"user:{person.id}" not in html
    assert "<del><bdi>Old Name</bdi></del> → " in html and "<ins><bdi>New Name</bdi></ins>" in html
    assert "<del><bdi>Governmental expert</bdi></del>" in html and "<ins><bdi>Focal point</bdi></ins>" in html
    assert "The system" in html  # the event recorded without a user


def test_user_text_in_details_is_escaped(client, db, make_user, login):
    me = make_user("secretariat")
    record(db, me, "questionnaire.endorsed", "questionnaire:1", body="<script>alert(1)</script>",
           before={"title": "<b>old</b>"}, after={"title": "new"})
    db.commit()
    login(me)
    html = _main(client, "/audit/")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>old</b>" not in html and "&lt;b&gt;old&lt;/b&gt;" in html


def test_times_are_shown_in_the_viewers_time_zone(app, client, db, make_user, login):
    me = make_user("secretariat")
    record(db, me, "demo.event", "thing:1").at = datetime(2026, 1, 1, 23, 30)
    db.commit()
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Tokyo"
    login(me)
    html = _main(client, "/audit/?action=demo.event")
    assert "Jan 2, 2026" in html and "8:30" in html


def test_filters_by_questionnaire_including_its_response_events(client, db, make_user, login, som, states):
    me = make_user("secretariat")
    lifecycle.endorse(db, som, me, "Working group")
    response = Response(questionnaire_id=som.id, state_id=states["MEX"].id)
    db.add(response)
    db.flush()
    record(db, me, "response.reopened", f"response:{response.id}", questionnaire=som.id, state="MEX")
    record(db, me, "response.reopened", "response:999", questionnaire=som.id + 1000, state="FRA")
    record(db, me, "demo.event", "questionnaire:9999")
    db.commit()
    login(me)
    html = _main(client, f"/audit/?questionnaire={som.id}")
    assert "recorded the endorsement of “" in html and "reopened the reply of Mexico to “" in html
    assert "reply of FRA" not in html and "questionnaire:9999" not in html and " imported “" in html
    assert "3 events" in html


def test_filters_by_user_and_by_action(client, db, make_user, login):
    me = make_user("secretariat", name="Sam")
    other = make_user("secretariat", name="Olga")
    _events(db, me, 2, "demo.mine")
    _events(db, other, 3, "demo.theirs")
    login(me)
    html = _main(client, f"/audit/?user={other.id}")
    assert "3 events" in html and "demo.mine" not in html.split("</form>", 1)[1]
    html = _main(client, "/audit/?action=demo.mine")
    assert "2 events" in html and "demo.theirs" not in html.split("</form>", 1)[1]
    assert '<option selected value="demo.mine">' in html
    html = _main(client, "/audit/?user=nobody&questionnaire=x")
    assert "5 events" in html


def test_pages_of_fifty_with_a_fixed_number_of_queries(client, db, make_user, login, count_queries):
    me = make_user("secretariat")
    people = [make_user("reviewer") for _ in range(4)]
    for n in range(2 * PAGE_SIZE + 20):
        record(db, people[n % 4], "demo.event", f"thing:{n}", n=n).at = datetime(2026, 3, 1) + timedelta(minutes=n)
    db.commit()
    login(me)
    with count_queries() as first:
        html = _main(client, "/audit/?action=demo.event")
    assert html.count("demo.event (thing:") == PAGE_SIZE and "page 1 of 3" in html
    assert "thing:119" in html and "thing:69" not in html and 'rel="next"' in html and 'rel="prev"' not in html
    assert "page=2" in html and "action=demo.event" in html
    with count_queries() as last:
        html = _main(client, "/audit/?action=demo.event&page=3")
    assert html.count("demo.event (thing:") == 20 and "(thing:0)" in html and 'rel="next"' not in html
    assert last.count == first.count
    assert "page 3 of 3" in _main(client, "/audit/?action=demo.event&page=99")


def test_describe_turns_details_into_readable_lines():
    lines = describe({"before": {"status": "draft"}, "after": {"status": "endorsed", "endorsed_by": "WG"},
                      "body": "WG", "late": False, "articles": ["6", "7"]})
    assert lines == [
        DetailLine("Status", "Draft", "Endorsed"),  # the name and the status in words
        DetailLine("endorsed by", "—", "WG"),  # a name without words of its own reads without underscores
        DetailLine("articles", value="6, 7"),
        DetailLine("Body", value="WG"),
        DetailLine("Late", value="no"),
    ]
    assert describe({}) == [] and describe(None) == []
    assert describe({"before": "x"}) == [DetailLine("before", value="x")]
    assert describe({"after": "es"}) == [DetailLine("after", value="Español")]  # a reply's language by its name
    assert describe({"before": {"role": "expert"}, "after": {"role": "focal_point"}, "reason": "locked"}) == [
        DetailLine("Role", "Governmental expert", "Focal point"), DetailLine("Reason", value="account locked")]


def test_stored_moments_and_days_read_in_the_readers_time_zone_and_language(app):
    with app.test_request_context("/?lang=fr"):
        app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Vienna"
        lines = describe({"before": {"deadline": "2027-05-31T22:30:00.125669"}, "after": {"deadline": None},
                          "issued_on": "2017-06-26"})
    assert lines[0].label == "Date limite" and lines[0].before == "1 juin 2027, 00:30" and lines[0].after == "—"
    assert lines[1] == DetailLine("Publiée le", value="26 juin 2017")


def test_each_event_reads_as_a_sentence_with_names(client, db, make_user, login, som):
    me = make_user("secretariat", name="A. Secretariat")
    login(me)
    person = create_user(db, me, email="focal@example.gov", name="B. Focal point", role="focal_point", iso3="KEN",
                         password="correct horse battery")
    lifecycle.endorse(db, som, me, "Working group")
    db.commit()
    html = _main(client, "/audit/")
    assert "A. Secretariat created the account of B. Focal point (Kenya)" in html
    assert f"A. Secretariat recorded the endorsement of “{som.title}”, version {som.version}" in html
    assert "user.create" not in html.split("</form>", 1)[1] and f"user:{person.id}" not in html
    assert 'value="user.create">Account created</option>' in html  # the filter names actions in words too


def test_a_reply_language_chosen_and_a_reply_marked_ready_read_as_sentences(client, db, make_user, login, states):
    from tests.factories import make_multilingual

    questionnaire = make_multilingual(db)
    focal_point = make_user("focal_point", state="MEX", name="Ana")
    login(focal_point)
    assert client.post(f"/answers/{questionnaire.id}/MEX/language", data={"language": "fr"}).status_code == 302
    record(db, focal_point, "response.ready", "state:MEX", questionnaire=questionnaire.id)
    db.commit()
    login(make_user("secretariat"))
    page = _main(client, "/audit/")
    assert "Ana chose Français as the language of the reply of Mexico to “Small questionnaire multi”" in page
    assert "marked the reply of Mexico to" in page and "ready to submit" in page
    assert "not a State party" not in page
    assert _main(client, "/audit/?action=response.language").count("chose Français") == 1
    assert "Language: <span class=\"sr-only\">was</span> <del><bdi>—</bdi></del> → " in page  # a change line
    assert "<ins><bdi>Français</bdi></ins>" in page
    # a record of the older shape (the code alone) still reads as a sentence
    record(db, focal_point, "response.language", "state:MEX", questionnaire=questionnaire.id, before=None, after="es")
    db.commit()
    assert "Ana chose Español as the language" in _main(client, "/audit/")


def test_the_questionnaire_filter_names_each_version_in_the_readers_language(client, make_user, login, small,
                                                                             lay_words):
    lay_words({"fr": {(None, "version %(version)s"): "édition %(version)s"}})
    login(make_user("secretariat", locale="fr"))
    page = _main(client, "/audit/")
    assert f'<option value="{small.id}">{small.title} — édition {small.version}</option>' in page
