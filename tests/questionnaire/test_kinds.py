"""Tests of the question-kind registry (plain Python, no Flask application)."""

from __future__ import annotations

import ast
import datetime
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, nodes

from questionnaire.kinds import KIND_NAMES, REGISTRY, InvalidAnswer, Kind, Summary, get_kind

CHOICES = {
    "choices": [
        {"value": "training", "label": "Training"},
        {"value": "law", "label": "Legislation"},
        {"value": "data-2", "label": "Data collection"},
    ]
}


def invalid(kind: str, raw: Any, options: dict | None = None) -> InvalidAnswer:
    """The InvalidAnswer raised by coercing ``raw`` (fails the test if none is raised)."""
    with pytest.raises(InvalidAnswer) as caught:
        get_kind(kind).coerce(raw, options or {})
    return caught.value


# --- registry ---------------------------------------------------------------------------------------


def test_kind_names_are_stable_and_complete() -> None:
    assert KIND_NAMES == (
        "yes_partly_no", "yes_no", "single_choice", "multiple_choice", "short_text",
        "long_text", "number", "date", "links", "note", "table",
    )
    assert list(REGISTRY) == list(KIND_NAMES)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_get_kind_returns_the_registered_instance(name: str) -> None:
    kind = get_kind(name)
    assert isinstance(kind, Kind)
    assert kind is REGISTRY[name]
    assert kind.name == name
    assert str(kind.label)


@pytest.mark.parametrize("name", ["", "Yes_No", "checkbox", None, 3])
def test_get_kind_rejects_unknown_names(name: Any) -> None:
    with pytest.raises(KeyError, match="unknown question kind"):
        get_kind(name)


@pytest.mark.parametrize(
    ("name", "answerable", "closed", "multiple"),
    [
        ("yes_partly_no", True, True, False),
        ("yes_no", True, True, False),
        ("single_choice", True, True, False),
        ("multiple_choice", True, True, True),
        ("short_text", True, False, False),
        ("long_text", True, False, False),
        ("number", True, False, False),
        ("date", True, False, False),
        ("links", True, False, True),
        ("note", False, False, False),
    ],
)
def test_kind_flags(name: str, answerable: bool, closed: bool, multiple: bool) -> None:
    kind = get_kind(name)
    assert (kind.answerable, kind.closed, kind.multiple) == (answerable, closed, multiple)


def test_kind_labels() -> None:
    assert get_kind("yes_partly_no").label == "Yes / Yes, in part / No"
    assert get_kind("yes_no").label == "Yes / No"


# --- options ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("yes_partly_no", {}),
        ("yes_no", None),
        ("single_choice", CHOICES),
        ("multiple_choice", {**CHOICES, "min_selected": 1, "max_selected": 2}),
        ("multiple_choice", {**CHOICES, "min_selected": 2, "max_selected": 2}),
        ("short_text", {"max_length": 80}),
        ("long_text", {}),
        ("number", {"min": 0, "max": 10.5, "integer": False}),
        ("number", {"min": 3, "max": 3}),
        ("date", {"min": "2000-01-01", "max": "2030-12-31"}),
        ("links", {"max_links": 5}),
        ("note", {}),
    ],
)
def test_good_options_have_no_problems(name: str, options: dict | None) -> None:
    assert get_kind(name).option_problems(options) == []


def places(name: str, options: Any) -> list[str]:
    """The places of the problems reported for ``options``."""
    problems = get_kind(name).option_problems(options)
    assert all(isinstance(message, str) and message for _place, message in problems)
    return [place for place, _message in problems]


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("yes_partly_no", {"choices": CHOICES["choices"]}, ["choices"]),
        ("yes_no", {"max_length": 3}, ["max_length"]),
        ("note", {"colour": "blue"}, ["colour"]),
        ("short_text", {"max_length": 0}, ["max_length"]),
        ("short_text", {"max_length": -5}, ["max_length"]),
        ("long_text", {"max_length": "500"}, ["max_length"]),
        ("long_text", {"max_length": True}, ["max_length"]),
        ("short_text", {"maxlength": 10}, ["maxlength"]),
        ("number", {"min": 5, "max": 1}, ["min"]),
        ("number", {"min": "0"}, ["min"]),
        ("number", {"max": math.inf}, ["max"]),
        ("number", {"integer": "yes"}, ["integer"]),
        ("date", {"min": "2030-01-01", "max": "2020-01-01"}, ["min"]),
        ("date", {"min": "1/1/2020"}, ["min"]),
        ("date", {"max": "2023-02-30"}, ["max"]),
        ("links", {"max_links": 0}, ["max_links"]),
        ("links", {"max_links": 2.5}, ["max_links"]),
        ("single_choice", {}, ["choices"]),
        ("single_choice", {"choices": "a,b"}, ["choices"]),
        ("single_choice", {"choices": [{"value": "a", "label": "A"}]}, ["choices"]),
        ("single_choice", {"choices": []}, ["choices"]),
        ("multiple_choice", {**CHOICES, "min_selected": 3, "max_selected": 2}, ["min_selected"]),
        ("multiple_choice", {**CHOICES, "min_selected": 4}, ["min_selected"]),
        ("multiple_choice", {**CHOICES, "max_selected": 0}, ["max_selected"]),
        ("multiple_choice", {**CHOICES, "extra": 1}, ["extra"]),
    ],
)
def test_bad_options_are_reported_with_their_place(name: str, options: dict, expected: list[str]) -> None:
    assert places(name, options) == expected


