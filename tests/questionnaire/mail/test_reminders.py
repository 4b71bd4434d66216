"""Reminders before and after the deadline in force, never twice; the secretariat's weekly digest."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from questionnaire.mail.reminders import queue_due_reminders, reminder_step
from questionnaire.models import OutboxMessage, Questionnaire, Response, utcnow
from tests.factories import COMPLETE

DEADLINE = datetime(2026, 6, 30, 23, 59)
DUE = ("The reply of %(state)s to \"%(title)s\" is due on %(date)s (UTC), in %(num)s day, and is not yet submitted.",
       "The reply of %(state)s to \"%(title)s\" is due on %(date)s (UTC), in %(num)s days, and is not yet submitted.")
#: The French words of the reminder (one, many, other), laid over the catalogue's, so that the test says it is
#: written in the focal point's language whatever the catalogue holds today.
FRENCH = {"fr": {(None, DUE): tuple(f"La réponse de %(state)s à « %(title)s » doit être rendue le %(date)s (UTC), "
                                    f"dans %(num)s {days}, et n’a pas encore été soumise."
                                    for days in ("jour", "de jours", "jours"))}}


@pytest.mark.parametrize(("left", "step"), [
    (timedelta(days=40), None), (timedelta(days=30), "30"), (timedelta(days=20), "30"), (timedelta(days=14), "14"),
    (timedelta(days=5), "7"), (timedelta(hours=3), "1"), (timedelta(seconds=-1), "after"),
])
def test_the_step_due_is_the_tightest_one_reached(left, step):
    assert reminder_step(DEADLINE, DEADLINE - left, [30, 14, 7, 1]) == step


def test_reminders_reach_the_states_not_submitted_once_in_their_language_with_the_link(
        app, db, states, small, make_user, make_reply, smtp, run_worker, text_of, lay_words):
    lay_words(FRENCH)
    make_user("focal_point", email="fp@mex.example", locale="fr")
    make_user("expert", email="ex@mex.example")
    fra = make_user("focal_point", state="FRA", email="fp@fra.example")
    make_reply(small, states["FRA"], fra, COMPLETE, status="submitted")
    make_user("secretariat", email="sec@un.example")
    questionnaire = db.get(Questionnaire, small.id)
    questionnaire.deadline = utcnow() + timedelta(days=5, hours=12)
    db.commit()
    run_worker()
    run_worker()  # the worker running twice queues nothing again
    assert sorted(m["To"] for m in smtp.inbox.messages) == ["ex@mex.example", "fp@mex.example", "sec@un.example"]
    reminder = smtp.inbox.to("fp@mex.example")[0]
    assert reminder["Content-Language"] == "fr"
    assert f"https://saq.example.org/answers/{small.id}/MEX" in text_of(reminder)
    assert "dans 6 jours" in text_of(reminder)  # written in the focal point's language
    digest = text_of(smtp.inbox.to("sec@un.example")[0])
    assert "Latin American and Caribbean States: 0 / 0 / " in digest and f"/monitoring/{small.id}" in digest
    # the day after the deadline: one more, once
    questionnaire.deadline = utcnow() - timedelta(hours=2)
    db.commit()
    run_worker()
    run_worker()
    after = [m for m in smtp.inbox.to("ex@mex.example")]
    assert len(after) == 2 and "passed" in text_of(after[1])
    assert len(smtp.inbox.messages) == 5


@pytest.mark.parametrize(("left", "said"), [(timedelta(hours=5), "in 1 day, and"),  # the last day's: never "0 days"
                                             (timedelta(days=1, hours=12), "in 2 days, and"),
                                             (timedelta(days=5, hours=12), "in 6 days, and")])
def test_a_reminder_counts_the_days_left_in_words_that_read_right_for_one(
        db, small, make_user, smtp, run_worker, text_of, left, said):
    make_user("focal_point", email="fp@mex.example")
    db.get(Questionnaire, small.id).deadline = utcnow() + left
    db.commit()
    run_worker()
    (reminder,) = smtp.inbox.to("fp@mex.example")
    assert said in text_of(reminder) and said in text_of(reminder, "html")


def test_an_extension_starts_the_reminders_again_for_the_new_deadline(app, db, states, small, make_user):
    make_user("focal_point", email="fp@mex.example")
    questionnaire = db.get(Questionnaire, small.id)
    now = questionnaire.deadline - timedelta(days=3)
    with app.app_context():
        assert queue_due_reminders(db, now) == 1
        assert queue_due_reminders(db, now) == 0
        db.commit()
        reply = Response(questionnaire=questionnaire, state=states["MEX"],
                         extended_deadline=questionnaire.deadline + timedelta(days=20))
        db.add(reply)
        db.commit()
        assert queue_due_reminders(db, now) == 1  # 23 days left to the new deadline: its 30-day one
        assert queue_due_reminders(db, now) == 0
        assert queue_due_reminders(db, now + timedelta(days=10)) == 1  # then its 14-day one
        db.commit()
    keys = [m.dedupe_key for m in db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert len(keys) == len(set(keys)) == 3


def test_the_weekly_digest_names_the_regional_groups_in_its_readers_language(app, db, small, make_user, lay_words):
    lay_words({"fr": {(None, "Latin American and Caribbean States"): "États d’Amérique latine et des Caraïbes",
                      (None, "%(group)s: %(submitted)s / %(in_progress)s / %(not_started)s / %(late)s"):
                          "%(group)s\u00a0: %(submitted)s / %(in_progress)s / %(not_started)s / %(late)s"}})
    reader = make_user("secretariat", email="sec@un.example", locale="fr")
    with app.app_context():
        queue_due_reminders(db, utcnow())
        db.commit()
    (digest,) = db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest",
                                                       OutboxMessage.user_id == reader.id))
    assert "  États d’Amérique latine et des Caraïbes\u00a0: 0 / 0 / " in digest.body_text  # the line is one sentence
    assert ">États d’Amérique latine et des Caraïbes</th>" in digest.body_html
    assert "Latin American" not in digest.body_text + digest.body_html
