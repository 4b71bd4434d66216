"""The audit trail: every change, by whom, with what it was before and after."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from questionnaire.db import Base
from questionnaire.models.timeutil import utcnow
from questionnaire.models.users import User


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    user: Mapped[Optional[User]] = relationship()


#: The values that all say "nothing" (a field left empty, never set, or holding no item); nought is a count.
NOTHING: tuple[Any, ...] = (None, "", [], {})


def is_nothing(value: Any) -> bool:
    """Whether ``value`` is one of :data:`NOTHING` (``0`` and ``False`` are values, not nothing)."""
    return not isinstance(value, (bool, int, float)) and value in NOTHING


def changed_only(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``before`` and ``after`` cut to the fields whose value differs (a field one side lacks counts as None
    there, and None, an empty text and an empty list are the same nothing), each keeping only the fields it
    holds."""
    changed = [key for key in dict.fromkeys([*before, *after])
               if before.get(key) != after.get(key) and not (is_nothing(before.get(key)) and is_nothing(after.get(key)))]
    return ({key: before[key] for key in changed if key in before},
            {key: after[key] for key in changed if key in after})


def record(
    session: Session,
    user: Optional[User],
    action: str,
    target: str,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to ``session`` (flushed with the change it records, never committed here).

    A change, ``before`` and ``after`` both given as mappings, is recorded with the fields whose value changed
    and no others; when none did, with neither (the event's other details still say what it is about)."""
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        before, after = changed_only(before, after)
        details.pop("before"), details.pop("after")
        if before or after:
            details.update(before=before, after=after)
    event = AuditEvent(user=user, action=action, target=target, details=details, at=utcnow())
    session.add(event)
    return event
