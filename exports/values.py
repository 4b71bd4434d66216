"""Answer values as spreadsheet values: each question kind says which columns its answers fill, how
each cell is written (labels for choices, real dates, numbers, text) and how it looks.

Each question gets its columns, built once per export, so the per-cell work is a dictionary lookup
rather than a kind lookup and a translation for every State.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import gettext as _

from questionnaire.kinds import CellColumn, get_kind
from exports.sheets import Look


def answerable(question: Any) -> bool:
    """Whether the question takes an answer (notes do not)."""
    return get_kind(question.kind).answerable


def answer_columns(question: Any) -> list[CellColumn]:
    """The columns that ``question``'s answers fill, in order, with their look as a :class:`Look`."""
    columns = get_kind(question.kind).cell_columns(question.options or {})
    return [dataclasses.replace(column, look=Look(column.look)) for column in columns]


def part_header(header: str, part: str) -> str:
    """A question's header (or text) followed by the part of the answer a column or row holds."""
    return f"{header} — {part}" if part else header


def short_header(question: Any, limit: int = 90) -> str:
    """The question's number and the beginning of its text, for a column header."""
    text = " ".join(question.text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"{question.number} {text}".strip()


def yes_no(flag: bool) -> str:
    """Yes or No, in words."""
    return _("Yes") if flag else _("No")
