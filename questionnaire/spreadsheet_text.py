"""Text bound for a spreadsheet cell stays text: never a formula, never a character XML forbids.

Spreadsheet programs read a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) as a formula, and a few ``#...`` texts as error values; XML 1.0 forbids most control
characters. Every stage that writes a spreadsheet (the exports, the monitoring table) uses these
functions, so the rules live in one place.
"""
from __future__ import annotations

import re

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


#: Excel refuses a data validation whose message is longer than this, or whose title is.
VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT = 255, 32


def within_limit(text: str, limit: int) -> str:
    """``text`` as a spreadsheet keeps it where it allows at most ``limit`` characters (a data validation's
    message or title): cut, with "…" at the end."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula (or an error value)."""
    return text.startswith(FORMULA_STARTS) or text in ERROR_TEXTS


def csv_text(text: str) -> str:
    """``text`` ready for a CSV field: forbidden characters removed, formula-like text prefixed with
    an apostrophe (which spreadsheet programs show as a text marker), the full length kept."""
    text = strip_forbidden(text)
    if looks_like_formula(text):
        return "'" + text
    return text
