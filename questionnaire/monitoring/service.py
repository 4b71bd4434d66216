"""Monitoring an open (or closed) questionnaire: one row per State party, with status, progress and lateness.

Pure logic over a Session: everything is loaded in a fixed number of queries (questions, responses, States,
each reply's answered questions grouped in SQL, the follow-ups' parent answers, the names of who changed each
reply last), whatever the number of States. Progress follows the rules of
``questionnaire.replies.answering.progress`` (tests compare both), so the monitoring page agrees with the States'
own forms.

A reply's progress changes only when its response does: every save raises the response's ``lock_version`` in the
transaction that writes the answers (``forms.answers``). So the monitoring page keeps each reply's progress
(``kept``, the worker's ``structure.kept_content().progress``) stamped with its response's version and creation
time and the questionnaire's content revision, and counts again only the replies changed since: the grouped
queries read the answers of those replies alone, or none when no reply changed.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, null, or_, select, true
from sqlalchemy.orm import Session

from questionnaire.replies.answering import reply_is_late, shows_follow_up
from questionnaire.kinds import get_kind
from questionnaire.replies.status_labels import NOT_STARTED, REPLY_STATUS_LABELS
from questionnaire.models import Answer, Cluster, Question, Questionnaire, Response, State, User
from questionnaire.models.participants import PartyList, parties
from questionnaire.models.states import group_of
from questionnaire.structure import Kept, content_stamp

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
    kept: Kept | None = None,
) -> Monitoring:
    """The monitoring table of ``questionnaire`` at ``now`` (naive UTC), rows sorted by State name.

    One row per party to the questionnaire's instrument in force (a State or the European Union, see
    ``models.participants.parties``), plus any other State that has a response. ``regional_group`` and
    ``status`` (one of ROW_STATUSES, or "late") keep only matching rows; totals describe the rows
    kept. Runs at most eight queries whatever the number of States, responses or answers: the
    questions' rules, the responses with their submitters, the parties in force, the States, per response
    its answered required questions and last change (grouped in SQL, so no long text leaves the
    database), the answers follow-up rules depend on (short codes; none without follow-ups) and the names
    of who changed each reply last. With ``kept`` (a worker's kept progress; only for a transaction that
    has written nothing), the grouped queries count only the replies changed since they were kept.
    """
    plan = _plan(db, questionnaire, kept)
    responses = {row.state_id: row for row in db.execute(  # columns, not objects: ~200 rows
        select(Response.id, Response.state_id, Response.status, Response.submitted_at, Response.submitted_by_id,
               Response.extended_deadline, Response.lock_version, Response.created_at,
               User.name.label("submitter"))
        .outerjoin(User, User.id == Response.submitted_by_id)
        .where(Response.questionnaire_id == questionnaire.id)
    )}
    party_list = parties(db, questionnaire.instrument)
    states = db.execute(
        select(State.id, State.iso3, State.name, State.regional_group, State.kind)
        .where(or_(State.id.in_(sorted(party_list.state_ids)), State.id.in_(list(responses))))
        .order_by(State.name)
    ).all()
    progress = _progress_of_replies(db, questionnaire, plan, list(responses.values()), kept)
    authors = _names(db, {reply.last_by_id for reply in progress.values() if reply.last_by_id is not None})
    unstarted = plan.progress(set(), {})
    rows = []
    for state in states:
        response = responses.get(state.id)
        reply = progress.get(response.id) if response is not None else None
        rows.append(_row(state, state.id in party_list, response, reply, unstarted, authors, questionnaire, now))
    rows = [row for row in rows if _keep(row, regional_group, status)]
    return Monitoring(questionnaire, now, rows, _totals(rows), regional_group, status, party_list)


def _plan(db: Session, questionnaire: Questionnaire, kept: Kept | None) -> "ProgressPlan":
    """The questions' progress rules: kept ones while the questionnaire's content is as it was kept."""
    def read() -> ProgressPlan:
        return ProgressPlan.of(_questions(db, questionnaire.id))
    if kept is None:
        return read()
    return kept.through(("progress-plan", questionnaire.id), content_stamp(questionnaire), read)


@dataclass(frozen=True)
class ReplyProgress:
    """One reply's progress as the monitoring table shows it, counted from its answers."""

    required_answered: int
    required_total: int
    last_at: datetime | None  # the reply's last change of an answer
    last_by_id: int | None  # who made it


