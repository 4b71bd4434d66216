"""The questionnaire's life: draft → endorsed → adopted → open → closed.

Each step checks where the questionnaire stands, stamps the date, and records who did it.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.status_labels import status_label
from questionnaire.models import Questionnaire, QuestionnaireStatus, User, utcnow
from questionnaire.models.audit import record
from questionnaire.definitions.checks import definition_problems

S = QuestionnaireStatus


class TransitionRefused(Exception):
    """Raised when a step does not apply to the questionnaire as it stands; ``str()`` says why and
    ``problems`` lists what must be fixed first (empty when the reason says it all)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__("\n".join([message, *self.problems]))


def _require(questionnaire: Questionnaire, *allowed: QuestionnaireStatus) -> None:
    if questionnaire.status not in allowed:
        raise TransitionRefused(
            _("This step is not possible while the questionnaire is %(status)s.", status=status_label(questionnaire.status).lower())
        )


def _audit(db: Session, user: User | None, questionnaire: Questionnaire, before: str, **details) -> None:
    record(
        db, user, f"questionnaire.{questionnaire.status}", f"questionnaire:{questionnaire.id}",
        before={"status": before}, after={"status": questionnaire.status}, **details,
    )


def endorse(db: Session, questionnaire: Questionnaire, user: User | None, body: str, at: datetime | None = None) -> None:
    """Record the working group's endorsement of a draft.

    Raises ``TransitionRefused`` unless it is a draft, the body is named and the definition has no error
    (the refusal lists every error).
    """
    _require(questionnaire, S.DRAFT)
    if not body.strip():
        raise TransitionRefused(_("Name the body that endorsed the questionnaire."))
    problems = definition_problems(questionnaire)
    if problems:
        raise TransitionRefused(_("The questionnaire cannot be endorsed until these errors are fixed:"), problems)
    before = questionnaire.status
    questionnaire.endorsed_at = at or utcnow()
    questionnaire.endorsed_by = body.strip()
    questionnaire.status = S.ENDORSED
    _audit(db, user, questionnaire, before, body=questionnaire.endorsed_by)


def adopt(db: Session, questionnaire: Questionnaire, user: User | None, at: datetime | None = None) -> None:
    """Record the Conference's adoption of an endorsed questionnaire."""
    _require(questionnaire, S.ENDORSED)
    before = questionnaire.status
    questionnaire.adopted_at = at or utcnow()
    questionnaire.status = S.ADOPTED
    _audit(db, user, questionnaire, before)


def open_for_answers(db: Session, questionnaire: Questionnaire, user: User | None, deadline: datetime | None) -> None:
    """Open an adopted questionnaire to the States parties, with a deadline in the future."""
    _require(questionnaire, S.ADOPTED)
    now = utcnow()
    if deadline is None:
        raise TransitionRefused(_("Give the deadline for answers."))
    if deadline <= now:
        raise TransitionRefused(_("The deadline must be in the future."))
    before = questionnaire.status
    questionnaire.opens_at = now
    questionnaire.deadline = deadline
    questionnaire.status = S.OPEN
    _audit(db, user, questionnaire, before, deadline=deadline.isoformat())


def close(db: Session, questionnaire: Questionnaire, user: User | None) -> None:
    """Close an open questionnaire: no further answers or submissions."""
    _require(questionnaire, S.OPEN)
    before = questionnaire.status
    questionnaire.closed_at = utcnow()
    questionnaire.status = S.CLOSED
    _audit(db, user, questionnaire, before)
