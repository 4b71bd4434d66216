"""Monitoring an open (or closed) questionnaire: one row per State party, with status, progress and lateness.

Pure logic over a Session: everything is loaded in a fixed number of queries (questions, States,
responses, answers, users), whatever the number of States. Progress comes from
``questionnaire.answering.progress``, so the monitoring page agrees with the States' own forms.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from questionnaire.answering import progress, reply_is_late
from questionnaire.status_labels import NOT_STARTED, REPLY_STATUS_LABELS
from questionnaire.models import Answer, Cluster, Question, Questionnaire, Response, State, User

#: Every status a row can have, in the order of the reply's life.
ROW_STATUSES = (NOT_STARTED, "draft", "submitted", "reopened")
STATUS_LABELS = REPLY_STATUS_LABELS


class QuestionShape(NamedTuple):
    """What progress needs of a question, as plain data: read once per table rather than through the
    ORM's attributes once per State (193 States × 60 questions × 5 attributes)."""

    key: str
    kind: str
    required: bool
    options: dict
    show_if: dict | None


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


def monitor(
    db: Session,
    questionnaire: Questionnaire,
    now: datetime,
    regional_group: str | None = None,
    status: str | None = None,
) -> Monitoring:
    """The monitoring table of ``questionnaire`` at ``now`` (naive UTC), rows sorted by State name.

    One row per State party, plus any other State that has a response. ``regional_group`` and
    ``status`` (one of ROW_STATUSES, or "late") keep only matching rows; totals describe the rows
    kept. Runs five queries whatever the number of States, responses or answers.
    """
    questions = _questions(db, questionnaire.id)
    key_by_id = {question.id: question.key for question in questions}
    shapes = [QuestionShape(q.key, q.kind, q.required, q.options, q.show_if) for q in questions]
    responses = {r.state_id: r for r in db.scalars(
        select(Response).where(Response.questionnaire_id == questionnaire.id)
    )}
    states = db.scalars(
        select(State)
        .where(or_(State.som_party.is_(True), State.id.in_(list(responses))))
        .order_by(State.name)
    ).all()
    answers = _answers(db, questionnaire.id)
    names = _user_names(db, [a.updated_by_id for rows in answers.values() for a in rows]
                        + [r.submitted_by_id for r in responses.values()])
    rows = []
    for state in states:
        response = responses.get(state.id)
        rows.append(_row(state, response, answers.get(response.id, []) if response else [],
                         shapes, key_by_id, names, questionnaire, now))
    rows = [row for row in rows if _keep(row, regional_group, status)]
    return Monitoring(questionnaire, now, rows, _totals(rows), regional_group, status)


def _questions(db: Session, questionnaire_id: int) -> list[Question]:
    return list(db.scalars(
        select(Question).join(Cluster, Question.cluster_id == Cluster.id)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Cluster.position, Question.position)
    ))


def _answers(db: Session, questionnaire_id: int) -> dict[int, list[Any]]:
    """Plain answer rows (response_id, question_id, value, updated_at, updated_by_id) by response id."""
    found: dict[int, list[Any]] = defaultdict(list)
    rows = db.execute(
        select(Answer.response_id, Answer.question_id, Answer.value, Answer.updated_at, Answer.updated_by_id)
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
    response: Response | None,
    answers: list[Any],
    questions: list["QuestionShape"],
    key_by_id: dict[int, str],
    names: dict[int, str],
    questionnaire: Questionnaire,
    now: datetime,
) -> MonitoringRow:
    values = {key_by_id[a.question_id]: a.value for a in answers if a.question_id in key_by_id}
    result = progress(questions, values)
    last = max(answers, key=lambda answer: answer.updated_at, default=None)
    submitted_at = response.submitted_at if response is not None else None
    submitted_by_id = response.submitted_by_id if response is not None else None
    return MonitoringRow(
        iso3=state.iso3, name=state.name, regional_group=state.regional_group, party=state.som_party,
        status=response.status if response is not None else NOT_STARTED,
        response_id=response.id if response is not None else None,
        required_answered=result.required_answered, required_total=result.required_total,
        share=result.share if response is not None else 0.0,
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
