"""The review page reads of the history only what it shows: one value per answer (as submitted), never
every change; its verdict agrees with the full history; its queries do not grow with the history."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, insert, select

from forms.history import SUBMIT_ACTION, changes_since_submission, load_history
from questionnaire.models import Answer, AnswerChange, AuditEvent, Response
from tests.factories import q_of

SUBMITTED = datetime(2026, 3, 1, 12, 0)


def write_history(db, questionnaire, state, user, histories: dict[str, list[tuple[int, object]]], submitted=True):
    """A reopened reply whose answers went through ``histories`` (per key: (minutes from the submission,
    value) in order, the last being the current value); the submission is in the audit log."""
    response = Response(questionnaire_id=questionnaire.id, state_id=state.id)
    db.add(response)
    db.flush()
    for key, changes in histories.items():
        answer = Answer(response_id=response.id, question_id=q_of(questionnaire, key).id, value=changes[-1][1],
                        revision=len(changes), updated_at=SUBMITTED, updated_by_id=user.id)
        db.add(answer)
        db.flush()
        db.execute(insert(AnswerChange), [
            {"answer_id": answer.id, "revision": n, "value": value, "language": "en",
             "changed_at": SUBMITTED + timedelta(minutes=minutes), "changed_by_id": user.id}
            for n, (minutes, value) in enumerate(changes, start=1)
        ])
    if submitted:
        db.add(AuditEvent(at=SUBMITTED, user_id=user.id, action=SUBMIT_ACTION, target=f"response:{response.id}",
                          details={}))
    db.commit()
    return response


HISTORIES = {
    "crim": [(-60, "no"), (-5, "yes"), (30, "partly"), (40, "yes")],  # changed and changed back: unchanged
    "crim.law": [(-50, "Act 5"), (20, "Act 5 of 2024")],  # changed since
    "crim.why": [(10, "New text")],  # first written after the submission: changed
    "agree": [(-30, "bi")],  # untouched
    "authority": [(-30, "Police"), (-20, "Border police")],  # changed twice before: unchanged
}


@pytest.mark.parametrize("submitted", (True, False))
def test_the_verdict_from_one_value_per_answer_is_the_full_historys(db, small, states, make_user, submitted):
    user = make_user("focal_point")
    response = write_history(db, small, states["MEX"], user, HISTORIES, submitted=submitted)
    values = {q_of(small, key).id: changes[-1][1] for key, changes in HISTORIES.items()}
    full = load_history(db, response)
    read = changes_since_submission(db, response, values)
    assert read.changed_question_ids == full.changed_question_ids(values)
    assert read.last_submitted_at == full.last_submitted_at
    expected = {q_of(small, key).id for key in ("crim.law", "crim.why")} if submitted else set()
    assert read.changed_question_ids == expected


@contextmanager
def changes_loaded():
    """Counts the AnswerChange rows loaded as objects inside it."""
    loaded = []

    def count(target, _context):
        loaded.append(target)

    event.listen(AnswerChange, "load", count)
    try:
        yield loaded
    finally:
        event.remove(AnswerChange, "load", count)


def test_the_review_page_reads_no_change_and_the_same_queries_however_long_the_history(
        db, small, states, make_user, login, count_queries):
    focal = make_user("focal_point")
    client = login(focal)
    write_history(db, small, states["MEX"], focal, HISTORIES)
    url = f"/answers/{small.id}/MEX/review"

    def measured() -> tuple[int, int, str]:
        with count_queries() as queries, changes_loaded() as loaded:
            page = client.get(url)
        assert page.status_code == 200
        return queries.count, len(loaded), page.get_data(as_text=True)

    measured()  # the app keeps the questionnaire's structure and translations from the first view on
    short_queries, short_loaded, short_page = measured()
    law = db.scalar(select(Answer).where(Answer.question_id == q_of(small, "crim.law").id))
    db.execute(insert(AnswerChange), [  # 200 more changes after the submission, the last one back to "Act 5"
        {"answer_id": law.id, "revision": n, "value": "Act 5" if n == 202 else f"Draft {n}", "language": "en",
         "changed_at": SUBMITTED + timedelta(minutes=30 + n), "changed_by_id": focal.id} for n in range(3, 203)
    ])
    law.value, law.revision = "Act 5", 202
    db.commit()
    long_queries, long_loaded, long_page = measured()
    assert short_loaded == long_loaded == 0
    assert short_queries == long_queries
    assert "Changed since the last submission (2)" in short_page
    assert "Changed since the last submission (1)" in long_page  # the law is back to its submitted text
