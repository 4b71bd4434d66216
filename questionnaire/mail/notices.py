"""Notices about a State's reply and its deadline: who is told, in one place for every stage.

Each function queues its messages in the caller's transaction (see ``outbox.queue_mail``) and only
flushes, so the notice goes out if, and only if, the change it reports is committed. Each message names the
questionnaire by its title in the recipient's language (the source title where it has no current
translation) and the State by its name in that language.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.locale import state_name
from questionnaire.mail.outbox import (
    absolute_url,
    language_of,
    once_per_language,
    queue_mail,
    secretariat_users,
    state_users,
    users_of_states,
)
from questionnaire.models import Questionnaire, Response, Role, State, User
from questionnaire.texts import LocalizedQuestionnaire, localized


def as_read_by(db: Session, questionnaire: Questionnaire) -> Callable[[User], LocalizedQuestionnaire]:
    """A function giving ``questionnaire`` as a recipient reads it (see ``questionnaire.texts.localized``):
    its translations are read once per language."""
    return once_per_language(lambda language: localized(db, questionnaire, language))


def _reply_link(endpoint: str, questionnaire: Questionnaire, state: State) -> str:
    return absolute_url(endpoint, questionnaire_id=questionnaire.id, iso3=state.iso3)


def reply_submitted(db: Session, response: Response, by: User, late: bool) -> None:
    """A receipt to the State's users and a notice to the secretariat."""
    questionnaire, state = response.questionnaire, response.state
    as_read = as_read_by(db, questionnaire)
    receipt = _reply_link("forms.receipt", questionnaire, state)
    for user in state_users(db, state):
        shown = as_read(user)
        queue_mail(db, user, "reply_submitted", lambda: _("Reply submitted: %(title)s", title=shown.title),
                   questionnaire=shown, state=state, by=by, late=late, link=receipt,
                   submitted_at=response.submitted_at)
    monitoring = absolute_url("monitoring.table", questionnaire_id=questionnaire.id)
    for user in secretariat_users(db):
        named = state_name(state, language_of(user))
        queue_mail(db, user, "reply_submitted_secretariat",
                   lambda: _("%(state)s submitted its reply", state=named),
                   questionnaire=as_read(user), state=state, by=by, late=late, link=monitoring)


def reply_reopened(db: Session, response: Response, reason: str) -> None:
    """The State's users learn that their reply is open again, and why."""
    questionnaire, state = response.questionnaire, response.state
    as_read = as_read_by(db, questionnaire)
    link = _reply_link("forms.review", questionnaire, state)
    for user in state_users(db, state):
        shown = as_read(user)
        queue_mail(db, user, "reply_reopened", lambda: _("Your reply was reopened: %(title)s", title=shown.title),
                   questionnaire=shown, state=state, reason=reason, link=link)


def reply_ready(db: Session, questionnaire: Questionnaire, state: State, expert: User) -> None:
    """The State's focal points learn that an expert considers the reply ready to submit."""
    as_read = as_read_by(db, questionnaire)
    link = _reply_link("forms.review", questionnaire, state)
    for user in state_users(db, state, (Role.FOCAL_POINT,)):
        shown = as_read(user)
        queue_mail(db, user, "reply_ready", lambda: _("The reply is ready for you to submit: %(title)s",
                                                      title=shown.title),
                   questionnaire=shown, state=state, expert=expert, link=link)


def deadline_moved(db: Session, questionnaire: Questionnaire, states: Iterable[State], deadline: datetime,
                   reason: str, extension: bool) -> None:
    """The users of each of ``states`` learn their new deadline (the questionnaire's, or one granted to their
    State alone)."""
    as_read = as_read_by(db, questionnaire)
    states = list(states)
    people = users_of_states(db, [state.id for state in states])  # one query, however many States
    for state in states:
        link = absolute_url("forms.overview", questionnaire_id=questionnaire.id, iso3=state.iso3)
        for user in people.get(state.id, []):
            shown = as_read(user)
            queue_mail(db, user, "deadline_moved",
                       (lambda: _("Extension granted: %(title)s", title=shown.title)) if extension
                       else (lambda: _("New deadline: %(title)s", title=shown.title)),
                       questionnaire=shown, state=state, deadline=deadline, reason=reason,
                       extension=extension, link=link)
