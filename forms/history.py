"""An answer's history on the reply pages: every value it held, who wrote it, when, in which language,
and, after a reopening, which answers changed since the reply was last submitted."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, joinedload

from questionnaire.models import Answer, AnswerChange, AuditEvent, Response

#: The audit action written when a reply is submitted (see ``forms.submission``).
SUBMIT_ACTION = "response.submitted"


@dataclass
class ReplyHistory:
    """Each answer's changes, oldest first, by question id, and the moment of the last submission."""

    changes: dict[int, list[AnswerChange]] = field(default_factory=dict)
    last_submitted_at: datetime | None = None

    def changed_since_submission(self, question_id: int, current: Any) -> bool:
        """Whether the answer now differs from what it was when the reply was last submitted
        (an answer changed and changed back is not "changed"). False before any submission."""
        if self.last_submitted_at is None:
            return False
        submitted_value = None
        for change in self.changes.get(question_id, ()):
            if change.changed_at > self.last_submitted_at:
                break
            submitted_value = change.value
        return submitted_value != current

    def changed_question_ids(self, values_by_id: dict[int, Any]) -> set[int]:
        ids = set(self.changes) | set(values_by_id)
        return {qid for qid in ids if self.changed_since_submission(qid, values_by_id.get(qid))}


def last_submitted_at(db: Session, response: Response) -> datetime | None:
    """When ``response`` was last submitted (it may since have been reopened), from the audit log."""
    return db.scalar(
        select(func.max(AuditEvent.at))
        .where(AuditEvent.action == SUBMIT_ACTION, AuditEvent.target == f"response:{response.id}")
    )


@dataclass(frozen=True)
class SinceSubmission:
    """What the review page shows of the history: when the reply was last submitted (None: never) and the
    ids of the questions whose answer differs now from what was submitted."""

    last_submitted_at: datetime | None
    changed_question_ids: frozenset[int]


def changes_since_submission(db: Session, response: Response | None, values_by_id: dict[int, Any]) -> SinceSubmission:
    """Which answers of ``response`` (current values ``values_by_id``, by question id) differ from the
    reply last submitted: the same verdict as ``ReplyHistory.changed_question_ids``, from one value per
    answer (its latest change at or before the submission) instead of every change ever made. At most two
    queries, whatever the length of the history."""
    submitted_at = last_submitted_at(db, response) if response is not None else None
    if submitted_at is None:
        return SinceSubmission(None, frozenset())
    at_submission = (
        select(AnswerChange.answer_id, func.max(AnswerChange.revision).label("revision"))
        .join(Answer, AnswerChange.answer_id == Answer.id)
        .where(Answer.response_id == response.id, AnswerChange.changed_at <= submitted_at)
        .group_by(AnswerChange.answer_id)
        .subquery()
    )
    submitted = dict(db.execute(
        select(Answer.question_id, AnswerChange.value)
        .join(at_submission, and_(AnswerChange.answer_id == at_submission.c.answer_id,
                                  AnswerChange.revision == at_submission.c.revision))
        .join(Answer, AnswerChange.answer_id == Answer.id)
    ).all())
    ids = set(submitted) | set(values_by_id)
    return SinceSubmission(submitted_at, frozenset(
        qid for qid in ids if submitted.get(qid) != values_by_id.get(qid)))


def load_history(db: Session, response: Response | None) -> ReplyHistory:
    """The history of every answer of ``response`` (two queries, whatever the number of answers)."""
    history = ReplyHistory()
    if response is None:
        return history
    rows = db.execute(
        select(AnswerChange, Answer.question_id).join(Answer, AnswerChange.answer_id == Answer.id)
        .where(Answer.response_id == response.id)
        .options(joinedload(AnswerChange.changed_by))
        .order_by(AnswerChange.answer_id, AnswerChange.revision)
    )
    for change, question_id in rows:
        history.changes.setdefault(question_id, []).append(change)
    history.last_submitted_at = last_submitted_at(db, response)
    return history
