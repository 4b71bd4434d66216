"""The secretariat's actions on a monitored questionnaire over HTTP: reopening a State's reply, moving the
questionnaire's deadline and extending one State's. Each reads the questionnaire row, the State and its
response only, so it costs the same few statements whatever the number of questions."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

import pytest
from sqlalchemy import select

from questionnaire.models import AuditEvent, OutboxMessage, Questionnaire, Response
from tests.factories import COMPLETE

REASON = "Please cite the 2024 amendment."
EXTRA_QUESTIONS = 40


def _day(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.fixture
def ana(make_user):  # with an address the mail tests read
    return make_user("focal_point", name="Ana", email="ana@mex.example")


def _reopen(questionnaire, states, ana, make_reply) -> tuple[str, dict]:
    make_reply(questionnaire, states["MEX"], ana, COMPLETE, status="submitted")
    return f"/monitoring/{questionnaire.id}/MEX/reopen", {"reason": REASON}


def _change_deadline(questionnaire, states, ana, make_reply) -> tuple[str, dict]:
    return f"/monitoring/{questionnaire.id}/deadline", {"deadline": _day(60), "reason": "Late translation"}


def _extend(questionnaire, states, ana, make_reply) -> tuple[str, dict]:
    make_reply(questionnaire, states["MEX"], ana, {"crim": "yes"})
    return f"/monitoring/{questionnaire.id}/MEX/extend", {"deadline": _day(45), "reason": "Elections"}


#: Each action, how to prepare it on a questionnaire (URL and form data back), and the statements its POST
#: runs: the signed-in user; one lookup (the questionnaire row, or that row with the State and its response);
#: the action's own reads and writes (an extension reads nothing more: it changes the response the lookup read);
#: the audit event; the users of Mexico and the one message to its focal point.
ACTIONS: dict[str, tuple[Callable[..., tuple[str, dict]], int]] = {
    "reopen": (_reopen, 6),
    "change_deadline": (_change_deadline, 7),
    "extend": (_extend, 6),
}


def _statements_of(staff, count_queries, url: str, data: dict) -> list[str]:
    with count_queries() as counter:
        response = staff.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return counter.statements


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_runs_a_few_statements_whatever_the_number_of_questions(
        staff, states, ana, make_questionnaire, make_reply, count_queries, action):
    prepare, expected = ACTIONS[action]
    small = make_questionnaire("small")
    large = make_questionnaire("large", extra_questions=EXTRA_QUESTIONS)
    on_small = _statements_of(staff, count_queries, *prepare(small, states, ana, make_reply))
    on_large = _statements_of(staff, count_queries, *prepare(large, states, ana, make_reply))
    assert len(on_small) == len(on_large) == expected, on_large
    read_structure = [s for s in on_large if " clusters" in s or " questions" in s]
    assert read_structure == []  # no cluster or question is loaded to change a response or a deadline


def test_reopening_goes_back_to_the_states_row_and_tells_its_users(staff, db, small, states, ana, make_reply):
    submitted = make_reply(small, states["MEX"], ana, COMPLETE, status="submitted")
    response = staff.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/monitoring/{small.id}#state-MEX")
    db.expire_all()
    assert db.get(Response, submitted.id).status == "reopened"
    assert [m.recipient for m in db.scalars(select(OutboxMessage))] == ["ana@mex.example"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened"))
    assert event.target == f"response:{submitted.id}"
    assert event.details["state"] == "MEX" and event.details["questionnaire"] == small.id


def test_a_closed_questionnaire_refuses_reopening_and_goes_back_to_the_table(
        staff, db, small, states, ana, make_reply):
    submitted = make_reply(small, states["MEX"], ana, COMPLETE, status="submitted")
    db.get(Questionnaire, small.id).status = "closed"
    db.commit()
    refused = staff.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON}, follow_redirects=True)
    assert "The questionnaire is closed" in refused.get_data(as_text=True)
    db.expire_all()
    assert db.get(Response, submitted.id).status == "submitted"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened")) is None


def test_moving_the_deadline_is_audited_flashed_and_goes_back_to_the_table(staff, db, small):
    before = small.deadline
    response = staff.post(f"/monitoring/{small.id}/deadline", data={"deadline": _day(60), "reason": "Late"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/monitoring/{small.id}")
    table = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "The deadline is moved; every State&#39;s users are told." in table
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.deadline_changed"))
    assert event.target == f"questionnaire:{small.id}" and event.details["reason"] == "Late"
    assert event.details["before"] == {"deadline": before.isoformat()}
    db.expire_all()
    assert db.get(Questionnaire, small.id).deadline.date() == date.today() + timedelta(days=60)


def test_the_deadline_page_shows_the_deadline_in_force(staff, small):
    page = staff.get(f"/monitoring/{small.id}/deadline")
    assert page.status_code == 200 and "Deadline in force" in page.get_data(as_text=True)


def test_an_extension_for_a_state_that_has_not_started_creates_its_reply(staff, db, small, states, ana):
    response = staff.post(f"/monitoring/{small.id}/MEX/extend", data={"deadline": _day(45), "reason": "Elections"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/monitoring/{small.id}#state-MEX")
    table = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mexico has a new deadline; its users are told." in table
    reply = db.scalar(select(Response).where(Response.questionnaire_id == small.id))
    assert reply.state_id == states["MEX"].id and reply.status == "draft"
    assert reply.extended_deadline.date() == date.today() + timedelta(days=45)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.deadline_extended"))
    assert event.target == f"response:{reply.id}" and event.details["state"] == "MEX"
    assert [m.recipient for m in db.scalars(select(OutboxMessage))] == ["ana@mex.example"]


def test_the_extension_page_shows_the_states_own_deadline_in_force(staff, db, small, states, ana, make_reply):
    reply = make_reply(small, states["MEX"], ana, {"crim": "yes"})
    reply.extended_deadline = small.deadline + timedelta(days=30)
    db.commit()
    page = staff.get(f"/monitoring/{small.id}/MEX/extend").get_data(as_text=True)
    assert "Extend the deadline of Mexico" in page
    assert str(reply.extended_deadline.year) in page and reply.extended_deadline.strftime("%d") in page
    france = staff.get(f"/monitoring/{small.id}/FRA/extend").get_data(as_text=True)
    assert "Extend the deadline of France" in france and "Deadline in force" in france


@pytest.mark.parametrize("path", ("MEX/reopen", "deadline", "MEX/extend"))
def test_an_unknown_or_unanswered_questionnaire_is_not_found(staff, db, small, som, path):
    data = {"deadline": _day(45), "reason": REASON}
    events_before = db.scalars(select(AuditEvent.id)).all()
    for questionnaire_id in (som.id, small.id + som.id + 100):
        url = f"/monitoring/{questionnaire_id}/{path}"
        assert staff.get(url).status_code == 404, url
        assert staff.post(url, data=data).status_code == 404, url
    assert db.scalars(select(AuditEvent.id)).all() == events_before and db.scalar(select(OutboxMessage)) is None


@pytest.mark.parametrize("path", ("XXX/reopen", "XXX/extend"))
def test_an_unknown_state_is_not_found(staff, db, small, path):
    url = f"/monitoring/{small.id}/{path}"
    assert staff.get(url).status_code == 404
    assert staff.post(url, data={"deadline": _day(45), "reason": REASON}).status_code == 404
    assert db.scalar(select(Response)) is None


@pytest.mark.parametrize("path", ("MEX/reopen", "deadline", "MEX/extend"))
def test_only_the_secretariat_reaches_the_actions(client, login, make_user, small, path):
    login(make_user("focal_point"))
    url = f"/monitoring/{small.id}/{path}"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"deadline": _day(45), "reason": REASON}).status_code == 403


def test_the_extension_names_the_state_in_the_readers_language(app, staff, db, small, states, ana, make_reply):
    from flask_babel import force_locale
    from flask_babel import gettext as _
    from markupsafe import escape

    submitted = make_reply(small, states["MEX"], ana, COMPLETE, status="submitted")
    assert submitted.is_submitted
    page = staff.get(f"/monitoring/{small.id}/MEX/extend?lang=es").get_data(as_text=True)
    assert "México" in page and "Mexico" not in page.split("<main", 1)[1]
    refused = staff.post(f"/monitoring/{small.id}/MEX/extend", data={"deadline": _day(45), "reason": "Elecciones"})
    with app.test_request_context(), force_locale("es"):
        why = _("%(state)s has already submitted its reply: reopen it first if it needs more time.", state="México")
    assert refused.status_code == 400 and str(escape(why)) in refused.get_data(as_text=True)


def test_moving_the_deadline_reads_every_states_people_at_once(staff, db, small, states, ana, make_user,
                                                                count_queries):
    """Each State's users are told, and however many States have users, they are read in one statement (a message
    is one INSERT each)."""
    statements = []
    for days, iso3 in ((60, None), (70, "NGA"), (80, "FRA")):
        if iso3:
            make_user("expert", state=iso3, email=f"expert@{iso3.lower()}.example")
        statements.append((_statements_of(staff, count_queries, f"/monitoring/{small.id}/deadline",
                                              {"deadline": _day(days), "reason": "Late translation"})))
    reads = [[statement for statement in run if statement.startswith("SELECT")] for run in statements]
    assert len(reads[0]) == len(reads[1]) == len(reads[2])  # one more message each time, never one more read
    told = [m.recipient for m in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert told[-3:] == ["expert@fra.example", "ana@mex.example", "expert@nga.example"]  # in the order of the States
