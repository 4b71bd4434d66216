"""Times are stored as naive UTC datetimes, the one form both SQLite and PostgreSQL keep unchanged."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (the storage form)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
