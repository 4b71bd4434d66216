"""One question's answers across States, side by side, in a fixed number of queries.

Closed kinds give counts with the States behind each count; kinds whose answer fills several cells
(tables) give a grid of States × parts; other kinds list each State's answer one below the other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exports.reading import answer_text
from questionnaire.access import scope_responses
from questionnaire.replies.answering import visible_keys
from questionnaire.kinds import get_kind
from questionnaire.locale import sort_by_state_name, state_name
from questionnaire.models import Answer, Question, Questionnaire, Response, ResponseStatus, State, User
from questionnaire.models.states import group_of
from questionnaire.replies.status_labels import regional_group_label


@dataclass
class StateAnswer:
    iso3: str
    name: str
    regional_group: str
    answer_id: int
    value: Any
    text: str  # as the page shows it: markup for a closed kind's or "Not applicable" answer (``reading.answer_text``)
    language: str | None = None  # the language the answer was written in (the reply's, when saved)
    cells: list[Any] = field(default_factory=list)  # one per part, for a grid
    codes: set[str] = field(default_factory=set)  # the values chosen, for closed kinds


@dataclass(frozen=True)
class _Named:
    iso3: str
    name: str  # the reference (English) name


@dataclass
class Count:
    code: str
    label: str
    states: list[StateAnswer]


@dataclass
class Comparison:
    question: Question
    answers: list[StateAnswer]  # after the filters
    counts: list[Count] | None  # closed kinds
    parts: list[str]  # column headings of a grid (empty: not a grid)
    choices: list[tuple[str, str]]  # the answers one may filter on (closed kinds)


def _chain(questions: list[Question], question: Question) -> list[Question]:
    """``question`` and the questions it follows up on, in questionnaire order (for its visibility)."""
    by_key = {q.key: q for q in questions}
    chain, current = [question], question
    while current.show_if and current.show_if.get("question") in by_key:
        current = by_key[current.show_if["question"]]
        chain.append(current)
    return list(reversed(chain))


def compare(
    db: Session, user: User, questionnaire: Questionnaire, question: Question,
    region: str | None = None, answer: str | None = None,
) -> Comparison:
    """Every submitted answer ``user`` may read to ``question``, filtered by regional group and (closed
    kinds) by a chosen value; one query whatever the number of States. States are named, grouped and
    ordered in the reader's language; labels are those of ``question`` (a view read in a language, or the
    model in its source language); answers stay as written, with the language they were written in."""
    kind = get_kind(question.kind)
    chain = _chain(questionnaire.questions_in_order(), question)
    keys = {q.id: q.key for q in chain}
    query = (
        scope_responses(
            select(Answer.id, Answer.question_id, Answer.value, Answer.language, Response.language, State.iso3,
                   State.name, State.regional_group, State.kind)
            .join(Response, Answer.response_id == Response.id).join(State, Response.state_id == State.id),
            user,
        )
        .where(Response.questionnaire_id == questionnaire.id, Response.status == ResponseStatus.SUBMITTED,
               Answer.question_id.in_(list(keys)))
        .order_by(State.name)
    )
    if region:
        query = query.where(State.regional_group == region)
    values: dict[str, dict[str, Any]] = {}
    found: dict[str, StateAnswer] = {}
    for answer_id, question_id, value, written_in, reply_language, iso3, name, group, participant_kind in db.execute(query):
        group = group_of(group, participant_kind)
        values.setdefault(iso3, {})[keys[question_id]] = value
        if question_id == question.id and kind.is_answered(value):
            found[iso3] = StateAnswer(iso3, state_name(_Named(iso3, name)), regional_group_label(group), answer_id,
                                      value, answer_text(question, value, written_in or reply_language),
                                      written_in or reply_language)
    answers = sort_by_state_name([a for a in found.values() if question.key in visible_keys(chain, values[a.iso3])])
    possible = kind.possible_values(question.options)
    columns = kind.cell_columns(question.options)
    parts = [column.part for column in columns] if len(columns) > 1 else []
    for state_answer in answers:
        if possible is not None:
            counted = kind.summarize([state_answer.value], question.options).counts or {}
            state_answer.codes = {code for code, n in counted.items() if n}
        if parts:
            state_answer.cells = [column.to_cell(state_answer.value) for column in columns]
    choices = [(code, kind.choice_label(code, question.options)) for code in possible] if possible else []
    if answer and possible is not None and answer in possible:
        answers = [a for a in answers if answer in a.codes]
    counts = None
    if possible is not None:
        counts = [Count(code, label, [a for a in answers if code in a.codes]) for code, label in choices]
    return Comparison(question, answers, counts, parts, choices)
