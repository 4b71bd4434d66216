"""Moving deadlines: the questionnaire's (for everyone) and one State's extension, each with a reason.

Both are audited and tell the people concerned by mail in the same transaction. Lateness, days left and
reminders follow by themselves: they all ask ``questionnaire.replies.answering.effective_deadline``.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.locale import state_name
from questionnaire.replies.answering import effective_deadline
from questionnaire.mail import notices
from questionnaire.models import Questionnaire, Response, Role, State, User, utcnow
from questionnaire.models.audit import record


class DeadlineRefused(ValueError):
    """The deadline was not changed; ``str()`` says why."""


def _check(questionnaire: Questionnaire, user: User, reason: str, deadline: datetime | None, now: datetime) -> str:
    if not user.has_role(Role.SECRETARIAT):
        raise DeadlineRefused(_("Only the secretariat can move a deadline."))
    if not questionnaire.is_open:
        raise DeadlineRefused(_("Only the deadline of an open questionnaire can be moved."))
    if deadline is None or deadline <= now:
        raise DeadlineRefused(_("The new deadline must be in the future."))
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineRefused(_("Give the reason: the States will read it."))
    return reason


def change_deadline(db: Session, questionnaire: Questionnaire, user: User, deadline: datetime, reason: str,
                    now: datetime | None = None) -> None:
    """Move the deadline of an open questionnaire and tell every State's users. Raises DeadlineRefused
    (changing nothing) unless the secretariat gives a reason and a future date. Only flushes."""
    reason = _check(questionnaire, user, reason, deadline, now or utcnow())
    before = questionnaire.deadline
    questionnaire.deadline = deadline
    record(db, user, "questionnaire.deadline_changed", f"questionnaire:{questionnaire.id}",
           before={"deadline": before.isoformat() if before else None}, after={"deadline": deadline.isoformat()},
           reason=reason)
    national = db.scalars(select(State).join(User, User.state_id == State.id)
                          .where(User.active.is_(True)).distinct().order_by(State.iso3)).all()
    notices.deadline_moved(db, questionnaire, national, deadline, reason, extension=False)
    db.flush()


def grant_extension(db: Session, questionnaire: Questionnaire, state: State, user: User, deadline: datetime,
                    reason: str, now: datetime | None = None) -> Response:
    """Give ``state`` alone a later deadline and tell its users, reading its response first; see
    ``grant_extension_to_reply``."""
    response = db.scalar(select(Response).where(Response.questionnaire_id == questionnaire.id,
                                                Response.state_id == state.id))
    return grant_extension_to_reply(db, questionnaire, state, response, user, deadline, reason, now)


def grant_extension_to_reply(db: Session, questionnaire: Questionnaire, state: State, response: Response | None,
                             user: User, deadline: datetime, reason: str, now: datetime | None = None) -> Response:
    """Give ``state`` alone a later deadline and tell its users. ``response`` is the State's response to
    ``questionnaire`` as the caller read it, None only when the State has none. Returns the response (created,
    empty, when it had not started). Raises DeadlineRefused unless the secretariat gives a reason and a future
    date later than the deadline in force for the State, and the State has not submitted. Only flushes."""
    reason = _check(questionnaire, user, reason, deadline, now or utcnow())
    if response is not None and response.is_submitted:
        raise DeadlineRefused(_("%(state)s has already submitted its reply: reopen it first if it needs more time.",
                                state=state_name(state)))
    in_force = effective_deadline(questionnaire, response)
    if in_force is not None and deadline <= in_force:
        raise DeadlineRefused(_("An extension must end after the deadline in force for the State."))
    if response is None:
        response = Response(questionnaire=questionnaire, state=state)
        db.add(response)
    before = response.extended_deadline
    response.extended_deadline, response.extension_reason = deadline, reason
    db.flush()
    record(db, user, "response.deadline_extended", f"response:{response.id}",
           before={"deadline": (before or in_force).isoformat() if (before or in_force) else None},
           after={"deadline": deadline.isoformat()}, reason=reason, state=state.iso3, questionnaire=questionnaire.id)
    notices.deadline_moved(db, questionnaire, [state], deadline, reason, extension=True)
    db.flush()
    return response
