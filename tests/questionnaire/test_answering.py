"""Visibility of follow-ups, what counts as answered, progress and lateness (pure, no app)."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from questionnaire.replies.answering import (
    days_left,
    effective_deadline,
    is_answered,
    is_late,
    progress,
    progress_by_cluster,
    reply_is_late,
    visible_keys,
)


@dataclass
class Q:
    key: str
    kind: str = "yes_partly_no"
    required: bool = True
    options: dict = field(default_factory=dict)
    show_if: dict | None = None


MAIN = Q("main")
LEGISLATION = Q("main.legislation", "long_text", show_if={"question": "main", "in": ["yes", "partly"]})
EXPLAIN = Q("main.explain", "long_text", show_if={"question": "main", "in": ["no"]})
DETAIL = Q("main.legislation.detail", "short_text", required=False, show_if={"question": "main.legislation", "in": ["x"]})
NOTE = Q("intro", "note", required=False)
ASSIST = Q("assist", "multiple_choice", options={"choices": [{"value": "none", "label": "None"}, {"value": "training", "label": "Training"}]})
ASSIST_DETAIL = Q("assist.details", "long_text", show_if={"question": "assist", "in": ["training"]})
QUESTIONS = [NOTE, MAIN, LEGISLATION, EXPLAIN, ASSIST, ASSIST_DETAIL]


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({}, {"intro", "main", "assist"}),
        ({"main": "yes"}, {"intro", "main", "main.legislation", "assist"}),
        ({"main": "partly"}, {"intro", "main", "main.legislation", "assist"}),
        ({"main": "no"}, {"intro", "main", "main.explain", "assist"}),
        ({"assist": ["none"]}, {"intro", "main", "assist"}),
        ({"assist": ["none", "training"]}, {"intro", "main", "assist", "assist.details"}),
    ],
)
def test_follow_ups_show_only_for_the_listed_answers(values, shown):
    assert visible_keys(QUESTIONS, values) == shown


def test_a_follow_up_of_a_hidden_follow_up_is_hidden_too():
    questions = [MAIN, Q("child", "yes_no", show_if={"question": "main", "in": ["yes"]}),
                 Q("grandchild", "short_text", show_if={"question": "child", "in": ["yes"]})]
    assert "grandchild" in visible_keys(questions, {"main": "yes", "child": "yes"})
    assert "grandchild" not in visible_keys(questions, {"main": "no", "child": "yes"})


def test_notes_are_never_answered_and_blank_text_is_not_an_answer():
    assert not is_answered(NOTE, "anything")
    assert not is_answered(LEGISLATION, "")
    assert is_answered(LEGISLATION, "Penal Code, art. 159")


def test_progress_counts_only_visible_required_questions_and_lists_what_is_missing():
    result = progress(QUESTIONS, {"main": "no", "main.legislation": "kept while hidden"})
    assert (result.required_answered, result.required_total) == (1, 3)
    assert result.missing == ["main.explain", "assist"]
    assert result.percent == 33 and not result.complete


def test_hidden_answers_are_kept_out_of_progress_but_count_again_when_shown():
    values = {"main": "yes", "main.legislation": "Act 12", "assist": ["none"]}
    assert progress(QUESTIONS, values).complete
    values["main"] = "no"
    assert progress(QUESTIONS, values).missing == ["main.explain"]


def test_progress_by_cluster_uses_visibility_of_the_whole_questionnaire():
    per_cluster = progress_by_cluster([("I", [NOTE, MAIN]), ("II", [LEGISLATION, EXPLAIN])], QUESTIONS, {"main": "yes"})
    assert (per_cluster["I"].required_answered, per_cluster["I"].required_total) == (1, 1)
    assert per_cluster["II"].missing == ["main.legislation"]


def test_nothing_required_means_complete():
    assert progress([NOTE], {}).share == 1.0


# --- lateness: one definition for the forms, the exports and the monitoring page -----------------------

DEADLINE = datetime(2026, 6, 30, 12, 0)


@pytest.mark.parametrize(("submitted_at", "now", "late"), (
    (DEADLINE - timedelta(minutes=1), DEADLINE + timedelta(days=9), False),
    (DEADLINE + timedelta(minutes=1), DEADLINE + timedelta(days=9), True),
    (None, DEADLINE - timedelta(minutes=1), False),
    (None, DEADLINE + timedelta(minutes=1), True),
))
def test_late_means_submitted_after_the_deadline_or_still_unsubmitted_once_it_passed(submitted_at, now, late):
    assert is_late(DEADLINE, submitted_at, now) is late


def test_without_a_deadline_nobody_is_late():
    assert not is_late(None, None, DEADLINE) and not is_late(None, DEADLINE, DEADLINE)


def test_a_reply_is_late_by_the_deadline_that_applies_to_it():
    questionnaire = SimpleNamespace(deadline=DEADLINE)
    after = DEADLINE + timedelta(days=1)
    assert effective_deadline(questionnaire) == DEADLINE
    assert reply_is_late(questionnaire, None, after)  # never started
    assert reply_is_late(questionnaire, SimpleNamespace(submitted_at=None), after)  # a draft, or reopened
    assert not reply_is_late(questionnaire, SimpleNamespace(submitted_at=DEADLINE), after)
    assert not reply_is_late(questionnaire, None, DEADLINE)
    assert not reply_is_late(SimpleNamespace(deadline=None), None, after)



@pytest.mark.parametrize(("left", "days"), [
    (timedelta(hours=5), 1), (timedelta(days=1), 1), (timedelta(days=1, seconds=1), 2), (timedelta(days=6, hours=12), 7),
    (timedelta(0), 0), (timedelta(hours=-5), -1), (timedelta(days=-1), -1), (timedelta(days=-1, hours=-1), -2)])
def test_days_left_count_a_part_of_a_day_as_a_day(left, days):
    deadline = datetime(2026, 12, 1, 12, 0)
    assert days_left(deadline, deadline - left) == days
