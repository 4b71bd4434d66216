"""Who may read, write, submit or export a State's reply: every access rule, and the lookups that 404.

Response queries are scoped to the current user here and nowhere else; the answering forms, the exports
and the secretariat's pages all ask these functions.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Select, and_, bindparam, false, select, true
from sqlalchemy.orm import Session, selectinload

from questionnaire.models import ANSWERING_STAGES, Cluster, Questionnaire, Response, ResponseStatus, Role, State, User


def readable_responses(user: User) -> ColumnElement[bool]:
    """The condition on ``Response`` of what ``user`` may read.

    National roles: their own State's responses. Reviewers: submitted responses only (a draft or a reopened
    reply is still being written). The secretariat: everything.
    """
    return _readable(user.role, user.state_id)


def readable_responses_of_role(role: Role) -> ColumnElement[bool]:
    """``readable_responses`` of anyone with ``role``, a national user's own State left as the bound parameter
    ``reader_state``: for a statement built once and run for many people (``reader_state`` = their State)."""
    return _readable(role, bindparam("reader_state"))


def _readable(role: Role, own_state: Any) -> ColumnElement[bool]:
    if role.is_national:
        return Response.state_id == own_state
    if role is Role.DELEGATE:  # a delegate drafts with the others, never reads a reply
        return false()
    if role is Role.REVIEWER:
        return Response.status == ResponseStatus.SUBMITTED
    return true()


def scope_responses(query: Select, user: User) -> Select:
    """Restrict a query over ``Response`` to what ``user`` may read (``readable_responses``)."""
    return query.where(readable_responses(user))


def responses_visible_to(user: User) -> Select:
    return scope_responses(select(Response), user)


def can_read_state(user: User, state: State) -> bool:
    return can_read_state_id(user, state.id)


def can_read_state_id(user: User, state_id: int) -> bool:
    if user.role is Role.DELEGATE:
        return False
    return not user.is_national or user.state_id == state_id


def can_write_reply(user: User, state: State) -> bool:
    """Only the State's own focal point and experts change its answers."""
    return can_write_state_id(user, state.id)


def can_write_state_id(user: User, state_id: int) -> bool:
    return user.has_role(Role.FOCAL_POINT, Role.EXPERT) and user.state_id == state_id


def can_submit_reply(user: User, state: State) -> bool:
    """Only the State's own focal point submits its reply."""
    return user.has_role(Role.FOCAL_POINT) and user.state_id == state.id


def can_export_unsubmitted(user: User | None, state: State | None = None) -> bool:
    """Whether ``user`` may export replies not yet submitted (drafts, reopened replies).

    The secretariat and the command line (``user`` ``None``) may, for every State; a State's own focal
    point and experts may for their State's workbook (``state``). Reviewers read submitted replies only.
    """
    if user is None or user.has_role(Role.SECRETARIAT):
        return True
    return state is not None and user.is_national and user.state_id == state.id


def get_state_or_404(db: Session, user: User, iso3: str) -> State:
    """The State with this code if ``user`` may read its data; 404 otherwise (never 403: no hint it exists)."""
    state = db.scalar(select(State).where(State.iso3 == iso3.upper()))
    if state is None or not can_read_state(user, state):
        abort(404)
    return state


def get_questionnaire_or_404(db: Session, questionnaire_id: int, *, answering: bool = False) -> Questionnaire:
    """The questionnaire with its clusters and their questions loaded (three queries); 404 when there is
    none or, with ``answering``, when States do not answer it (yet): a draft, endorsed or adopted one."""
    questionnaire = db.scalar(
        select(Questionnaire).where(Questionnaire.id == questionnaire_id)
        .options(selectinload(Questionnaire.clusters).selectinload(Cluster.questions))
    )
    if questionnaire is None or (answering and questionnaire.status not in ANSWERING_STAGES):
        abort(404)
    return questionnaire


def get_answered_questionnaire_or_404(db: Session, questionnaire_id: int) -> Questionnaire:
    """The questionnaire row alone (for pages that read its clusters and questions otherwise, or not at all);
    404 when there is none or States do not answer it (yet)."""
    questionnaire = db.get(Questionnaire, questionnaire_id)
    if questionnaire is None or questionnaire.status not in ANSWERING_STAGES:
        abort(404)
    return questionnaire


@lru_cache(maxsize=None)
def reply_lookup(role: Role, *columns: Any) -> Select:
    """A statement of ``columns`` over one State (the bound parameter ``iso3``), a questionnaire (bound
    ``questionnaire_id``) and that State's response to it as far as anyone with ``role`` may read it (none: not
    started, or not readable), built once per role and columns; run it with ``reply_lookup_parameters`` and check
    what it found with ``reply_readable_or_404``."""
    return (
        select(*columns).select_from(State)
        .join(Questionnaire, Questionnaire.id == bindparam("questionnaire_id"))
        .outerjoin(Response, and_(Response.questionnaire_id == Questionnaire.id, Response.state_id == State.id,
                                  readable_responses_of_role(role)))
        .where(State.iso3 == bindparam("iso3"))
    )


def reply_lookup_parameters(user: User, questionnaire_id: int, iso3: str) -> dict[str, Any]:
    return {"questionnaire_id": questionnaire_id, "iso3": iso3.upper(), "reader_state": user.state_id}


def reply_readable_or_404(user: User, state_id: int | None, status: Any) -> None:
    """404 unless a lookup found a State (``state_id``; None: none found) that ``user`` may read, with a
    questionnaire States answer (its ``status``)."""
    if state_id is None or not can_read_state_id(user, state_id) or status not in ANSWERING_STAGES:
        abort(404)


def get_reply_rows_or_404(
    db: Session, user: User, questionnaire_id: int, iso3: str, *options: Any
) -> tuple[Questionnaire, State, Response | None]:
    """The questionnaire row alone (its clusters and questions are not loaded), the State ``user`` may read
    and that State's response to it as far as ``user`` may read it (None: not started, or not readable), in
    one query (``options``: what to load with them); 404 when there is no such questionnaire or State, ``user``
    may not read the State, or States do not answer the questionnaire (yet)."""
    statement = reply_lookup(user.role, Questionnaire, State, Response)
    row = db.execute(statement.options(*options) if options else statement,
                     reply_lookup_parameters(user, questionnaire_id, iso3)).first()
    reply_readable_or_404(user, row and row[1].id, row and row[0].status)
    return row[0], row[1], row[2]


def get_response_or_404(db: Session, user: User, response_id: int) -> Response:
    """The response with this id if ``user`` may read it; 404 otherwise."""
    response = db.scalar(scope_responses(select(Response).where(Response.id == response_id), user))
    if response is None:
        abort(404)
    return response