def _progress_of_replies(
    db: Session, questionnaire: Questionnaire, plan: ProgressPlan, responses: list[Any], kept: Kept | None,
) -> dict[int, ReplyProgress]:
    """Per response id, its progress: kept ones while the response and the questionnaire's content are as they
    were kept, the others counted (in two queries over their answers alone; none when every one was kept)."""
    found: dict[int, ReplyProgress] = {}
    changed: dict[int, tuple] = {}  # response id → stamp
    for response in responses:
        stamp = (response.lock_version, response.created_at, *content_stamp(questionnaire))
        value = kept.get(("reply-progress", response.id), stamp) if kept is not None else None
        if value is None:
            changed[response.id] = stamp
        else:
            found[response.id] = value
    if not changed:
        return found
    only = None if len(changed) == len(responses) else sorted(changed)  # all: no list of ids to send
    activity = _activity(db, questionnaire.id, plan, only)
    parent_values = _parent_values(db, questionnaire.id, plan, only)
    for response_id, stamp in changed.items():
        counts = activity.get(response_id)
        done, total = plan.progress(counts.answered if counts else set(), parent_values.get(response_id, {}))
        value = ReplyProgress(done, total, counts.last_at if counts else None, counts.last_by_id if counts else None)
        found[response_id] = value
        if kept is not None:
            kept.put(("reply-progress", response_id), stamp, value)
    return found


