"""Reading the audit trail: filtered, newest first, a page at a time, with details made readable (their
names and values in words: :mod:`questionnaire.audit.detail_words`)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from questionnaire.audit.detail_words import as_text, detail_label
from questionnaire.models import AuditEvent, Questionnaire, User
from questionnaire.models.audit import is_nothing

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """Which events to show; None means any."""

    questionnaire_id: int | None = None
    user_id: int | None = None
    action: str | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass(frozen=True)
class DetailLine:
    """One readable line of an event's details: a field changed from ``before`` to ``after``, or a plain
    ``value`` (then ``before`` and ``after`` are None). ``lang`` is the language ``before`` and ``after`` are
    written in when it is not the reader's (a translation)."""

    label: str
    before: str | None = None
    after: str | None = None
    value: str | None = None
    lang: str | None = None

    @property
    def is_change(self) -> bool:
        return self.value is None


def _conditions(filters: AuditFilters) -> list:
    conditions = []
    if filters.questionnaire_id is not None:
        wanted = str(filters.questionnaire_id)
        conditions.append(or_(
            AuditEvent.target == f"questionnaire:{wanted}",
            AuditEvent.details["questionnaire"].as_string() == wanted,
            AuditEvent.details["questionnaire_id"].as_string() == wanted,
        ))
    if filters.user_id is not None:
        conditions.append(AuditEvent.user_id == filters.user_id)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    return conditions


def audit_page(db: Session, filters: AuditFilters, page: int = 1) -> AuditPage:
    """The events matching ``filters``, newest first, ``PAGE_SIZE`` per page (page numbers start at 1
    and are clamped into range); two queries whatever the page holds (the users are joined)."""
    conditions = _conditions(filters)
    total = db.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    events = list(db.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.user)).where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ))
    return AuditPage(events, page, pages, total)


def filter_choices(db: Session) -> tuple[list[Questionnaire], list[User], list[str]]:
    """Questionnaires, users and the actions recorded so far, for the filter menus (three queries)."""
    questionnaires = list(db.scalars(select(Questionnaire).order_by(Questionnaire.slug, Questionnaire.version)))
    users = list(db.scalars(select(User).order_by(User.name, User.email)).unique())
    actions = list(db.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    return questionnaires, users, actions


def is_deletion(event: AuditEvent) -> bool:
    """Whether ``event`` records something deleted with what it held: a ``*.delete`` action with a
    ``before`` and no ``after``."""
    before, after = (event.details or {}).get("before"), (event.details or {}).get("after")
    return event.action.endswith(".delete") and isinstance(before, dict) and after is None


class DetailNaming(Protocol):
    """Names for the details of one event that hold ids, codes or lists
    (:class:`questionnaire.audit.details.EventDetailNames`)."""

    def label(self, key: str) -> str | None:
        """The detail's name where the event gives it another than :func:`detail_label`'s; None otherwise."""

    def value(self, key: str, value: Any) -> str | None:
        """What the id or code ``value`` names, in words; None when it is not one."""

    def parts(self, key: str, value: Any) -> list[tuple[str, str]] | None:
        """The named parts a field of ``before``/``after`` is told in, each ``(name, value)`` in words (a
        question's options: its choices, rows, columns, limits); None to tell the field in one line."""

    def lines(self, key: str, value: Any) -> list[DetailLine] | None:
        """The lines the list ``value`` is told in, one an item; None to tell the detail in one line."""


def _never_recorded_and_nothing(before: Any, after: Any, key: str) -> bool:
    """Whether one side of a change never recorded the field ``key`` and the other holds nothing or nought
    there (an older record's count it did not keep before: "—" → 0 tells no change)."""
    sides = [side if isinstance(side, dict) else {} for side in (before, after)]
    held = [side[key] for side in sides if key in side]
    return len(held) == 1 and (is_nothing(held[0]) or (held[0] == 0 and not isinstance(held[0], bool)))


def describe(details: dict[str, Any] | None, naming: DetailNaming | None = None, *,
             deleted: bool = False) -> list[DetailLine]:
    """The details of an event as lines: first each field that changed (from ``before``/``after``; a field
    whose value reads the same on both sides, or that one side never recorded while the other holds nothing
    or nought, is left out), then the other details in key order; with
    ``naming``, an id or code reads as what it names (a questionnaire, a State, a proposal), a field it tells in
    parts takes one line a part (only the parts that changed, for a change), and a list it tells item by item
    one line an item. A record of something new (``after`` alone) tells what it holds, and so does, with
    ``deleted``, a record of something deleted (``before`` alone): not a change from or to nothing. Plain text
    only: the template escapes it."""
    details = dict(details or {})
    before = details.pop("before", None)
    after = details.pop("after", None)

    def label(key: str) -> str:
        return (naming.label(key) if naming is not None else None) or detail_label(key)

    def text(value: Any, key: str) -> str:
        named = naming.value(key, value) if naming is not None and value not in (None, "", []) else None
        return named if named is not None else as_text(value, key)

    def fields(side: Any) -> dict[tuple[str, str], tuple[str, str]]:
        """Each field of one side, or each part of a field told in parts, as (name, value) in words."""
        told: dict[tuple[str, str], tuple[str, str]] = {}
        for key, value in (side if isinstance(side, dict) else {}).items():
            parts = naming.parts(key, value) if naming is not None else None
            if parts is None:
                told[(key, "")] = (label(key), text(value, key))
            else:
                told.update({(key, name): (name, words) for name, words in parts})
        return told

    lines: list[DetailLine] = []
    held = after if before is None else (before if deleted and after is None else None)
    if isinstance(held, dict):  # what a new thing holds or a deleted one held: no change from or to nothing
        lines.extend(DetailLine(name, value=words) for name, words in fields(held).values())
    elif isinstance(before, dict) or isinstance(after, dict):
        old, new = fields(before), fields(after)
        for field in dict.fromkeys([*old, *new]):
            if _never_recorded_and_nothing(before, after, field[0]):
                continue
            name = (new.get(field) or old[field])[0]
            was, now = old.get(field, (name, "—"))[1], new.get(field, (name, "—"))[1]
            if was == now:  # unchanged: a part of a field that changed in another part, or a field an older
                continue    # record kept on both sides
            lines.append(DetailLine(name, was, now))
    else:
        details.update({key: value for key, value in (("before", before), ("after", after)) if value is not None})
    for key in sorted(details):
        told = naming.lines(key, details[key]) if naming is not None else None
        lines.extend(told if told is not None else [DetailLine(label(key), value=text(details[key], key))])
    return lines
