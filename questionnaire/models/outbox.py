"""The outbox: mail written in the same transaction as the change that causes it, delivered by the worker.

A message is rendered when it is queued (in its reader's language) and never changes afterwards, so a
retry sends the same bytes under the same Message-ID. ``dedupe_key`` (unique when set) lets a cause that
may run twice, such as a reminder, queue its message at most once.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from questionnaire.db import Base, stored_enum
from questionnaire.models.timeutil import utcnow
from questionnaire.models.users import User


class MailStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its next attempt (``next_attempt_at``)
    SENDING = "sending"  # claimed by a worker; back to queued if the worker died (see delivery)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; ``last_error`` says why


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    language: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    status: Mapped[MailStatus] = mapped_column(stored_enum(MailStatus, "mail_status_known"),
                                               default=MailStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    sent_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)

    user: Mapped[Optional[User]] = relationship()

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} to {self.recipient} {self.status}>"
