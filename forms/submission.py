"""Submitting a State's reply (focal point only) and reopening it (secretariat); each step is audited."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from forms.answers import AnswersRefused, lock_for_writing
from forms.history import SUBMIT_ACTION
from forms.replies import Reply
from questionnaire.access import can_submit_reply
from questionnaire.locale import ngettext
from questionnaire.mail import notices
from questionnaire.models import ResponseStatus, Role, User, utcnow
from questionnaire.models.audit import record
from questionnaire.replies.reopening import ReopenRefused, reopen_response


class SubmissionRefused(Exception):
    """The reply was not submitted (or reopened); ``str()`` says why."""


def submit_reply(db: Session, reply: Reply, user: User, at: datetime | None = None) -> bool:
    """Submit ``reply`` for its State; returns whether the submission is late.

    Raises SubmissionRefused unless ``user`` is the State's focal point, the questionnaire is open,
    the reply is not yet submitted and every visible required question is answered.
    """
    if not can_submit_reply(user, reply.state):
        raise SubmissionRefused(_("Only the State's focal point can submit the reply."))
    if not reply.questionnaire.is_open:
        raise SubmissionRefused(_("This questionnaire is not open, so replies cannot be submitted."))
    if reply.response is None:
        raise SubmissionRefused(_("Nothing has been answered yet."))
    try:
        lock_for_writing(db, reply.response)
    except AnswersRefused:
        raise SubmissionRefused(_("This reply has already been submitted.")) from None
    missing = len(reply.progress().missing)
    if missing:
        raise SubmissionRefused(
            ngettext("%(num)s required question is still unanswered.", "%(num)s required questions are still unanswered.", missing)
        )
    now = at or utcnow()
    before = reply.response.status
    reply.response.mark_submitted(user, now)
    late = reply.is_late(now)
    record(
        db, user, SUBMIT_ACTION, f"response:{reply.response.id}",
        before={"status": before}, after={"status": ResponseStatus.SUBMITTED}, late=late,
        state=reply.state.iso3, questionnaire=reply.questionnaire.id,
    )
    db.flush()
    notices.reply_submitted(db, reply.response, user, late)
    return late


def mark_ready(db: Session, reply: Reply, user: User) -> None:
    """An expert tells the State's focal points that the reply is ready to submit; audited. Raises
    SubmissionRefused unless ``user`` is one of the State's experts and the reply is open for changes."""
    if not user.has_role(Role.EXPERT) or user.state_id != reply.state.id:
        raise SubmissionRefused(_("Only the State's experts mark the reply ready for the focal point."))
    if not reply.questionnaire.is_open or (reply.response is not None and reply.response.is_submitted):
        raise SubmissionRefused(_("This reply cannot be submitted now, so there is nothing to mark ready."))
    record(db, user, "response.ready", f"state:{reply.state.iso3}", questionnaire=reply.questionnaire.id)
    notices.reply_ready(db, reply.model, reply.state, user)
    db.flush()


def reopen_reply(db: Session, reply: Reply, user: User, reason: str) -> None:
    """Let the State change a submitted reply again (see ``questionnaire.replies.reopening``). Raises
    SubmissionRefused unless ``user`` is the secretariat, ``reason`` is given and the reply is submitted."""
    if reply.response is None:
        raise SubmissionRefused(_("Only a submitted reply can be reopened."))
    try:
        reopen_response(db, reply.response, user, reason)
    except ReopenRefused as refusal:
        raise SubmissionRefused(str(refusal)) from None
