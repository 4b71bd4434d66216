"""Monitoring an open (or closed) questionnaire: one row per State party, with status, progress and lateness.

Pure logic over a Session: everything is loaded in a fixed number of queries (questions, States,
responses, answers, users), whatever the number of States. Progress follows
the rules of ``questionnaire.answering.progress`` (a test compares both), so the monitoring page agrees with the
States' own forms.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import JSON, Text, and_, case, cast, null, or_, select, type_coerce
from sqlalchemy.orm import Session

from questionnaire.answering import reply_is_late
from questionnaire.kinds import get_kind
from questionnaire.status_labels import NOT_STARTED, REPLY_STATUS_LABELS
from questionnaire.models import Answer, Cluster, Question, Questionnaire, Response, State, User
from questionnaire.models.participants import PartyList, parties

#: Every status a row can have, in the order of the reply's life.
ROW_STATUSES = (NOT_STARTED, "draft", "submitted", "reopened")
STATUS_LABELS = REPLY_STATUS_LABELS


@dataclass(frozen=True)
class MonitoringRow:
    """One State's reply at a glance (``status`` is "not_started" when it has no response)."""

    iso3: str
    name: str
    regional_group: str
    party: bool
    status: str
    response_id: int | None
    required_answered: int
    required_total: int
    share: float  # 0..1, from answering.progress (hidden follow-ups never count)
    last_activity_at: datetime | None
    last_activity_by: str | None
    submitted_at: datetime | None
    submitted_by: str | None
    late: bool

    @property
    def percent(self) -> int:
        return int(round(self.share * 100))


@dataclass(frozen=True)
class Totals:
    """Counts over the rows shown (after filters)."""

    parties: int = 0
    other_states: int = 0  # States not party to the Protocol that replied all the same
    by_status: dict[str, int] = field(default_factory=dict)
    late: int = 0
    average_share: float = 0.0

    @property
    def average_percent(self) -> int:
        return int(round(self.average_share * 100))


@dataclass(frozen=True)
class Monitoring:
    questionnaire: Questionnaire
    now: datetime
    rows: list[MonitoringRow]
    totals: Totals
    regional_group: str | None = None
    status: str | None = None
    #: The parties in force in the questionnaire's instrument, with the date the list is known right.
    parties: PartyList | None = None


def monitor(
    db: Session,
    questionnaire: Questionnaire,
    now: datetime,
    regional_group: str | None = None,
    status: str | None = None,
) -> Monitoring:
    """The monitoring table of ``questionnaire`` at ``now`` (naive UTC), rows sorted by State name.

    One row per party to the questionnaire's instrument in force (a State or the European Union, see
    ``models.participants.parties``), plus any other State that has a response. ``regional_group`` and
    ``status`` (one of ROW_STATUSES, or "late") keep only matching rows; totals describe the rows
    kept. Runs six queries whatever the number of States, responses or answers, and never reads an
    answer's value except for the questions a follow-up rule depends on (short codes): whether an
    answer is answered is decided in SQL.
    """
    questions = _questions(db, questionnaire.id)
    plan = ProgressPlan.of(questions)
    responses = {r.state_id: r for r in db.scalars(
        select(Response).where(Response.questionnaire_id == questionnaire.id)
    )}
    party_list = parties(db, questionnaire.instrument)
    states = db.scalars(
        select(State)
        .where(or_(State.id.in_(sorted(party_list.state_ids)), State.id.in_(list(responses))))
        .order_by(State.name)
    ).all()
    answers = _answers(db, questionnaire.id, plan.parent_ids)
    names = _user_names(db, [a.updated_by_id for rows in answers.values() for a in rows]
                        + [r.submitted_by_id for r in responses.values()])
    rows = []
    for state in states:
        response = responses.get(state.id)
        rows.append(_row(state, state.id in party_list, response,
                         answers.get(response.id, []) if response else [], plan, names, questionnaire, now))
    rows = [row for row in rows if _keep(row, regional_group, status)]
    return Monitoring(questionnaire, now, rows, _totals(rows), regional_group, status, party_list)


def _questions(db: Session, questionnaire_id: int) -> list[Question]:
    return list(db.scalars(
        select(Question).join(Cluster, Question.cluster_id == Cluster.id)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Cluster.position, Question.position)
    ))


