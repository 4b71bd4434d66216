"""Deadlines that move: for everyone, or for one State; each State told, lateness following."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from questionnaire.replies.answering import effective_deadline, reply_is_late
from questionnaire.models import OutboxMessage, Questionnaire, Response, utcnow
from tests.factories import COMPLETE


def _day(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def test_effective_deadline_is_the_later_of_the_questionnaires_and_the_extension():
    class Q:
        deadline = datetime(2026, 6, 30)

    class R:
        extended_deadline = datetime(2026, 7, 31)
        submitted_at = None

    assert effective_deadline(Q(), None) == datetime(2026, 6, 30)
    assert effective_deadline(Q(), R()) == datetime(2026, 7, 31)
    assert reply_is_late(Q(), None, datetime(2026, 7, 15)) and not reply_is_late(Q(), R(), datetime(2026, 7, 15))
    R.extended_deadline = datetime(2026, 6, 1)  # the questionnaire's moved past an old extension
    assert effective_deadline(Q(), R()) == datetime(2026, 6, 30)


def test_moving_the_deadline_tells_every_states_users(client, db, small, make_user, login):
    login(make_user("secretariat"))
    make_user("focal_point", email="fp@mex.example")
    make_user("expert", state="FRA", email="ex@fra.example")
    response = client.post(f"/monitoring/{small.id}/deadline", data={"deadline": _day(60), "reason": "Late translation"})
    assert response.status_code == 302
    assert db.get(Questionnaire, small.id).deadline.date() == date.today() + timedelta(days=60)
    messages = db.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in messages) == ["ex@fra.example", "fp@mex.example"]
    assert all("Late translation" in m.body_text for m in messages)


@pytest.mark.parametrize(("data", "message"), [
    ({"deadline": _day(-1), "reason": "x"}, "must be in the future"),
    ({"deadline": _day(40), "reason": " "}, "Give the reason"),
])
def test_a_deadline_in_the_past_or_without_reason_is_refused(client, db, small, make_user, login, data, message):
    login(make_user("secretariat"))
    before = small.deadline
    response = client.post(f"/monitoring/{small.id}/deadline", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.get(Questionnaire, small.id).deadline == before
    assert db.scalar(select(OutboxMessage)) is None


def test_an_extension_moves_one_states_deadline_and_tells_only_that_state(
        client, db, states, small, make_user, login):
    login(make_user("secretariat"))
    make_user("focal_point", email="fp@mex.example")
    make_user("focal_point", state="FRA", email="fp@fra.example")
    response = client.post(f"/monitoring/{small.id}/MEX/extend", data={"deadline": _day(45), "reason": "Elections"})
    assert response.status_code == 302
    reply = db.scalar(select(Response).where(Response.state_id == states["MEX"].id))
    assert effective_deadline(small, reply).date() == date.today() + timedelta(days=45)
    assert not reply_is_late(small, reply, small.deadline + timedelta(days=5))
    assert [m.recipient for m in db.scalars(select(OutboxMessage))] == ["fp@mex.example"]
    login(make_user("focal_point"))
    assert "days left" in client.get("/answers/").get_data(as_text=True)


@pytest.mark.parametrize(("days", "submitted", "message"), [
    (10, False, "must end after the deadline in force"),
    (45, True, "has already submitted"),
])
def test_an_extension_before_the_deadline_or_for_a_submitted_state_is_refused(
        client, db, states, small, make_user, make_reply, login, days, submitted, message):
    focal = make_user("focal_point")
    if submitted:
        make_reply(small, states["MEX"], focal, COMPLETE, status="submitted")
    login(make_user("secretariat"))
    response = client.post(f"/monitoring/{small.id}/MEX/extend", data={"deadline": _day(days), "reason": "R"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalar(select(OutboxMessage)) is None
    assert db.scalar(select(Response.extended_deadline)) is None


def test_only_the_secretariat_moves_deadlines(client, small, make_user, login):
    login(make_user("focal_point"))
    assert client.post(f"/monitoring/{small.id}/MEX/extend", data={"deadline": _day(45), "reason": "R"}).status_code == 403
    assert client.post(f"/monitoring/{small.id}/deadline", data={"deadline": _day(45), "reason": "R"}).status_code == 403
