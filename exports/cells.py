"""Safe cell text: what a respondent typed reaches a spreadsheet as text, never as a formula.

Spreadsheet programs treat a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or
carriage return, the same) as a formula; XML 1.0 forbids most control characters; Excel refuses cells
longer than 32,767 characters.  These functions are plain string work shared by the XLSX and CSV
writers, so both apply the same rules.
"""
from __future__ import annotations

import re

from questionnaire.i18n import _

#: Excel's limit on the characters in one cell.
EXCEL_CELL_LIMIT = 32767

#: First characters that make a spreadsheet program read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Texts Excel would store as an error value rather than as text.
ERROR_TEXTS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)

# Control characters XML 1.0 forbids (tab, line feed and carriage return are allowed), the two
# non-characters U+FFFE/U+FFFF and lone surrogates, which no XML parser accepts either.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters XML forbids; everything else (RTL, CJK, emoji) is kept."""
    if _XML_FORBIDDEN.search(text) is None:
        return text
    return _XML_FORBIDDEN.sub("", text)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula (or an error value)."""
    return text.startswith(FORMULA_STARTS) or text in ERROR_TEXTS


def cut_marker(full_length: int) -> str:
    """The visible note that ends a cut cell, saying how long the full text is."""
    return " " + _("[… cut here: the full text has %(count)s characters; the CSV export keeps it all]",
                   count=f"{full_length:,}")


def cut_for_excel(text: str) -> str:
    """``text`` if it fits in one Excel cell, else its beginning followed by :func:`cut_marker`."""
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    marker = cut_marker(len(text))
    return text[: EXCEL_CELL_LIMIT - len(marker)] + marker


def xlsx_text(text: str) -> str:
    """``text`` ready for an XLSX cell: forbidden characters removed, cut to Excel's limit."""
    return cut_for_excel(strip_forbidden(text))


def csv_text(text: str) -> str:
    """``text`` ready for a CSV field: forbidden characters removed, formula-like text prefixed with
    an apostrophe (which spreadsheet programs show as a text marker), the full length kept."""
    text = strip_forbidden(text)
    if looks_like_formula(text):
        return "'" + text
    return text