@pytest.mark.parametrize("name", ["single_choice", "multiple_choice"])
def test_choice_entries_are_checked_one_by_one(name: str) -> None:
    options = {
        "choices": [
            {"value": "a", "label": "A"},
            {"value": "a", "label": "Again A"},
            {"value": "Bad Code", "label": "B"},
            {"value": "", "label": "C"},
            {"value": "d", "label": "  "},
            {"value": "e"},
            "f",
            {"value": "g", "label": "G", "help": "?"},
            {"value": 7, "label": "Seven"},
        ]
    }
    assert places(name, options) == [
        "choices[1].value",
        "choices[2].value",
        "choices[3].value",
        "choices[4].label",
        "choices[5].label",
        "choices[6]",
        "choices[7].help",
        "choices[8].value",
    ]


def test_duplicate_choice_message_names_the_value() -> None:
    options = {"choices": [{"value": "x", "label": "X"}, {"value": "x", "label": "Y"}]}
    [(place, message)] = get_kind("single_choice").option_problems(options)
    assert place == "choices[1].value"
    assert "“x”" in message


def test_unknown_option_message_names_the_option() -> None:
    [(place, message)] = get_kind("number").option_problems({"step": 2})
    assert place == "step"
    assert "“step”" in message


@pytest.mark.parametrize("options", [[1, 2], "max_length=3", 5])
def test_options_that_are_not_a_mapping(options: Any) -> None:
    assert places("short_text", options) == [""]


# --- yes_partly_no and yes_no ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", "yes"), ("partly", "partly"), ("no", "no"), (" YES ", "yes"),
        ("Yes, in part", "partly"), ("yes,  in   PART", "partly"), (["no"], "no"),
        (["", "partly"], "partly"), (True, "yes"), (False, "no"),
        ("", None), ("   ", None), (None, None), ([], None), (["", None], None),
    ],
)
def test_yes_partly_no_coerce(raw: Any, expected: str | None) -> None:
    assert get_kind("yes_partly_no").coerce(raw, {}) == expected


@pytest.mark.parametrize("raw", ["maybe", "y", "in part", 1, 0.5, {"value": "yes"}])
def test_yes_partly_no_rejects_other_answers(raw: Any) -> None:
    assert invalid("yes_partly_no", raw).message == "Choose one of the listed answers."


def test_single_answer_kinds_reject_several_items() -> None:
    assert invalid("yes_partly_no", ["yes", "no"]).message == "Choose only one answer."
    assert invalid("single_choice", ["law", "training"], CHOICES).message == "Choose only one answer."


@pytest.mark.parametrize(("raw", "expected"), [("Yes", "yes"), ("no", "no"), (True, "yes"), ("", None)])
def test_yes_no_coerce(raw: Any, expected: str | None) -> None:
    assert get_kind("yes_no").coerce(raw) == expected


def test_yes_no_has_no_partly() -> None:
    assert invalid("yes_no", "partly").message == "Choose one of the listed answers."
    assert invalid("yes_no", "Yes, in part").message == "Choose one of the listed answers."


@pytest.mark.parametrize(
    ("name", "values", "labels"),
    [
        ("yes_partly_no", ["yes", "partly", "no"], ["Yes", "Yes, in part", "No"]),
        ("yes_no", ["yes", "no"], ["Yes", "No"]),
    ],
)
def test_fixed_scales(name: str, values: list[str], labels: list[str]) -> None:
    kind = get_kind(name)
    assert kind.possible_values({}) == values
    assert [kind.choice_label(v, {}) for v in values] == labels
    assert [kind.as_text(v, {}) for v in values] == labels
    assert all(isinstance(kind.as_text(v), str) for v in values)


