"""Safe cell text: what a respondent typed reaches a spreadsheet as text, never as a formula.

The formula guard and the removal of characters XML forbids live in
:mod:`questionnaire.spreadsheet_text` (the monitoring table's CSV uses them too); this module adds
what only the exports need: Excel's cell length limit and the visible marker where a cell is cut.
"""
from __future__ import annotations

from flask_babel import gettext as _

from questionnaire.locale import format_number, ngettext
from questionnaire.spreadsheet_text import (  # noqa: F401  (re-exported for the writers)
    ERROR_TEXTS,
    FORMULA_STARTS,
    csv_text,
    looks_like_formula,
    strip_forbidden,
)

#: Excel's limit on the characters in one cell.
EXCEL_CELL_LIMIT = 32767


def cut_marker(full_length: int) -> str:
    """The visible note that ends a cut cell, saying how long the full text is."""
    return " " + ngettext("[… cut here: the full text has %(count)s character; the CSV export keeps it all]",
                         "[… cut here: the full text has %(count)s characters; the CSV export keeps it all]",
                         full_length, count=format_number(full_length))


def cut_for_excel(text: str) -> str:
    """``text`` if it fits in one Excel cell, else its beginning followed by :func:`cut_marker`."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    marker = cut_marker(len(text))
    return text[: EXCEL_CELL_LIMIT - len(marker)] + marker


def xlsx_text(text: str) -> str:
    """``text`` ready for an XLSX cell: forbidden characters removed, cut to Excel's limit."""
    return cut_for_excel(strip_forbidden(text))
