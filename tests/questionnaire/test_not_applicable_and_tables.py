"""A "Not applicable" answer and the table of figures: what they accept, refuse and how they show."""
from __future__ import annotations

import pytest

from questionnaire.replies.answering import is_answered, progress
from questionnaire.definitions.xlsx import read_workbook, write_workbook
from questionnaire.kinds import InvalidAnswer, get_kind

NA = {"not_applicable": True}
TABLE = {"table_rows": [{"value": "investigated", "label": "Persons investigated"},
                        {"value": "convicted", "label": "Persons convicted"}],
         "table_columns": [{"value": "2024", "label": "2024"}, {"value": "2025", "label": "2025"}]}
FULL = {"r0_c0": "12", "r0_c1": "n/a", "r1_c0": "0", "r1_c1": " 7 "}


class Q:
    def __init__(self, key, kind, options, required=True, show_if=None):
        self.key, self.kind, self.options, self.required, self.show_if = key, kind, options, required, show_if


def refused(kind: str, raw, options) -> InvalidAnswer:
    with pytest.raises(InvalidAnswer) as caught:
        get_kind(kind).coerce(raw, options)
    return caught.value


# --- "Not applicable" -----------------------------------------------------------------------------

def test_not_applicable_with_its_explanation_counts_as_answered_and_is_not_a_no() -> None:
    value = get_kind("yes_partly_no").coerce({"not_applicable": True, "explanation": " Landlocked, no register "}, NA)
    assert value == {"not_applicable": "Landlocked, no register"}
    question = Q("sea", "yes_partly_no", NA)
    assert is_answered(question, value)
    assert progress([question], {"sea": value}).complete
    summary = get_kind("yes_partly_no").summarize([value, "no", None], NA)
    assert summary.answered == 2 and summary.not_applicable == 1
    assert summary.counts == {"yes": 0, "partly": 0, "no": 1}


def test_not_applicable_is_shown_and_exported_as_its_own_value() -> None:
    value = {"not_applicable": "Landlocked"}
    kind = get_kind("yes_partly_no")
    assert kind.as_text(value, NA) == "Not applicable: Landlocked"
    [column] = kind.cell_columns(NA)
    assert column.to_cell(value) == "Not applicable: Landlocked"
    assert column.to_cell("no") == "No"


def test_a_follow_up_asked_under_no_is_not_shown_for_not_applicable() -> None:
    from questionnaire.replies.answering import visible_keys
    questions = [Q("sea", "yes_partly_no", NA), Q("sea.gaps", "long_text", {}, show_if={"question": "sea", "in": ["no"]})]
    assert visible_keys(questions, {"sea": {"not_applicable": "Landlocked"}}) == {"sea"}


@pytest.mark.parametrize("raw", [{"not_applicable": True, "explanation": ""},
                                 {"not_applicable": True, "explanation": "   "},
                                 {"not_applicable": True}])
def test_not_applicable_without_its_explanation_is_refused(raw) -> None:
    error = refused("yes_partly_no", raw, NA)
    assert "Explain why" in error.message


def test_not_applicable_is_refused_where_the_question_does_not_allow_it() -> None:
    assert "cannot be answered" in refused("yes_partly_no", {"not_applicable": True, "explanation": "x"}, {}).message
    with pytest.raises(InvalidAnswer):
        get_kind("long_text").check({"not_applicable": "x"}, {})


def test_the_option_must_be_true_or_false() -> None:
    assert get_kind("yes_no").option_problems({"not_applicable": "yes"})
    assert get_kind("yes_no").option_problems({"not_applicable": True}) == []
    assert get_kind("note").option_problems({"not_applicable": True})


# --- the table of figures --------------------------------------------------------------------------

def test_a_full_table_is_read_from_the_form() -> None:
    value = get_kind("table").coerce(FULL, TABLE)
    assert value == {"investigated": {"2024": 12, "2025": "not_available"}, "convicted": {"2024": 0, "2025": 7}}
    assert get_kind("table").coerce(value, TABLE) == value
    assert get_kind("table").coerce({key: "" for key in FULL}, TABLE) is None


@pytest.mark.parametrize(("cell", "words"), [("-3", "0 or more"), ("2.5", "without decimals"), ("1,5", "without decimals"),
                                             ("many", "whole number or"), ("1e3", "whole number or")])
def test_a_cell_that_is_not_a_whole_number_or_not_available_is_refused(cell, words) -> None:
    error = refused("table", {**FULL, "r1_c0": cell}, TABLE)
    assert words in error.message and error.place == "convicted.2024"


def test_a_cell_that_does_not_exist_is_refused() -> None:
    assert "no such cell" in refused("table", {**FULL, "r5_c0": "1"}, TABLE).message
    error = refused("table", {"investigated": {"2024": 1, "2026": 2}}, TABLE)
    assert "not a column" in error.message
    assert "not a row" in refused("table", {"arrested": {"2024": 1}}, TABLE).message
    with pytest.raises(InvalidAnswer):
        get_kind("table").check({"investigated": {"2024": 1.5, "2025": 1}, "convicted": {"2024": 1, "2025": 1}}, TABLE)


def test_a_partly_filled_table_names_the_empty_cell() -> None:
    error = refused("table", {**FULL, "r1_c1": ""}, TABLE)
    assert "Persons convicted" in error.message and "2025" in error.message


def test_the_table_gives_one_spreadsheet_column_per_cell_and_shows_as_a_grid() -> None:
    kind = get_kind("table")
    value = kind.coerce(FULL, TABLE)
    columns = kind.cell_columns(TABLE)
    assert [column.part for column in columns] == [
        "Persons investigated — 2024", "Persons investigated — 2025", "Persons convicted — 2024", "Persons convicted — 2025"]
    assert [column.to_cell(value) for column in columns] == [12, "not available", 0, 7]
    assert kind.as_grid(value, TABLE) == (["2024", "2025"], [("Persons investigated", ["12", "not available"]),
                                                            ("Persons convicted", ["0", "7"])])


def test_table_options_are_checked() -> None:
    kind = get_kind("table")
    assert kind.option_problems(TABLE) == []
    assert kind.option_problems({"table_rows": TABLE["table_rows"]})
    assert kind.option_problems({**TABLE, "table_columns": [{"value": "A B", "label": "x"}]})
    assert kind.option_problems({**TABLE, "table_columns": [{"value": "a", "label": "x"}, {"value": "a", "label": "y"}]})


def test_the_definition_workbook_round_trips_table_and_not_applicable_options() -> None:
    document = {
        "format": "saq-definition", "format_version": 1, "slug": "t", "title": "T", "instrument": "Smuggling of Migrants Protocol",
        "version": 1, "languages": ["en"],
        "clusters": [{"code": "I", "title": "One", "description": "", "questions": [
            {"key": "a.sea", "number": "1", "text": "Sea?", "guidance": "", "kind": "yes_partly_no", "required": True,
             "provisions": ["art. 8 (1)"], "options": {"not_applicable": True}, "show_if": None},
            {"key": "a.stats", "number": "2", "text": "Figures?", "guidance": "", "kind": "table", "required": False,
             "provisions": ["art. 6"], "options": TABLE, "show_if": None}]}],
    }
    from questionnaire.uploads import UploadLimits
    back = read_workbook(write_workbook(document), UploadLimits())
    questions = back["clusters"][0]["questions"]
    assert questions[0]["options"] == {"not_applicable": True}
    assert questions[1]["options"] == TABLE