def test_yes_partly_no_check() -> None:
    kind = get_kind("yes_partly_no")
    for value in ("yes", "partly", "no", None, ""):
        kind.check(value, {})
    for value in ("Yes", "maybe", 1, ["yes"], True):
        with pytest.raises(InvalidAnswer, match="Choose one of the listed answers."):
            kind.check(value, {})


def test_yes_partly_no_summary_counts_every_value_in_order() -> None:
    summary = get_kind("yes_partly_no").summarize(["yes", None, "no", "yes", ""], {})
    assert summary == Summary(answered=3, total=5, counts={"yes": 2, "partly": 0, "no": 1})
    assert list(summary.counts) == ["yes", "partly", "no"]


def test_summary_of_nothing() -> None:
    assert get_kind("yes_no").summarize([], {}) == Summary(answered=0, total=0, counts={"yes": 0, "no": 0})


def test_summary_keeps_codes_no_longer_offered_after_the_known_ones() -> None:
    summary = get_kind("yes_no").summarize(iter(["no", "partly", "partly"]), {})
    assert summary.counts == {"yes": 0, "no": 1, "partly": 2}


# --- single_choice ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("training", "training"), ("LAW", "law"), ("Data collection", "data-2"), (["data-2"], "data-2"),
     ("", None), (None, None)],
)
def test_single_choice_coerce(raw: Any, expected: str | None) -> None:
    assert get_kind("single_choice").coerce(raw, CHOICES) == expected


@pytest.mark.parametrize("raw", ["other", "Train", 3, True])
def test_single_choice_rejects_unlisted_answers(raw: Any) -> None:
    assert invalid("single_choice", raw, CHOICES).message == "Choose one of the listed answers."


def test_choice_code_wins_over_a_label() -> None:
    options = {"choices": [{"value": "a", "label": "b"}, {"value": "b", "label": "a"}]}
    assert get_kind("single_choice").coerce("a", options) == "a"
    assert get_kind("single_choice").coerce("B", options) == "b"


def test_single_choice_check_and_text() -> None:
    kind = get_kind("single_choice")
    kind.check("law", CHOICES)
    with pytest.raises(InvalidAnswer):
        kind.check("Legislation", CHOICES)
    assert kind.as_text("law", CHOICES) == "Legislation"
    assert kind.as_text(None, CHOICES) == ""
    assert kind.choice_label("gone", CHOICES) == "gone"
    assert kind.possible_values(CHOICES) == ["training", "law", "data-2"]


def test_single_choice_summary() -> None:
    summary = get_kind("single_choice").summarize(["law", "law", None], CHOICES)
    assert summary == Summary(answered=2, total=3, counts={"training": 0, "law": 2, "data-2": 0})


# --- multiple_choice -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["law", "training"], ["training", "law"]),
        (["data-2", "law", "data-2", "Legislation"], ["law", "data-2"]),
        ("law", ["law"]),
        (("training",), ["training"]),
        (["", "  ", None], None),
        ([], None),
        ("", None),
        (None, None),
    ],
)
def test_multiple_choice_coerce(raw: Any, expected: list[str] | None) -> None:
    assert get_kind("multiple_choice").coerce(raw, CHOICES) == expected


@pytest.mark.parametrize("raw", [["law", "nope"], ["law", 3], 7, {"law": True}])
def test_multiple_choice_rejects_unlisted_answers(raw: Any) -> None:
    assert invalid("multiple_choice", raw, CHOICES).message == "Choose only from the listed answers."


@pytest.mark.parametrize(
    ("options", "raw", "message"),
    [
        ({"min_selected": 2}, ["law"], "Choose at least 2 answers."),
        ({"max_selected": 2}, ["law", "training", "data-2"], "Choose at most 2 answers."),
        ({"max_selected": 1}, ["law", "training"], "Choose only one answer."),
    ],
)
def test_multiple_choice_limits(options: dict, raw: list[str], message: str) -> None:
    assert invalid("multiple_choice", raw, {**CHOICES, **options}).message == message


def test_multiple_choice_limits_allow_the_boundaries_and_no_answer() -> None:
    kind = get_kind("multiple_choice")
    options = {**CHOICES, "min_selected": 2, "max_selected": 2}
    assert kind.coerce(["law", "training"], options) == ["training", "law"]
    assert kind.coerce([], options) is None
    kind.check(None, options)


