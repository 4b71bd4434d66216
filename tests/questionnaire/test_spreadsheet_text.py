"""The one formula guard every spreadsheet writer uses (exports and the monitoring CSV)."""
from __future__ import annotations

import pytest

from exports import cells
from questionnaire.spreadsheet_text import csv_text, looks_like_formula


@pytest.mark.parametrize(("text", "safe"), (
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+33 1 23", "'+33 1 23"), ("-5", "'-5"), ("@risk", "'@risk"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("#N/A", "'#N/A"), ("Ley 1/2020", "Ley 1/2020"),
    ("قانون", "قانون"), ("bell\x07", "bell"),
))
def test_formula_like_text_gets_an_apostrophe_and_forbidden_characters_go(text, safe):
    assert csv_text(text) == safe


def test_the_exports_use_the_same_guard_not_a_copy():
    assert cells.csv_text is csv_text and cells.looks_like_formula is looks_like_formula
    assert not looks_like_formula("Mexico")
