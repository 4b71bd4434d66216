"""Answer values as spreadsheet values: labels for choices, real dates, numbers, text.

Each question gets one converter, built once per export, so the per-cell work is a dictionary
lookup rather than a kind lookup and a translation for every State.
"""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import gettext as _

from questionnaire.kinds import get_kind
from questionnaire.kinds.scalar import parse_iso_date
from exports.sheets import Look

Converter = Callable[[Any], Any]

#: Separator between the labels of a multiple choice in one cell.
CHOICE_SEPARATOR = "; "


def answerable(question: Any) -> bool:
    """Whether the question takes an answer (notes do not)."""
    return get_kind(question.kind).answerable


def converter(question: Any) -> Converter:
    """A function turning a stored answer of ``question`` into a cell value (``None`` when unanswered)."""
    kind = get_kind(question.kind)
    options = question.options or {}
    if kind.closed:
        labels = {code: kind.choice_label(code, options) for code in kind.possible_values(options)}
        if kind.multiple:
            return lambda value: CHOICE_SEPARATOR.join(labels.get(code, code) for code in value) if value else None
        return lambda value: labels.get(value, value) if value else None
    if kind.name == "date":
        return lambda value: parse_iso_date(value) if value else None
    if kind.name == "number":
        return lambda value: value if value is not None and value != "" else None
    if kind.name in ("short_text", "long_text"):
        return lambda value: value or None
    return lambda value: kind.as_text(value, options) or None


def look_for(question: Any) -> Look:
    """How a question's answers are best shown in a column."""
    kind = question.kind
    if kind == "date":
        return Look.DATE
    if kind == "number":
        return Look.NUMBER
    if kind in ("long_text", "links"):
        return Look.WRAP
    return Look.TEXT


def short_header(question: Any, limit: int = 90) -> str:
    """The question's number and the beginning of its text, for a column header."""
    text = " ".join(question.text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"{question.number} {text}".strip()


def yes_no(flag: bool) -> str:
    """Yes or No, in words."""
    return _("Yes") if flag else _("No")