def test_multiple_choice_check() -> None:
    kind = get_kind("multiple_choice")
    kind.check(["law", "training"], CHOICES)  # order is not validity
    for value, message in [
        ("law", "Choose only from the listed answers."),
        (["law", "zzz"], "Choose only from the listed answers."),
        (["law", "law"], "Choose each answer only once."),
    ]:
        with pytest.raises(InvalidAnswer, match=message):
            kind.check(value, CHOICES)
    kind.check(["law"], {**CHOICES, "min_selected": 1, "max_selected": 1})
    with pytest.raises(InvalidAnswer, match="Choose at least 2 answers."):
        kind.check(["law"], {**CHOICES, "min_selected": 2})
    with pytest.raises(InvalidAnswer, match="Choose only one answer."):
        kind.check(["law", "training"], {**CHOICES, "max_selected": 1})


def test_multiple_choice_text_and_summary() -> None:
    kind = get_kind("multiple_choice")
    assert kind.as_text(["training", "data-2"], CHOICES) == "Training; Data collection"
    assert kind.as_text([], CHOICES) == ""
    summary = kind.summarize([["training", "law"], ["law"], None, [], ["law", "data-2"]], CHOICES)
    assert summary == Summary(answered=3, total=5, counts={"training": 1, "law": 3, "data-2": 1})


# --- short_text and long_text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("short_text", "  Ministry of Interior  ", "Ministry of Interior"),
        ("short_text", "two\r\nlines", "two lines"),
        ("short_text", "a \n\n b", "a b"),
        ("short_text", ["only"], "only"),
        ("short_text", 2019, "2019"),
        ("short_text", "nul\x00byte", "nulbyte"),
        ("long_text", " First.\r\n\r\nSecond.\rThird.\t ", "First.\n\nSecond.\nThird."),
        ("long_text", "tab\tkept", "tab\tkept"),
        ("long_text", "", None),
        ("long_text", " \r\n ", None),
        ("short_text", None, None),
        ("short_text", [], None),
    ],
)
def test_text_coerce(name: str, raw: Any, expected: str | None) -> None:
    assert get_kind(name).coerce(raw, {}) == expected


@pytest.mark.parametrize("raw", [{"text": "x"}, True, b"bytes"])
def test_text_rejects_non_text(raw: Any) -> None:
    assert invalid("long_text", raw).message == "Enter text."


def test_text_rejects_several_items() -> None:
    assert invalid("short_text", ["a", "b"]).message == "Give a single answer."


@pytest.mark.parametrize(
    ("name", "options", "limit"),
    [("short_text", {}, 500), ("long_text", {}, 20000), ("short_text", {"max_length": 10}, 10),
     ("long_text", {"max_length": 3}, 3)],
)
def test_text_length_limits(name: str, options: dict, limit: int) -> None:
    kind = get_kind(name)
    assert kind.coerce("x" * limit, options) == "x" * limit
    assert kind.coerce(" " + "x" * limit + " ", options) == "x" * limit  # counted after stripping
    error = invalid(name, "x" * (limit + 1), options)
    assert error.message == f"Use at most {limit:,} characters (you used {limit + 1:,})."


def test_text_check_and_text() -> None:
    kind = get_kind("long_text")
    kind.check("fine", {})
    kind.check("", {})
    with pytest.raises(InvalidAnswer, match="Enter text."):
        kind.check(12, {})
    with pytest.raises(InvalidAnswer, match="at most 2 characters"):
        kind.check("abc", {"max_length": 2})
    assert kind.as_text("a\nb", {}) == "a\nb"
    assert kind.possible_values({}) is None
    with pytest.raises(TypeError):
        kind.choice_label("a", {})


def test_text_summary_has_no_counts() -> None:
    assert get_kind("short_text").summarize(["a", "", None, "b"], {}) == Summary(answered=2, total=4)


# --- number ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12), ("-3", -3), ("+4", 4), ("1234.5", 1234.5), ("3.0", 3), (".5", 0.5), ("7.", 7),
        (" 42 ", 42), ("0.10", 0.1), (5, 5), (2.5, 2.5), (6.0, 6), (Decimal("1.50"), 1.5),
        (Decimal("2.000"), 2), (["8"], 8), ("", None), ("  ", None), (None, None), ([], None),
    ],
)
def test_number_coerce(raw: Any, expected: int | float | None) -> None:
    value = get_kind("number").coerce(raw, {})
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    "raw",
    ["1e3", "1 234,5", "3,5", "1,000", "twelve", "nan", "inf", "-", ".", "1.2.3", "0x10", "1_000",
     "9" * 41, math.nan, math.inf, -math.inf, Decimal("NaN"), True, {"n": 1}],
)
def test_number_rejects_malformed_input(raw: Any) -> None:
    assert invalid("number", raw).message == "Enter a number, such as 12 or 3.5."


