"""An answer's history on the reply pages: every value it held, who wrote it, when, in which language,
and, after a reopening, which answers changed since the reply was last submitted."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
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
