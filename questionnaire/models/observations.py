"""Reviewers' observations on an answer: a note kept among reviewers and the secretariat, or a question
put to the State, which the State may reply to. The answer itself never changes."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from questionnaire.db import Base, stored_enum
from questionnaire.models.responses import Answer
from questionnaire.models.timeutil import utcnow
from questionnaire.models.users import User


class ObservationKind(enum.StrEnum):
    NOTE = "note"  # internal to reviewers and the secretariat
    QUESTION = "question"  # put to the State, which sees it beside its answer


class ObservationStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ObservationRefused(Exception):
    """Raised when an observation would break its rules (empty text, a reply to a note, a closed one)."""


class Observation(Base):
    __tablename__ = "observations"
    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_empty"),
        CheckConstraint("kind = 'question' OR reply IS NULL", name="reply_only_to_questions"),
        CheckConstraint("(reply IS NULL) = (replied_at IS NULL)", name="reply_iff_stamped"),
        CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name="closed_iff_stamped"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[ObservationKind] = mapped_column(stored_enum(ObservationKind, "kind_known"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ObservationStatus] = mapped_column(
        stored_enum(ObservationStatus, "status_known"), default=ObservationStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    closed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reply: Mapped[Optional[str]] = mapped_column(Text)
    replied_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    replied_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    answer: Mapped[Answer] = relationship()
    author: Mapped[Optional[User]] = relationship(foreign_keys=[author_id])
    closed_by: Mapped[Optional[User]] = relationship(foreign_keys=[closed_by_id])
    replied_by: Mapped[Optional[User]] = relationship(foreign_keys=[replied_by_id])

    @validates("kind")
    def _known_kind(self, _key: str, kind: str) -> ObservationKind:
        return ObservationKind(kind)

    @validates("status")
    def _known_status(self, _key: str, status: str) -> ObservationStatus:
        return ObservationStatus(status)

    @property
    def is_question(self) -> bool:
        return self.kind is ObservationKind.QUESTION

    @property
    def is_open(self) -> bool:
        return self.status is ObservationStatus.OPEN

    def close(self, user: User, at: datetime) -> None:
        if not self.is_open:
            raise ObservationRefused("already closed")
        self.status = ObservationStatus.CLOSED
        self.closed_at = at
        self.closed_by_id = user.id

    def record_reply(self, text: str, user: User, at: datetime) -> None:
        """The State's reply; only to an open question (never to an internal note)."""
        if not self.is_question:
            raise ObservationRefused("a note is internal")
        if not self.is_open:
            raise ObservationRefused("closed")
        if not text.strip():
            raise ObservationRefused("empty")
        self.reply = text.strip()
        self.replied_at = at
        self.replied_by_id = user.id

    def __repr__(self) -> str:
        return f"<Observation {self.id} {self.kind} {self.status} answer={self.answer_id}>"
