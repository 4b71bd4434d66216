"""Who sees, writes, closes and replies to observations; every query for observations is scoped here."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Protocol

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session, joinedload

from questionnaire.access import scope_responses
from questionnaire.models import (
    Answer,
    Observation,
    ObservationKind,
    ObservationRefused,
    Response,
    Role,
    User,
    utcnow,
)

OBSERVERS = (Role.SECRETARIAT, Role.REVIEWER)


def can_observe(user: User) -> bool:
    """Reviewers and the secretariat write, read and close every observation."""
    return user.has_role(*OBSERVERS)


def _visible(query, user: User | None):
    """Restrict a query over Observation (joined to Answer and Response) to what ``user`` may read.

    National users: questions put to their own State (never internal notes, never another State's).
    Reviewers: observations on submitted replies. The secretariat and the command line (``None``): all.
    """
    if user is None:
        return query
    query = scope_responses(query, user)
    if user.is_national:
        query = query.where(Observation.kind == ObservationKind.QUESTION)
    return query


def _observations(user: User | None):
    return _visible(
        select(Observation).join(Answer, Observation.answer_id == Answer.id)
        .join(Response, Answer.response_id == Response.id)
        # the people's names only: their States (joined to every user by default) are not read with them
        .options(*(joinedload(person).lazyload(User.state)
                   for person in (Observation.author, Observation.replied_by, Observation.closed_by))),
        user,
    )


def observations_by_answer(db: Session, user: User, answer_ids: Iterable[int]) -> dict[int, list[Observation]]:
    """The observations ``user`` may read on these answers, oldest first, by answer id (one query)."""
    ids = list(answer_ids)
    found: dict[int, list[Observation]] = defaultdict(list)
    if not ids:
        return found
    for observation in db.scalars(
        _observations(user).where(Observation.answer_id.in_(ids)).order_by(Observation.created_at, Observation.id)
    ).unique():
        found[observation.answer_id].append(observation)
    return found


def observations_of_questionnaire(db: Session, user: User | None, questionnaire_id: int) -> list[Observation]:
    """Every observation ``user`` may read on replies to this questionnaire version, with the State and
    the question of each (one query); ``user`` ``None`` is the command line."""
    return list(db.scalars(
        _observations(user).where(Response.questionnaire_id == questionnaire_id)
        .options(joinedload(Observation.answer).joinedload(Answer.response).joinedload(Response.state),
                 joinedload(Observation.answer).joinedload(Answer.question))
        .order_by(Observation.created_at, Observation.id)
    ).unique())


def get_observation_or_404(db: Session, user: User, observation_id: int) -> Observation:
    """The observation if ``user`` may read it; 404 otherwise (no hint that it exists)."""
    observation = db.scalar(_observations(user).where(Observation.id == observation_id))
    if observation is None:
        abort(404)
    return observation


#: The longest observation or reply (characters): a note or a question, not a document.
TEXT_LIMIT = 5000


def _check_length(text: str) -> None:
    if len(text.strip()) > TEXT_LIMIT:
        raise ObservationRefused(_("Keep it to %(limit)s characters (this text has %(length)s).",
                                   limit=TEXT_LIMIT, length=len(text.strip())))


def add_observation(db: Session, user: User, answer: Answer, kind: str, text: str) -> Observation:
    """A note or a question on ``answer`` by ``user``; flushed. Raises ObservationRefused when the text is
    empty or over ``TEXT_LIMIT``, or ``user`` may not observe."""
    if not can_observe(user):
        raise ObservationRefused(_("Only reviewers and the secretariat write observations."))
    if not (text or "").strip():
        raise ObservationRefused(_("Write the observation before saving it."))
    _check_length(text)
    observation = Observation(answer=answer, author_id=user.id, kind=ObservationKind(kind), text=text.strip())
    db.add(observation)
    db.flush()
    return observation


def close_observation(db: Session, user: User, observation: Observation) -> None:
    if not can_observe(user):
        raise ObservationRefused(_("Only reviewers and the secretariat close observations."))
    try:
        observation.close(user, utcnow())
    except ObservationRefused:
        raise ObservationRefused(_("This observation is already closed.")) from None
    db.flush()


def reply_to_observation(db: Session, user: User, observation: Observation, text: str) -> None:
    """The State's reply to a question put to it; the answer stays as submitted. Raises ObservationRefused
    for a note, a closed question, an empty reply, or a user of another State."""
    state_id = observation.answer.response.state_id
    if not (user.is_national and user.state_id == state_id):
        raise ObservationRefused(_("Only the State's own users reply to its questions."))
    if not observation.is_question:
        raise ObservationRefused(_("This note is internal to the reviewers."))
    if not observation.is_open:
        raise ObservationRefused(_("This question is closed."))
    if not (text or "").strip():
        raise ObservationRefused(_("Write your reply before sending it."))
    _check_length(text)
    observation.record_reply(text, user, utcnow())
    db.flush()


def asked_of_answer() -> ColumnElement[bool]:
    """A column for a query over ``Answer``: whether a question to the State stands on the answer (whoever may
    read the reply may read those)."""
    return exists().where(Observation.answer_id == Answer.id, Observation.kind == ObservationKind.QUESTION)


def asked_of_response() -> ColumnElement[bool]:
    """A column for a query over ``Response``: whether a question to the State stands on any of its answers."""
    return exists().where(Observation.answer_id == Answer.id, Answer.response_id == Response.id,
                          Observation.kind == ObservationKind.QUESTION)


class FlaggedAnswer(Protocol):
    """An answer read with ``asked_of_answer`` (as ``forms.replies.StoredAnswer`` rows are)."""

    id: int
    asked: bool  # a question to the State stands on it


def questions_to_state(
    db: Session, user: User, answers: Mapping[int, FlaggedAnswer]
) -> dict[int, list[Observation]]:
    """The questions put to the State on a reply's answers (``answers`` by question id, read with
    ``asked_of_answer`` from a reply ``user`` may read) that ``user`` may read, by question id; internal notes
    are never among them. The answers' flags say which carry one: no query when none does, otherwise one."""
    return _questions_on(db, user, answers, [answer.id for answer in answers.values() if answer.asked])


def _questions_on(
    db: Session, user: User, answers: Mapping[int, FlaggedAnswer], asked: list[int]
) -> dict[int, list[Observation]]:
    """The questions to the State that ``user`` may read on the ``asked`` ones of ``answers``, by question id."""
    by_answer = observations_by_answer(db, user, asked) if asked else {}
    found: dict[int, list[Observation]] = {}
    for qid, answer in answers.items():
        questions = [observation for observation in by_answer.get(answer.id, []) if observation.is_question]
        if questions:
            found[qid] = questions
    return found