@pytest.mark.parametrize(
    ("options", "raw", "message"),
    [
        ({"integer": True}, "2.5", "Enter a whole number."),
        ({"min": 0}, "-1", "Enter a number of at least 0."),
        ({"min": 0.5}, "0.25", "Enter a number of at least 0.5."),
        ({"max": 100.0}, "100.5", "Enter a number of at most 100."),
        ({"min": 1, "max": 10, "integer": True}, "11", "Enter a number of at most 10."),
    ],
)
def test_number_options(options: dict, raw: str, message: str) -> None:
    assert invalid("number", raw, options).message == message


def test_number_options_allow_boundaries() -> None:
    kind = get_kind("number")
    options = {"min": 1, "max": 10, "integer": True}
    assert kind.coerce("1", options) == 1
    assert kind.coerce("10.0", options) == 10
    assert kind.coerce("2.5", {"integer": False}) == 2.5


def test_number_check() -> None:
    kind = get_kind("number")
    kind.check(3, {"integer": True})
    kind.check(3.0, {"integer": True})
    kind.check(None, {"min": 5})
    for value in ("3", True, math.nan, [3]):
        with pytest.raises(InvalidAnswer, match="Enter a number"):
            kind.check(value, {})
    with pytest.raises(InvalidAnswer, match="Enter a whole number."):
        kind.check(3.5, {"integer": True})


@pytest.mark.parametrize(
    ("value", "text"),
    [(12, "12"), (3.0, "3"), (1234.5, "1234.5"), (-0.25, "-0.25"), (1e-05, "0.00001"),
     (10**20, "100000000000000000000"), (None, "")],
)
def test_number_as_text(value: Any, text: str) -> None:
    assert get_kind("number").as_text(value, {}) == text


def test_number_summary() -> None:
    summary = get_kind("number").summarize([4, None, 1.5, 10, ""], {})
    assert (summary.answered, summary.total, summary.counts) == (3, 5, None)
    assert (summary.min, summary.max) == (1.5, 10)
    assert summary.mean == pytest.approx(15.5 / 3)


def test_number_summary_without_answers() -> None:
    assert get_kind("number").summarize([None, None], {}) == Summary(answered=0, total=2)


# --- date ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-31", "2024-03-31"), (" 2024-02-29 ", "2024-02-29"),
        (datetime.date(2019, 12, 1), "2019-12-01"), (datetime.datetime(2020, 5, 6, 7, 8), "2020-05-06"),
        (["2021-01-02"], "2021-01-02"), ("", None), (None, None),
    ],
)
def test_date_coerce(raw: Any, expected: str | None) -> None:
    assert get_kind("date").coerce(raw, {}) == expected


@pytest.mark.parametrize("raw", ["31/03/2024", "2024-3-31", "20240331", "2024-03-31T00:00", "today", 2024])
def test_date_rejects_other_formats(raw: Any) -> None:
    assert invalid("date", raw).message == "Enter a date as YYYY-MM-DD."


@pytest.mark.parametrize("raw", ["2023-02-29", "2024-13-01", "2024-04-31", "0000-01-01"])
def test_date_rejects_dates_that_do_not_exist(raw: str) -> None:
    assert invalid("date", raw).message == "Enter a real date, such as 2024-03-31."


def test_date_options() -> None:
    kind = get_kind("date")
    options = {"min": "2000-01-01", "max": "2024-12-31"}
    assert kind.coerce("2000-01-01", options) == "2000-01-01"
    assert kind.coerce("2024-12-31", options) == "2024-12-31"
    assert invalid("date", "1999-12-31", options).message == "Enter a date on or after 2000-01-01."
    assert invalid("date", "2025-01-01", options).message == "Enter a date on or before 2024-12-31."


def test_date_check_text_and_summary() -> None:
    kind = get_kind("date")
    kind.check("2024-01-31", {})
    for value in ("2024-02-30", datetime.date(2024, 1, 1), 20240101):
        with pytest.raises(InvalidAnswer):
            kind.check(value, {})
    assert kind.as_text("2024-01-31", {}) == "2024-01-31"
    assert kind.as_text(None, {}) == ""
    summary = kind.summarize(["2024-05-01", None, "2019-01-01", "2020-02-02"], {})
    assert summary == Summary(answered=3, total=4, min="2019-01-01", max="2024-05-01")


# --- links -----------------------------------------------------------------------------------------

