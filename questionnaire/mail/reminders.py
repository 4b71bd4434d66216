"""Reminders before and after the deadline in force, and the secretariat's weekly digest."""
from __future__ import annotations

from sqlalchemy.orm import Session


def queue_due_reminders(db: Session) -> int:
    """Queue the reminders due now; returns how many were queued."""
    return 0
