"""Rules every stage agrees on: which follow-ups are visible, what counts as answered, a response's progress,
and whether a reply is late.

Plain functions over questions and a mapping of answer values by question key (and over deadlines and
times, naive UTC), so the forms, the exports and the monitoring page all reach the same verdict.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping, Protocol, Sequence

from questionnaire.kinds import get_kind


class QuestionLike(Protocol):
    key: str
    kind: str
    required: bool
    options: dict
    show_if: dict | None


def visible_keys(questions: Sequence[QuestionLike], values: Mapping[str, Any]) -> set[str]:
    """The keys of the questions shown for these answers, questions given in questionnaire order.

    A follow-up is visible when its parent is visible and the parent's answer is one of the listed
    values (for a multiple choice: when any selected value is listed). Hidden follow-ups keep their
    stored answers; they are only left out of requirements, progress and exports.
    """
    visible: set[str] = set()
    for question in questions:
        rule = question.show_if
        if rule is None:
            visible.add(question.key)
            continue
        parent = rule["question"]
        if parent in visible and shows_follow_up(values.get(parent), rule["in"]):
            visible.add(question.key)
    return visible


def shows_follow_up(value: Any, wanted: Iterable[str]) -> bool:
    """Whether the parent's answer ``value`` is among ``wanted``, the values that show a follow-up ("Not
    applicable" never is: no follow-up asks why)."""
    if isinstance(value, str):  # the common case (a code), decided before the slower checks
        return value in wanted
    wanted = set(wanted)
    if isinstance(value, Mapping):
        return False
    if isinstance(value, list):
        return any(item in wanted for item in value)
    return value in wanted


def is_answered(question: QuestionLike, value: Any) -> bool:
    """Whether ``value`` answers ``question`` (a note is never "answered": it takes no answer)."""
    kind = get_kind(question.kind)
    return kind.answerable and kind.is_answered(value)


def counts_as_required(question: QuestionLike, visible: set[str]) -> bool:
    """Required questions count only when shown: a hidden follow-up is never required."""
    return question.required and question.key in visible and get_kind(question.kind).answerable


@dataclass
class Progress:
    required_answered: int = 0
    required_total: int = 0
    answered: int = 0
    missing: list[str] = field(default_factory=list)  # keys of visible required questions still unanswered

    @property
    def share(self) -> float:
        """Share of required questions answered, 0..1 (1 when nothing is required)."""
        return self.required_answered / self.required_total if self.required_total else 1.0

    @property
    def percent(self) -> int:
        return int(round(self.share * 100))

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required_total


def progress(
    questions: Sequence[QuestionLike], values: Mapping[str, Any], visible: set[str] | None = None
) -> Progress:
    """Progress over ``questions`` (in order) for answer ``values`` keyed by question key.

    ``visible`` may be given when it was decided over a larger set (the whole questionnaire).
    """
    if visible is None:
        visible = visible_keys(questions, values)
    result = Progress()
    for question in questions:
        answered = question.key in visible and is_answered(question, values.get(question.key))
        result.answered += int(answered)
        if counts_as_required(question, visible):
            result.required_total += 1
            if answered:
                result.required_answered += 1
            else:
                result.missing.append(question.key)
    return result


def progress_by_cluster(
    clusters: Sequence[tuple[str, Sequence[QuestionLike]]],
    all_questions: Sequence[QuestionLike],
    values: Mapping[str, Any],
) -> dict[str, Progress]:
    """Progress per cluster code; visibility is decided over the whole questionnaire (rules may cross clusters)."""
    visible = visible_keys(all_questions, values)
    return {code: progress(questions, values, visible) for code, questions in clusters}


def effective_deadline(questionnaire: Any, response: Any | None = None) -> datetime | None:
    """The deadline that applies to a State's reply (``None``: there is none).

    Every rule about time asks this function, so that a deadline extended for one State moves its
    lateness, its days left and its reminders together: the questionnaire's deadline, or the extension
    granted to this State when it is later (an extension never shortens a deadline moved since).
    """
    deadline = questionnaire.deadline
    extended = getattr(response, "extended_deadline", None) if response is not None else None
    if deadline is None or extended is None:
        return deadline
    return max(deadline, extended)


def days_left(deadline: datetime, now: datetime) -> int:
    """Whole days left before ``deadline`` at ``now`` as people count them: a part of a day counts as a day (five
    hours left: 1, never 0 while time is left); once it has passed, the days since as a negative number (five
    hours past: -1)."""
    left = (deadline - now) / timedelta(days=1)
    return math.ceil(left) if left > 0 else math.floor(left)


def is_late(deadline: datetime | None, submitted_at: datetime | None, now: datetime) -> bool:
    """Late: submitted after the deadline, or not submitted once it has passed. Never late without one."""
    if deadline is None:
        return False
    if submitted_at is not None:
        return submitted_at > deadline
    return now > deadline


def reply_is_late(questionnaire: Any, response: Any | None, now: datetime) -> bool:
    """Whether a State's reply (``response``, ``None`` when it has not started) is late at ``now``."""
    submitted_at = response.submitted_at if response is not None else None
    return is_late(effective_deadline(questionnaire, response), submitted_at, now)
