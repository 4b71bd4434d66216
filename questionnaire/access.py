"""Who may see which State's data: the one place response queries are scoped to the current user."""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from questionnaire.models import Response, ResponseStatus, Role, State, User


def scope_responses(query: Select, user: User) -> Select:
    """Restrict a query over ``Response`` to what ``user`` may read.

    National roles: their own State's responses. Reviewers: submitted responses only (a draft or a reopened
    reply is still being written). The secretariat: everything.
    """
    if user.is_national:
        return query.where(Response.state_id == user.state_id)
    if user.role_enum is Role.REVIEWER:
        return query.where(Response.status == ResponseStatus.SUBMITTED.value)
    return query


def responses_visible_to(user: User) -> Select:
    return scope_responses(select(Response), user)


def can_read_state(user: User, state: State) -> bool:
    return not user.is_national or user.state_id == state.id


def get_state_or_404(db: Session, user: User, iso3: str) -> State:
    """The State with this code if ``user`` may read its data; 404 otherwise (never 403: no hint it exists)."""
    state = db.scalar(select(State).where(State.iso3 == iso3.upper()))
    if state is None or not can_read_state(user, state):
        abort(404)
    return state


def get_response_or_404(db: Session, user: User, response_id: int) -> Response:
    """The response with this id if ``user`` may read it; 404 otherwise."""
    response = db.scalar(scope_responses(select(Response).where(Response.id == response_id), user))
    if response is None:
        abort(404)
    return response
