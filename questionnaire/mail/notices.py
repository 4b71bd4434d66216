"""Notices about a State's reply and its deadline: who is told, in one place for every stage.

Each function queues its messages in the caller's transaction (see ``outbox.queue_mail``) and only
flushes, so the notice goes out if, and only if, the change it reports is committed.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.mail.outbox import absolute_url, queue_mail, secretariat_users, state_users
from questionnaire.models import Questionnaire, Response, Role, State, User


def _reply_link(endpoint: str, questionnaire: Questionnaire, state: State) -> str:
    return absolute_url(endpoint, questionnaire_id=questionnaire.id, iso3=state.iso3)


def reply_submitted(db: Session, response: Response, by: User, late: bool) -> None:
    """A receipt to the State's users and a notice to the secretariat."""
    questionnaire, state = response.questionnaire, response.state
    receipt = _reply_link("forms.receipt", questionnaire, state)
    for user in state_users(db, state):
        queue_mail(db, user, "reply_submitted", lambda: _("Reply submitted: %(title)s", title=questionnaire.title),
                   questionnaire=questionnaire, state=state, by=by, late=late, link=receipt,
                   submitted_at=response.submitted_at)
    monitoring = absolute_url("monitoring.table", questionnaire_id=questionnaire.id)
    for user in secretariat_users(db):
        queue_mail(db, user, "reply_submitted_secretariat",
                   lambda: _("%(state)s submitted its reply", state=state.name),
                   questionnaire=questionnaire, state=state, by=by, late=late, link=monitoring)


def reply_reopened(db: Session, response: Response, reason: str) -> None:
    """The State's users learn that their reply is open again, and why."""
    questionnaire, state = response.questionnaire, response.state
    link = _reply_link("forms.review", questionnaire, state)
    for user in state_users(db, state):
        queue_mail(db, user, "reply_reopened", lambda: _("Your reply was reopened: %(title)s", title=questionnaire.title),
                   questionnaire=questionnaire, state=state, reason=reason, link=link)


def reply_ready(db: Session, questionnaire: Questionnaire, state: State, expert: User) -> None:
    """The State's focal points learn that an expert considers the reply ready to submit."""
    link = _reply_link("forms.review", questionnaire, state)
    for user in state_users(db, state, (Role.FOCAL_POINT,)):
        queue_mail(db, user, "reply_ready", lambda: _("The reply is ready for you to submit: %(title)s",
                                                      title=questionnaire.title),
                   questionnaire=questionnaire, state=state, expert=expert, link=link)


def deadline_moved(db: Session, questionnaire: Questionnaire, state: State, deadline: datetime, reason: str,
                   extension: bool) -> None:
    """The State's users learn their new deadline (the questionnaire's, or one granted to them alone)."""
    link = absolute_url("forms.overview", questionnaire_id=questionnaire.id, iso3=state.iso3)
    for user in state_users(db, state):
        queue_mail(db, user, "deadline_moved",
                   (lambda: _("Extension granted: %(title)s", title=questionnaire.title)) if extension
                   else (lambda: _("New deadline: %(title)s", title=questionnaire.title)),
                   questionnaire=questionnaire, state=state, deadline=deadline, reason=reason,
                   extension=extension, link=link)