@dataclass(frozen=True)
class ProgressPlan:
    """What progress needs of the questions, decided once per table: for each question in order its id,
    whether it counts as required when shown, whether it takes an answer, and its follow-up rule
    (parent question id and the set of values that show it). Same rules as ``answering.progress``:
    a follow-up is shown when its parent is shown and the parent's answer is one of the listed values."""

    steps: tuple[tuple[int, bool, bool, int | None, frozenset], ...]
    parent_ids: frozenset[int]

    @classmethod
    def of(cls, questions: list[Question]) -> "ProgressPlan":
        id_by_key = {question.key: question.id for question in questions}
        steps = []
        for question in questions:
            answerable = get_kind(question.kind).answerable
            rule = question.show_if
            parent = id_by_key.get(rule["question"], -1) if rule else None
            wanted = frozenset(rule["in"]) if rule else frozenset()
            steps.append((question.id, question.required and answerable, answerable, parent, wanted))
        return cls(tuple(steps), frozenset(step[3] for step in steps if step[3] is not None))

    def progress(self, answered: set[int], parent_values: dict[int, Any]) -> tuple[int, int]:
        """``(required answered, required total)`` for the answered question ids and the parents' values."""
        visible: set[int] = set()
        done = total = 0
        for question_id, required, answerable, parent, wanted in self.steps:
            if parent is not None:
                if parent not in visible:
                    continue
                value = parent_values.get(parent)
                if isinstance(value, list):
                    if not any(item in wanted for item in value):
                        continue
                elif value not in wanted:
                    continue
            visible.add(question_id)
            if required:
                total += 1
                done += question_id in answered
        return done, total


def _answered_expression():
    """True when an answer's stored value answers its question: not null, not "" and not [] (the kinds'
    shared rule; a note never takes an answer, which the plan knows). Decided in SQL, so long texts stay
    in the database."""
    text = cast(Answer.value, Text)
    return and_(Answer.value.is_not(None), text.not_in(["null", '""', "[]"]))


def _answers(db: Session, questionnaire_id: int, parent_ids: frozenset[int]) -> dict[int, list[Any]]:
    """Plain answer rows (response_id, question_id, answered, parent_value, updated_at, updated_by_id) by
    response id; ``parent_value`` is the value only for questions a follow-up rule depends on, else None."""
    found: dict[int, list[Any]] = defaultdict(list)
    parent_value = (
        type_coerce(case((Answer.question_id.in_(sorted(parent_ids)), Answer.value), else_=null()), JSON)
        if parent_ids else null()
    )
    rows = db.execute(
        select(Answer.response_id, Answer.question_id, _answered_expression().label("answered"),
               parent_value.label("parent_value"), Answer.updated_at, Answer.updated_by_id)
        .join(Response, Answer.response_id == Response.id)
        .where(Response.questionnaire_id == questionnaire_id)
    )
    for row in rows:
        found[row.response_id].append(row)
    return found


def _user_names(db: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({user_id for user_id in user_ids if user_id is not None})
    if not wanted:
        return {}
    return {user_id: name for user_id, name in db.execute(select(User.id, User.name).where(User.id.in_(wanted)))}


def _row(
    state: State,
    party: bool,
    response: Response | None,
    answers: list[Any],
    plan: ProgressPlan,
    names: dict[int, str],
    questionnaire: Questionnaire,
    now: datetime,
) -> MonitoringRow:
    answered = {a.question_id for a in answers if a.answered}
    parent_values = {a.question_id: a.parent_value for a in answers if a.question_id in plan.parent_ids}
    required_answered, required_total = plan.progress(answered, parent_values)
    share = required_answered / required_total if required_total else 1.0
    last = max(answers, key=lambda answer: answer.updated_at, default=None)
    submitted_at = response.submitted_at if response is not None else None
    submitted_by_id = response.submitted_by_id if response is not None else None
    return MonitoringRow(
        iso3=state.iso3, name=state.name, regional_group=state.group, party=party,
        status=response.status if response is not None else NOT_STARTED,
        response_id=response.id if response is not None else None,
        required_answered=required_answered, required_total=required_total,
        share=share if response is not None else 0.0,
        last_activity_at=last.updated_at if last is not None else None,
        last_activity_by=names.get(last.updated_by_id) if last is not None else None,
        submitted_at=submitted_at,
        submitted_by=names.get(submitted_by_id) if submitted_by_id is not None else None,
        late=reply_is_late(questionnaire, response, now),
    )


def _keep(row: MonitoringRow, regional_group: str | None, status: str | None) -> bool:
    if regional_group and row.regional_group != regional_group:
        return False
    if status == "late":
        return row.late
    return not status or row.status == status


def _totals(rows: list[MonitoringRow]) -> Totals:
    by_status = {status: 0 for status in ROW_STATUSES}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    return Totals(
        parties=sum(row.party for row in rows),
        other_states=sum(not row.party for row in rows),
        by_status=by_status,
        late=sum(row.late for row in rows),
        average_share=sum(row.share for row in rows) / len(rows) if rows else 0.0,
    )