CC = {"title": "Criminal Code, art. 318", "url": "https://example.org/cc#art318"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([CC], [CC]),
        ([{"title": "  Criminal   Code,\nart. 318 ", "url": " https://example.org/cc#art318 "}],
         [CC]),
        ([{"title": "", "url": "http://example.org/a"}],
         [{"title": "http://example.org/a", "url": "http://example.org/a"}]),
        ([{"url": "https://x.example"}], [{"title": "https://x.example", "url": "https://x.example"}]),
        ([{"title": " ", "url": ""}, CC, {"title": None, "url": None}, None], [CC]),
        ([{**CC, "csrf_token": "ignored"}], [CC]),
        (CC, [CC]),
        ("Criminal Code, art. 318 <https://example.org/cc#art318>\n\nhttps://b.example/x?y=1",
         [CC, {"title": "https://b.example/x?y=1", "url": "https://b.example/x?y=1"}]),
        (["Criminal Code, art. 318 https://example.org/cc#art318"], [CC]),
        ("HTTPS://EXAMPLE.ORG:8443/p",
         [{"title": "HTTPS://EXAMPLE.ORG:8443/p", "url": "HTTPS://EXAMPLE.ORG:8443/p"}]),
        ([{"title": "", "url": ""}], None),
        ([], None),
        ("", None),
        (None, None),
    ],
)
def test_links_coerce(raw: Any, expected: list[dict] | None) -> None:
    assert get_kind("links").coerce(raw, {}) == expected


@pytest.mark.parametrize(
    "url",
    ["www.example.org", "example.org/page", "ftp://example.org/file", "https://", "https:///path",
     "http://exa mple.org", "https://example.org/a b", "mailto:someone@example.org", "javascript:alert(1)",
     "https://example.org:port/", "http:example.org", "https://example.org/<x>",
     "https://example.org/" + "a" * 2000],
)
def test_links_reject_addresses_that_are_not_full_web_addresses(url: str) -> None:
    error = invalid("links", [CC, {"title": "T", "url": url}])
    assert error.place == "[1].url"
    assert error.message in (
        "Enter a full web address starting with http:// or https://.",
        "Use at most 2,000 characters (you used 2,020).",
    )


def test_links_title_without_address() -> None:
    error = invalid("links", [{"title": "Penal Code", "url": "  "}])
    assert error.message == "Give the web address for “Penal Code”."
    assert error.place == "[0].url"
    assert invalid("links", "Penal Code of 2010").message == "Give the web address for “Penal Code of 2010”."


@pytest.mark.parametrize("raw", [5, [5], [{"title": 3, "url": "https://a.example"}], [["x"]]])
def test_links_reject_other_shapes(raw: Any) -> None:
    assert invalid("links", raw).message == "Each link needs a title and a web address."


def test_links_limits() -> None:
    three = [{"title": str(i), "url": f"https://example.org/{i}"} for i in range(3)]
    assert get_kind("links").coerce(three, {"max_links": 3}) == three
    assert invalid("links", three, {"max_links": 2}).message == "Give at most 2 links."
    many = [{"title": "", "url": f"https://example.org/{i}"} for i in range(21)]
    assert invalid("links", many).message == "Give at most 20 links."
    error = invalid("links", [{"title": "t" * 501, "url": "https://example.org"}])
    assert (error.message, error.place) == ("Use at most 500 characters (you used 501).", "[0].title")


def test_links_check() -> None:
    kind = get_kind("links")
    kind.check([CC], {})
    kind.check([], {})
    for value in ([{"title": "T"}], [{**CC, "extra": 1}], [{"title": "", "url": CC["url"]}],
                  [{"title": "a\nb", "url": CC["url"]}], CC, "https://example.org"):
        with pytest.raises(InvalidAnswer, match="Each link needs"):
            kind.check(value, {})
    with pytest.raises(InvalidAnswer, match="full web address"):
        kind.check([{"title": "T", "url": "example.org"}], {})


def test_links_text_round_trips_and_summary() -> None:
    kind = get_kind("links")
    value = [CC, {"title": "https://b.example", "url": "https://b.example"}]
    text = kind.as_text(value, {})
    assert text == (
        "Criminal Code, art. 318 <https://example.org/cc#art318>\n"
        "https://b.example <https://b.example>"
    )
    assert kind.coerce(text, {}) == value
    assert kind.as_text(None, {}) == ""
    assert kind.summarize([value, None, [CC]], {}) == Summary(answered=2, total=3)


# --- note ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["something", ["a"], 3, None, ""])
def test_note_takes_no_answer(raw: Any) -> None:
    kind = get_kind("note")
    assert kind.coerce(raw, {}) is None
    assert kind.is_answered(raw) is False
    assert kind.as_text(raw, {}) == ""


