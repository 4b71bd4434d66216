"""What each question kind gives the other stages: its answering field and widget, its spreadsheet
cells, how it reads its options from text, and plausible sample answers (plain Python, no application)."""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path
from typing import Any

import pytest
from wtforms import Form

from questionnaire.kinds import KIND_NAMES, REGISTRY, CellColumn, InvalidAnswer, get_kind

CHOICES = {"choices": [{"value": "training", "label": "Training"}, {"value": "law", "label": "Legislation"}]}
TABLE = {"table_rows": [{"value": "investigated", "label": "Persons investigated"},
                         {"value": "convicted", "label": "Persons convicted"}],
         "table_columns": [{"value": "2024", "label": "2024"}, {"value": "2025", "label": "2025"}]}
OPTIONS = {"single_choice": CHOICES, "multiple_choice": CHOICES, "table": TABLE}
WIDGETS = Path(__file__).resolve().parents[2] / "forms" / "templates" / "forms" / "_widgets.html"
LAW = {"title": "Migration Act", "url": "https://example.org/act"}


def bound(field: Any) -> Any:
    """``field`` bound to a throw-away form, as the answering page binds it."""
    return type("F", (Form,), {"q": field})().q


@pytest.mark.parametrize("name", KIND_NAMES)
def test_every_kind_names_a_widget_macro_that_exists(name: str) -> None:
    macros = set(re.findall(r"{%\s*macro\s+(\w+)\(", WIDGETS.read_text(encoding="utf-8")))
    assert get_kind(name).widget in macros


@pytest.mark.parametrize(
    ("name", "field_type", "suffix"),
    [
        ("yes_partly_no", "RadioField", "-0"), ("yes_no", "RadioField", "-0"),
        ("single_choice", "RadioField", "-0"), ("multiple_choice", "SelectMultipleField", "-0"),
        ("short_text", "StringField", ""), ("long_text", "TextAreaField", ""), ("number", "StringField", ""),
        ("date", "StringField", ""), ("links", "FieldList", "-0-title"),
    ],
)
def test_answerable_kinds_build_their_field(name: str, field_type: str, suffix: str) -> None:
    kind = get_kind(name)
    field = bound(kind.form_field("1.2 Text", OPTIONS.get(name), rows=4))
    assert field.type == field_type
    assert field.label.text == "1.2 Text"
    assert kind.first_control_suffix == suffix


def test_a_note_has_no_field() -> None:
    assert get_kind("note").form_field("Guidance", {}) is None


def test_radio_buttons_offer_the_labels_then_a_way_back_to_no_answer() -> None:
    field = bound(get_kind("yes_partly_no").form_field("1 Q"))
    assert [(value, label) for value, label, *_rest in field.iter_choices()] == [
        ("yes", "Yes"), ("partly", "Yes, in part"), ("no", "No"), ("", "No answer yet")]


def test_check_boxes_offer_the_choices_of_the_options() -> None:
    field = bound(get_kind("multiple_choice").form_field("1 Q", CHOICES))
    assert [(value, label) for value, label, *_rest in field.iter_choices()] == [
        ("training", "Training"), ("law", "Legislation")]


def test_links_offer_as_many_rows_as_asked() -> None:
    assert len(bound(get_kind("links").form_field("1 Q", {}, rows=5))) == 5


def test_the_type_of_the_field_helps_typing() -> None:
    assert bound(get_kind("date").form_field("1 Q")).render_kw == {"type": "date"}
    assert bound(get_kind("number").form_field("1 Q")).render_kw == {"inputmode": "decimal"}
    assert bound(get_kind("long_text").form_field("1 Q")).render_kw == {"rows": 6}


def test_a_number_is_shown_in_its_field_as_typed() -> None:
    assert get_kind("number").form_value(12.5) == "12.5"
    assert get_kind("number").form_value(1e-05) == "0.00001"
    assert get_kind("number").form_value(None) is None
    assert get_kind("short_text").form_value("as stored") == "as stored"


@pytest.mark.parametrize(
    ("name", "value", "look", "cell"),
    [
        ("yes_partly_no", "partly", "text", "Yes, in part"),
        ("yes_no", "no", "text", "No"),
        ("single_choice", "law", "text", "Legislation"),
        ("single_choice", "gone", "text", "gone"),
        ("multiple_choice", ["training", "law"], "text", "Training; Legislation"),
        ("short_text", "Customs", "text", "Customs"),
        ("long_text", "A\nB", "wrap", "A\nB"),
        ("number", 0, "number", 0),
        ("number", 2.5, "number", 2.5),
        ("date", "2024-03-31", "date", datetime.date(2024, 3, 31)),
        ("links", [LAW], "wrap", "Migration Act <https://example.org/act>"),
    ],
)
def test_an_answer_fills_one_cell_with_its_look(name: str, value: Any, look: str, cell: Any) -> None:
    (column,) = get_kind(name).cell_columns(OPTIONS.get(name))
    assert isinstance(column, CellColumn)
    assert (column.part, column.look) == ("", look)
    assert column.to_cell(value) == cell
    assert type(column.to_cell(value)) is type(cell)


@pytest.mark.parametrize("name", [name for name in KIND_NAMES if REGISTRY[name].answerable])
def test_no_answer_leaves_the_cell_empty(name: str) -> None:
    kind = get_kind(name)
    for column in kind.cell_columns(OPTIONS.get(name)):
        for empty in [None, "", *([[]] if kind.multiple else [])]:
            assert column.to_cell(empty) is None


def test_only_the_mechanism_scale_rates_compliance_and_colours_each_answer() -> None:
    rating = [name for name in KIND_NAMES if REGISTRY[name].rates_compliance]
    assert rating == ["yes_partly_no"]
    kind = get_kind("yes_partly_no")
    assert kind.code_colours == {"yes": "C6EFCE", "partly": "FFEB9C", "no": "FFC7CE"}
    assert list(kind.code_colours) == kind.possible_values()


@pytest.mark.parametrize(
    ("name", "option", "text", "expected"),
    [
        ("number", "min", "0", 0), ("number", "max", "12.5", 12.5), ("number", "max", "12.0", 12),
        ("number", "min", "-3", -3), ("date", "min", "2000-01-31", "2000-01-31"),
        ("short_text", "max_length", "80", "80"), ("links", "max_links", "many", "many"),
    ],
)
def test_options_typed_as_text_are_read_by_the_kind(name: str, option: str, text: str, expected: Any) -> None:
    value = get_kind(name).option_from_text(option, text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [("number", "ten", "Enter a number, such as 0 or 12.5."), ("date", "31/01/2000", "Enter a date as YYYY-MM-DD."),
     ("date", "2023-02-30", "Enter a date as YYYY-MM-DD.")],
)
def test_unreadable_option_text_is_refused(name: str, text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        get_kind(name).option_from_text("min", text)
    assert caught.value.message == message


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("name", KIND_NAMES)
def test_sample_answers_are_valid_answers(name: str, seed: int) -> None:
    kind = get_kind(name)
    options = OPTIONS.get(name, {})
    lengths: list[tuple[int, int]] = []

    def write_text(low: int, high: int) -> str:
        lengths.append((low, high))
        return "x" * low

    value = kind.sample_answer(random.Random(seed), options, write_text, (200, 2000))
    assert kind.is_answered(value) is kind.answerable
    assert kind.coerce(value, options) == value
    if name == "long_text":
        assert lengths == [(200, 2000)]
