"""Everything an export needs, read in a fixed number of queries whatever the number of States.

The result is plain data (:class:`ExportData`), so the table builders that read it are pure
functions that tests can feed without a database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.access import scope_responses
from questionnaire.replies.answering import visible_keys
from questionnaire.models import Answer, Questionnaire, Response, State, User, utcnow
from questionnaire.models.participants import PartyList, parties
from questionnaire.models.states import group_of
from questionnaire.observations.service import observations_of_questionnaire
from exports.selection import Resolved


@dataclass
class StateResponse:
    """One State's response: who, its status, and its answers by question key.

    ``values`` holds every stored answer; ``visible`` the keys of the questions shown for them (hidden
    follow-ups are left out of exports); ``authors`` maps a key to (who last changed it, when, UTC).
    """

    iso3: str
    name: str
    regional_group: str
    status: str
    submitted_at: datetime | None
    values: dict[str, Any]
    authors: dict[str, tuple[str, datetime]]
    visible: set[str] = field(default_factory=set)
    languages: dict[str, str] = field(default_factory=dict)  # key → the language the answer was written in


@dataclass
class ExportData:
    """What one export covers, as plain data."""

    questionnaire: Questionnaire
    clusters: list  # Cluster objects, all of the questionnaire's, in order
    questions: list  # Question objects, all of the questionnaire's, in order
    cluster_codes: tuple[str, ...]  # the clusters selected
    responses: list[StateResponse]
    filters: list[tuple[str, str]]
    generated_at: datetime
    generated_by: str
    other_versions: dict[int, int] = field(default_factory=dict)  # version → responses left out
    #: Observations on the answers, as plain rows (see :class:`ObservationRow`), States of the selection only.
    observations: list["ObservationRow"] = field(default_factory=list)
    timezone: str = "UTC"  # the zone times are shown in (naive in spreadsheets)
    language: str = "en"  # the language of the headers, questionnaire texts and names (see exports.language)
    #: The parties in force in the questionnaire's instrument (who is expected to answer), with its date.
    parties: PartyList | None = None

    @property
    def selected_questions(self) -> list:
        """The questions of the selected clusters, in order."""
        codes = set(self.cluster_codes)
        by_id = {cluster.id: cluster.code for cluster in self.clusters}
        return [question for question in self.questions if by_id[question.cluster_id] in codes]

    @property
    def answer_count(self) -> int:
        """How many answers to visible questions of the selected clusters the selection holds."""
        keys = {question.key for question in self.selected_questions}
        return sum(
            1 for response in self.responses for key in response.values
            if key in keys and key in response.visible and response.values[key] not in (None, "", [])
        )


@dataclass(frozen=True)
class ObservationRow:
    """One observation on an answer, as plain data for the sheets."""

    iso3: str
    key: str
    is_question: bool
    text: str
    author: str
    created_at: datetime
    is_open: bool
    reply: str
    replied_by: str
    replied_at: datetime | None


def _observation_rows(db: Session, questionnaire_id: int, user: User | None, iso3s: set[str]) -> list[ObservationRow]:
    """The observations ``user`` may read on the answers of these States (one query)."""
    rows = []
    for observation in observations_of_questionnaire(db, user, questionnaire_id):
        answer = observation.answer
        if answer.response.state.iso3 not in iso3s:
            continue
        rows.append(ObservationRow(
            answer.response.state.iso3, answer.question.key, observation.is_question, observation.text,
            observation.author.name if observation.author else "", observation.created_at, observation.is_open,
            observation.reply or "", observation.replied_by.name if observation.replied_by else "",
            observation.replied_at,
        ))
    return rows


def _response_filters(resolved: Resolved) -> list:
    """The WHERE conditions on Response and State shared by the response and answer queries."""
    selection = resolved.selection
    conditions = [
        Response.questionnaire_id == resolved.questionnaire.id,
        Response.status.in_(selection.statuses),
    ]
    if selection.regions:
        conditions.append(State.regional_group.in_(selection.regions))  # UN groups only: see selection
    if resolved.states:
        conditions.append(State.iso3.in_(resolved.states))
    return conditions


def load(db: Session, resolved: Resolved, user: User | None, filters: list[tuple[str, str]]) -> ExportData:
    """Read the responses and answers of ``resolved`` that ``user`` may see (3 queries).

    ``user`` ``None`` means the command line.  National users only ever get their own State.
    """
    conditions = _response_filters(resolved)
    response_query = (
        select(Response.id, Response.status, Response.submitted_at, State.iso3, State.name, State.regional_group,
               State.kind)
        .join(State, Response.state_id == State.id)
        .where(*conditions)
        .order_by(State.name)
    )
    if user is not None:
        response_query = scope_responses(response_query, user)
    responses: dict[int, StateResponse] = {}
    for rid, status, submitted_at, iso3, name, group, kind in db.execute(response_query):
        responses[rid] = StateResponse(iso3, name, group_of(group, kind), status, submitted_at, {}, {})
    keys = {question.id: question.key for question in resolved.questions}
    answer_query = (
        select(Answer.response_id, Answer.question_id, Answer.value, Answer.updated_at, User.name, Answer.language)
        .join(Response, Answer.response_id == Response.id)
        .join(State, Response.state_id == State.id)
        .outerjoin(User, Answer.updated_by_id == User.id)
        .where(*conditions)
    )
    if user is not None:
        answer_query = scope_responses(answer_query, user)
    for rid, qid, value, updated_at, author, language in db.execute(answer_query):
        response = responses.get(rid)
        if response is None or qid not in keys:
            continue
        response.values[keys[qid]] = value
        response.authors[keys[qid]] = (author or "", updated_at)
        if language:
            response.languages[keys[qid]] = language
    for response in responses.values():
        response.visible = visible_keys(resolved.questions, response.values)
    return ExportData(
        questionnaire=resolved.questionnaire,
        clusters=resolved.clusters,
        questions=resolved.questions,
        cluster_codes=resolved.cluster_codes,
        responses=list(responses.values()),
        filters=filters,
        generated_at=utcnow(),
        generated_by=user.name if user is not None else "",
        other_versions=_other_versions(db, resolved.questionnaire),
        observations=_observation_rows(db, resolved.questionnaire.id, user,
                                       {response.iso3 for response in responses.values()}),
        parties=parties(db, resolved.questionnaire.instrument),
    )


def _other_versions(db: Session, questionnaire: Questionnaire) -> dict[int, int]:
    """Responses to the other versions of the same questionnaire, by version (left out of this export)."""
    rows = db.execute(
        select(Questionnaire.version, func.count(Response.id))
        .join(Response, Response.questionnaire_id == Questionnaire.id)
        .where(Questionnaire.slug == questionnaire.slug, Questionnaire.id != questionnaire.id)
        .group_by(Questionnaire.version)
        .order_by(Questionnaire.version)
    )
    return {version: count for version, count in rows}