def _names(db: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {user_id: name for user_id, name in db.execute(select(User.id, User.name).where(User.id.in_(sorted(user_ids))))}


def _questions(db: Session, questionnaire_id: int) -> list[Any]:
    """What progress needs of each question, in questionnaire order (no texts)."""
    return list(db.execute(
        select(Question.id, Question.key, Question.kind, Question.required, Question.show_if)
        .join(Cluster, Question.cluster_id == Cluster.id)
        .where(Question.questionnaire_id == questionnaire_id)
        .order_by(Cluster.position, Question.position)
    ))


@dataclass(frozen=True)
class ProgressPlan:
    """What progress needs of the questions, decided once per table, by the rules of ``answering.progress``:
    a follow-up is shown when its parent is shown (and comes before it) and the parent's answer shows it;
    a required question that takes an answer counts when shown.

    ``always_required``: the required questions without a rule (always shown); ``steps``: per follow-up
    in order, its id, whether it counts when shown, its parent's id (-1: never shown, the parent being
    unknown or after it), whether that parent is always shown, and the values that show it.
    """

    always_required: frozenset[int]
    steps: tuple[tuple[int, bool, int, bool, frozenset], ...]

    @classmethod
    def of(cls, questions: list[Any]) -> "ProgressPlan":
        earlier: dict[str, tuple[int, bool]] = {}  # key → (id, always shown) of the questions before
        always_required: set[int] = set()
        steps = []
        for question in questions:
            required = bool(question.required) and get_kind(question.kind).answerable
            rule = question.show_if
            if rule is None:
                if required:
                    always_required.add(question.id)
            else:
                parent_id, parent_always = earlier.get(rule["question"], (-1, False))
                steps.append((question.id, required, parent_id, parent_always, frozenset(rule["in"])))
            earlier[question.key] = (question.id, rule is None)
        return cls(frozenset(always_required), tuple(steps))

    @property
    def required_ids(self) -> list[int]:
        return sorted(self.always_required | {step[0] for step in self.steps if step[1]})

    @property
    def parent_ids(self) -> list[int]:
        return sorted({step[2] for step in self.steps if step[2] != -1})

    def progress(self, answered: set[int], values: dict[int, Any]) -> tuple[int, int]:
        """``(required answered, required total)`` from the ids of the answered questions and the values
        of the questions follow-ups depend on, by id."""
        shown: set[int] = set()
        done, total = len(self.always_required & answered), len(self.always_required)
        for question_id, required, parent_id, parent_always, wanted in self.steps:
            if parent_id == -1 or not (parent_always or parent_id in shown):
                continue
            if not shows_follow_up(values.get(parent_id), wanted):
                continue
            shown.add(question_id)
            if required:
                total += 1
                done += question_id in answered
        return done, total


@dataclass(frozen=True)
class Activity:
    """Per response: the ids of its answered required questions and its last change."""

    answered: set[int]
    last_at: datetime | None
    last_by_id: int | None


def _activity(db: Session, questionnaire_id: int, plan: ProgressPlan, only: list[int] | None
              ) -> dict[int, Activity]:
    """One grouped query, one row per response (of ``only`` when given): the ids of its answered required
    questions (joined in one string by the database, so no answer becomes a row here; the answers' ``answered``
    column, so no value is read), the time of its last change and who made it (of the answers changed last,
    the latest written)."""
    answered_ids = case((and_(Question.required, Answer.answered), cast(Answer.question_id, Text)), else_=null())
    grouped = (
        select(Answer.response_id.label("response_id"),
               func.aggregate_strings(answered_ids, ",").label("answered"),
               func.max(Answer.updated_at).label("last_at"))
        .join(Response, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(Response.questionnaire_id == questionnaire_id)
        .where(Answer.response_id.in_(only) if only is not None else true())
        .group_by(Answer.response_id)
        .subquery()
    )
    last_author_id = (
        select(Answer.updated_by_id)
        .where(Answer.response_id == grouped.c.response_id, Answer.updated_at == grouped.c.last_at)
        .order_by(Answer.id.desc()).limit(1)
        .correlate(grouped).scalar_subquery()
    )
    # a column, not a join condition: the database runs it once per response, and names one person
    rows = db.execute(select(grouped.c.response_id, grouped.c.answered, grouped.c.last_at,
                             last_author_id.label("author_id")))
    required = set(plan.required_ids)
    return {row.response_id: Activity(set(map(int, row.answered.split(","))) & required if row.answered else set(),
                                      row.last_at, row.author_id)
            for row in rows}


def _parent_values(db: Session, questionnaire_id: int, plan: ProgressPlan, only: list[int] | None
                   ) -> dict[int, dict[int, Any]]:
    """Per response id (of ``only`` when given), the values of the questions follow-ups depend on (short codes),
    by question id. Each distinct stored text is decoded once. No query when the questionnaire has no
    follow-up."""
    if not plan.parent_ids:
        return {}
    found: dict[int, dict[int, Any]] = defaultdict(dict)
    decoded: dict[str, Any] = {}
    rows = db.execute(
        select(Answer.response_id, Answer.question_id, cast(Answer.value, Text))
        .join(Response, Answer.response_id == Response.id)
        .where(Response.questionnaire_id == questionnaire_id, Answer.question_id.in_(plan.parent_ids))
        .where(Answer.response_id.in_(only) if only is not None else true())
    )
    for response_id, question_id, text in rows:
        if text is not None:
            if text not in decoded:
                decoded[text] = json.loads(text)
            found[response_id][question_id] = decoded[text]
    return found


def _row(
    state: Any,
    party: bool,
    response: Any | None,  # a row of the responses' columns
    reply: ReplyProgress | None,
    unstarted: tuple[int, int],  # the progress of a reply without answers
    authors: dict[int, str],
    questionnaire: Questionnaire,
    now: datetime,
) -> MonitoringRow:
    required_answered, required_total = (reply.required_answered, reply.required_total) if reply else unstarted
    share = required_answered / required_total if required_total else 1.0
    return MonitoringRow(
        iso3=state.iso3, name=state.name, regional_group=group_of(state.regional_group, state.kind), party=party,
        status=response.status if response is not None else NOT_STARTED,
        response_id=response.id if response is not None else None,
        required_answered=required_answered, required_total=required_total,
        share=share if response is not None else 0.0,
        last_activity_at=reply.last_at if reply else None,
        last_activity_by=authors.get(reply.last_by_id) if reply and reply.last_by_id is not None else None,
        submitted_at=response.submitted_at if response is not None else None,
        submitted_by=response.submitter if response is not None and response.submitted_by_id is not None else None,
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
