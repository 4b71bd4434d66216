"""Meetings of the bodies that prepare a questionnaire, and the decisions taken there about it.

The Working Group on the Smuggling of Migrants endorses a draft at one of its sessions; the Conference of
the Parties adopts it at a session, by a resolution with its number. The life cycle's endorse and adopt
steps point to these records.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from questionnaire.db import Base, stored_enum
from questionnaire.models.timeutil import utcnow


class Body(enum.StrEnum):
    WORKING_GROUP = "working_group"
    CONFERENCE = "conference"


class DecisionKind(enum.StrEnum):
    ENDORSEMENT = "endorsement"
    ADOPTION = "adoption"


class Meeting(Base):
    """One session of a body: its number, dates and place."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("body", "session"),
        CheckConstraint("session >= 1", name="session_positive"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("length(place) > 0", name="place_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[Body] = mapped_column(stored_enum(Body, "body_known"))
    session: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @validates("body")
    def _known_body(self, _key: str, body: str) -> Body:
        return Body(body)

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def __repr__(self) -> str:
        return f"<Meeting {self.body} {self.session}>"


class Decision(Base):
    """A meeting's decision on a questionnaire: its endorsement, or its adoption by a resolution."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "kind"),
        CheckConstraint("kind = 'endorsement' OR resolution IS NOT NULL", name="adoption_has_resolution"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(stored_enum(DecisionKind, "kind_known"))
    decided_on: Mapped[date] = mapped_column(Date)
    resolution: Mapped[Optional[str]] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(lazy="joined")

    @validates("kind")
    def _known_kind(self, _key: str, kind: str) -> DecisionKind:
        return DecisionKind(kind)
