"""Answer values as spreadsheet values: each question kind says which columns its answers fill, how
each cell is written (labels for choices, real dates, numbers, text) and how it looks.

Each question gets its columns, built once per export, so the per-cell work is a dictionary lookup
rather than a kind lookup and a translation for every State.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable
from zoneinfo import ZoneInfo

from questionnaire.i18n import _
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


def status_label(status: str) -> str:
    """A response status in words."""
    return {"draft": _("Draft"), "submitted": _("Submitted"), "reopened": _("Reopened")}.get(status, status)


def yes_no(flag: bool) -> str:
    """Yes or No, in words."""
    return _("Yes") if flag else _("No")


def local_time(zone: str) -> Callable[[dt.datetime | None], dt.datetime | None]:
    """A function turning a naive-UTC datetime into naive local time in ``zone``."""
    if zone == "UTC":
        return lambda value: value
    tz = ZoneInfo(zone)
    return lambda value: (
        value.replace(tzinfo=dt.timezone.utc).astimezone(tz).replace(tzinfo=None) if value else None
    )
