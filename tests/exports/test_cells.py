"""Safe cell text: formulas stay text, forbidden characters go, long cells are cut visibly."""
import pytest

from exports.cells import EXCEL_CELL_LIMIT, csv_text, looks_like_formula, strip_forbidden, xlsx_text


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-5", "@SUM(A1)", "\tx", "\r=x", "#N/A"])
def test_formula_like_text_is_recognised_and_prefixed_in_csv(text):
    assert looks_like_formula(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Yes", "1 = 1", "law no. 3-2019", "قانون", "法律"])
def test_ordinary_text_is_left_alone(text):
    assert not looks_like_formula(text)
    assert csv_text(text) == text


def test_forbidden_control_characters_are_removed_but_tabs_and_newlines_stay():
    assert strip_forbidden("a\x00b\x07c\x1fd\te\nf\ufffe") == "ab" + "cd\te\nf"


def test_a_40000_character_text_is_cut_for_excel_with_a_marker_saying_so():
    text = "x" * 40000
    cut = xlsx_text(text)
    assert len(cut) == EXCEL_CELL_LIMIT
    assert "40,000" in cut and "CSV" in cut
    assert csv_text(text) == text