def test_note_check_and_summary() -> None:
    kind = get_kind("note")
    kind.check(None, {})
    with pytest.raises(InvalidAnswer, match="takes no answer"):
        kind.check("text", {})
    assert kind.summarize([None, None], {}) == Summary(answered=0, total=2)
    assert kind.possible_values({}) is None


# --- shared rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in KIND_NAMES if n != "note"])
@pytest.mark.parametrize(("value", "answered"), [(None, False), ("", False), ([], False), ("x", True),
                                                 (["x"], True), (0, True), (False, True)])
def test_is_answered(name: str, value: Any, answered: bool) -> None:
    assert get_kind(name).is_answered(value) is answered


@pytest.mark.parametrize("name", KIND_NAMES)
def test_unanswered_values_pass_check_and_show_as_empty(name: str) -> None:
    options = CHOICES if name in ("single_choice", "multiple_choice") else {}
    kind = get_kind(name)
    kind.check(None, options)
    assert kind.as_text(None, options) == ""
    assert kind.coerce(None, options) is None


def test_closed_kinds_list_possible_values_and_others_do_not() -> None:
    for name in KIND_NAMES:
        kind = get_kind(name)
        options = CHOICES if name in ("single_choice", "multiple_choice") else {}
        assert (kind.possible_values(options) is not None) is kind.closed


def test_invalid_answer_is_a_value_error_with_a_message() -> None:
    error = invalid("number", "abc")
    assert isinstance(error, ValueError)
    assert str(error) == error.message == "Enter a number, such as 12 or 3.5."
    assert error.place is None


@pytest.mark.parametrize(
    ("name", "raw", "options"),
    [("yes_partly_no", "partly", {}), ("single_choice", "law", CHOICES),
     ("multiple_choice", ["data-2", "training"], CHOICES), ("short_text", "x", {}),
     ("long_text", "a\nb", {}), ("number", "2.5", {}), ("date", "2024-01-01", {}), ("links", [CC], {})],
)
def test_coerced_values_pass_check_and_coerce_again_unchanged(name: str, raw: Any, options: dict) -> None:
    kind = get_kind(name)
    value = kind.coerce(raw, options)
    kind.check(value, options)
    assert kind.coerce(value, options) == value


# --- the registry is the only place that knows a kind by name ---------------------------------------

ROOT = Path(__file__).resolve().parents[2]
#: The stages whose code and templates must ask the registry instead of naming a kind.
CHECKED_PACKAGES = ("questionnaire", "forms", "exports")
REGISTRY_PACKAGE = ROOT / "questionnaire" / "kinds"
#: Kind names that are no ordinary word: such a literal anywhere is a kind named outside the registry
#: (a set of kinds to test membership in, a table keyed by kind).  "number", "date", "links" and "note"
#: are also words of the domain (a question's number, a date column), so only comparisons with them count.
DISTINCT_NAMES = frozenset(name for name in KIND_NAMES if "_" in name)


def _python_literals(node: ast.AST) -> Iterator[ast.Constant]:
    """The string literals that ``node`` is or holds as an element (tuples, lists, sets, set calls)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for element in node.elts:
            yield from _python_literals(element)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
        "set", "frozenset", "tuple", "list",
    ):
        for argument in node.args:
            yield from _python_literals(argument)


def kind_names_in_python(source: str) -> list[tuple[int, str]]:
    """``(line, kind name)`` for every kind name that ``source`` compares with, matches, looks up in the
    registry or writes as a distinctive literal."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            candidates = [node.left, *node.comparators]
        elif isinstance(node, ast.MatchValue):
            candidates = [node.value]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "get_kind":
            candidates = list(node.args)
        elif isinstance(node, ast.Subscript) and getattr(node.value, "id", "") == "REGISTRY":
            candidates = [node.slice]
        elif isinstance(node, ast.Constant) and node.value in DISTINCT_NAMES:
            candidates = [node]
        else:
            continue
        found += [(c.lineno, c.value) for n in candidates for c in _python_literals(n) if c.value in KIND_NAMES]
    return sorted(set(found))


def _jinja_literals(node: nodes.Node) -> Iterator[nodes.Const]:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield node
    elif isinstance(node, (nodes.Tuple, nodes.List)):
        for item in node.items:
            yield from _jinja_literals(item)


