"""The life-cycle steps the questionnaire page offers, taken with what their forms hold: a recorded
session chosen by its id, a day, a resolution number."""
from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire import lifecycle
from questionnaire.models import Meeting, Questionnaire, User


def _meeting(db: Session, meeting_id: int | None) -> Meeting:
    meeting = db.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None:
        raise lifecycle.TransitionRefused(_("Choose the session (record it first on the drafting round page)."))
    return meeting


def endorse(db: Session, questionnaire: Questionnaire, user: User, meeting_id: int | None, on: date | None) -> None:
    """Record the Working Group's endorsement at the session ``meeting_id`` on ``on``.
    Raises ``TransitionRefused``, for an unknown session too."""
    lifecycle.endorse(db, questionnaire, user, _meeting(db, meeting_id), at=on)


def adopt(db: Session, questionnaire: Questionnaire, user: User, meeting_id: int | None, on: date | None,
          resolution: str | None) -> None:
    """Record the Conference's adoption at the session ``meeting_id`` on ``on`` by ``resolution``.
    Raises ``TransitionRefused``."""
    lifecycle.adopt(db, questionnaire, user, at=on, meeting=_meeting(db, meeting_id), resolution=resolution)


def open_for_answers(db: Session, questionnaire: Questionnaire, user: User, last_day: date) -> None:
    """Open the questionnaire for answers until the end of ``last_day`` (UTC). Raises ``TransitionRefused``."""
    lifecycle.open_for_answers(db, questionnaire, user, datetime.combine(last_day, time(23, 59, 59)))


def close(db: Session, questionnaire: Questionnaire, user: User) -> None:
    """Close the questionnaire to answers. Raises ``TransitionRefused``."""
    lifecycle.close(db, questionnaire, user)