def kind_names_in_template(source: str) -> list[tuple[int, str]]:
    """``(line, kind name)`` for every kind name that a Jinja template compares with, tests against,
    looks up or writes as a distinctive literal."""
    environment = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"])
    found: list[tuple[int, str]] = []
    for node in environment.parse(source).find_all((nodes.Compare, nodes.Test, nodes.Call, nodes.Const)):
        if isinstance(node, nodes.Compare):
            candidates = [node.expr, *(operand.expr for operand in node.ops)]
        elif isinstance(node, (nodes.Test, nodes.Call)):
            candidates = list(node.args)
        elif node.value in DISTINCT_NAMES:
            candidates = [node]
        else:
            continue
        found += [(c.lineno, c.value) for n in candidates for c in _jinja_literals(n) if c.value in KIND_NAMES]
    return sorted(set(found))


_JS_COMPARISON = re.compile(
    r"""[!=]==?\s*(["'])(?P<after>\w+)\1|(["'])(?P<before>\w+)\3\s*[!=]==?|(["'])(?P<lone>\w+)\5"""
)


def kind_names_in_script(source: str) -> list[tuple[int, str]]:
    """``(line, kind name)`` for every kind name a script compares with or writes as a distinctive literal."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        for match in _JS_COMPARISON.finditer(line):
            name = match["after"] or match["before"] or match["lone"]
            if name in DISTINCT_NAMES or (name in KIND_NAMES and not match["lone"]):
                found.append((number, name))
    return found


_SCANNERS = {".py": kind_names_in_python, ".html": kind_names_in_template, ".js": kind_names_in_script}


def test_no_kind_name_is_compared_outside_the_registry() -> None:
    scanned, found = 0, []
    for package in CHECKED_PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix not in _SCANNERS or REGISTRY_PACKAGE in path.parents:
                continue
            scanned += 1
            for line, name in _SCANNERS[path.suffix](path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert scanned > 100  # the walk did see the code and the templates
    assert found == [], "ask the kind (questionnaire.kinds) instead of naming it:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("scanner", "source", "expected"),
    [
        (kind_names_in_python, 'if question.kind == "note":\n    pass', [(1, "note")]),
        (kind_names_in_python, 'x = kind.name != "number"', [(1, "number")]),
        (kind_names_in_python, 'x = kind in ("long_text", "links")', [(1, "links"), (1, "long_text")]),
        (kind_names_in_python, 'x = "date" == q.kind', [(1, "date")]),
        (kind_names_in_python, 'RADIO = frozenset({"yes_no", "single_choice"})', [(1, "single_choice"), (1, "yes_no")]),
        (kind_names_in_python, 'LOOKS = {"multiple_choice": 1}', [(1, "multiple_choice")]),
        (kind_names_in_python, 'k = get_kind("number")', [(1, "number")]),
        (kind_names_in_python, 'k = REGISTRY["date"]', [(1, "date")]),
        (kind_names_in_python, 'match kind:\n    case "links":\n        pass', [(2, "links")]),
        (kind_names_in_template, '{% if q.kind == "note" %}x{% endif %}', [(1, "note")]),
        (kind_names_in_template, '{% for q in qs if q.kind != "note" %}{% endfor %}', [(1, "note")]),
        (kind_names_in_template, '{% if q.kind in ("date", "number") %}x{% endif %}', [(1, "date"), (1, "number")]),
        (kind_names_in_template, '{% if q.kind is sameas "links" %}x{% endif %}', [(1, "links")]),
        (kind_names_in_template, '{{ kinds["yes_partly_no"] }}', [(1, "yes_partly_no")]),
        (kind_names_in_script, 'if (field.dataset.kind === "note") {}', [(1, "note")]),
        (kind_names_in_script, "const radios = ['yes_no'];", [(1, "yes_no")]),
        # The words a kind is named after, used as words: no finding.
        (kind_names_in_python, 'row = {"number": q.number, "date": today}\nLook.DATE = "date"', []),
        (kind_names_in_python, 'x = column.name in ("number", "text")', [(1, "number")]),
        (kind_names_in_python, 'help = "short_text, long_text: the most characters"', []),
        (kind_names_in_template, '<input type="number"> {{ q.number }} {{ x["date"] }}', []),
        (kind_names_in_script, 'input.type = "number";', []),
    ],
)
def test_the_registry_check_sees_kind_names_and_only_them(scanner: Any, source: str, expected: list) -> None:
    assert scanner(source) == expected


def test_a_date_is_shown_the_readers_way_and_kept_as_iso_text_in_files(app):
    from questionnaire.kinds import get_kind

    date_kind = get_kind("date")
    with app.test_request_context("/?lang=es"):
        assert date_kind.display_text("2020-03-01") == "1 mar 2020"
        assert date_kind.as_text("2020-03-01") == "2020-03-01"
        assert get_kind("short_text").display_text("2020-03-01") == "2020-03-01"  # a text stays as typed
