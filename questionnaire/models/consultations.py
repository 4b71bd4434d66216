"""Issued revisions of a draft, the consultation of States on one, and what States post there.

A ``Revision`` is an immutable snapshot (the definition document) with its document symbol and date. A
``Consultation`` on it is open between two dates to the States invited. States post ``Proposal`` rows (a
comment is a proposal of kind ``comment``), other States ``Support`` them, and the secretariat answers each
with a ``Disposition``.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from questionnaire.db import Base, stored_enum
from questionnaire.models.states import State
from questionnaire.models.timeutil import utcnow

#: Longest justification (and comment) a State may write, in characters.
JUSTIFICATION_MAX = 2000


class Participants(enum.StrEnum):
    PARTIES = "parties"
    PARTIES_AND_SIGNATORIES = "signatories"


class ProposalKind(enum.StrEnum):
    COMMENT = "comment"
    WORDING = "wording"
    DELETE = "delete"
    ADD_AFTER = "add_after"
    MOVE = "move"


class WordingField(enum.StrEnum):
    TEXT = "text"
    GUIDANCE = "guidance"
    CHOICES = "choices"


class Outcome(enum.StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_CHANGES = "with_changes"
    NOT_ACCEPTED = "not_accepted"
    WITHDRAWN = "withdrawn"


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "number"),
        UniqueConstraint("questionnaire_id", "symbol"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("length(symbol) > 0", name="symbol_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date] = mapped_column(Date)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Optional["Consultation"]] = relationship(back_populates="revision", uselist=False)

    def questions(self) -> list[dict[str, Any]]:
        return [question for cluster in self.snapshot["clusters"] for question in cluster["questions"]]

    def question(self, key: str) -> Optional[dict[str, Any]]:
        return next((question for question in self.questions() if question["key"] == key), None)

    def cluster_codes(self) -> list[str]:
        return [cluster["code"] for cluster in self.snapshot["clusters"]]

    def __repr__(self) -> str:
        return f"<Revision {self.symbol}>"


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
                      {"sqlite_autoincrement": True})  # deleted with its draft, named by id in the audit trail

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"), unique=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    participants: Mapped[Participants] = mapped_column(stored_enum(Participants, "participants_known"))
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    revision: Mapped[Revision] = relationship(back_populates="consultation", lazy="joined")
    proposals: Mapped[list["Proposal"]] = relationship(
        back_populates="consultation", order_by="Proposal.id", cascade="all, delete-orphan")

    @validates("participants")
    def _known(self, _key: str, value: str) -> Participants:
        return Participants(value)

    def is_open_on(self, day: date) -> bool:
        return self.closed_at is None and self.opens_on <= day <= self.closes_on

    def is_closed_on(self, day: date) -> bool:
        return self.closed_at is not None or day > self.closes_on


class Proposal(Base):
    """A State's comment or proposal on a question (``question_key``) or a cluster (``cluster_code``)."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("question_key IS NOT NULL OR cluster_code IS NOT NULL", name="has_target"),
        CheckConstraint(f"length(justification) <= {JUSTIFICATION_MAX}", name="justification_short"),
        CheckConstraint("kind <> 'wording' OR (field IS NOT NULL AND wording IS NOT NULL)", name="wording_complete"),
        CheckConstraint("kind <> 'move' OR to_cluster IS NOT NULL", name="move_has_cluster"),
        {"sqlite_autoincrement": True},  # deleted with its draft, named by id in the audit trail
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[ProposalKind] = mapped_column(stored_enum(ProposalKind, "kind_known"))
    question_key: Mapped[Optional[str]] = mapped_column(String(120))
    cluster_code: Mapped[Optional[str]] = mapped_column(String(8))
    field: Mapped[Optional[WordingField]] = mapped_column(stored_enum(WordingField, "field_known"))
    wording: Mapped[Optional[str]] = mapped_column(Text)
    to_cluster: Mapped[Optional[str]] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="proposals")
    state: Mapped[State] = relationship(lazy="joined")
    supports: Mapped[list["Support"]] = relationship(
        back_populates="proposal", order_by="Support.id", cascade="all, delete-orphan")
    disposition: Mapped[Optional["Disposition"]] = relationship(
        back_populates="proposal", uselist=False, cascade="all, delete-orphan")

    @validates("kind")
    def _known_kind(self, _key: str, value: str) -> ProposalKind:
        return ProposalKind(value)

    @property
    def is_comment(self) -> bool:
        return self.kind is ProposalKind.COMMENT

    @property
    def needs_disposition(self) -> bool:
        """Proposals (not comments) that their State has not withdrawn wait for the secretariat's answer."""
        return not self.is_comment and self.withdrawn_at is None and self.disposition is None

    @property
    def supporters(self) -> list[State]:
        return [support.state for support in self.supports]


class Support(Base):
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "state_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="supports")
    state: Mapped[State] = relationship(lazy="joined")


class Disposition(Base):
    """The secretariat's answer to a proposal; ``applied_at`` when its wording went into the working draft."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[Outcome] = mapped_column(stored_enum(Outcome, "outcome_known"))
    reply: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    applied_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    applied_wording: Mapped[Optional[str]] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="disposition")

    @validates("outcome")
    def _known(self, _key: str, value: str) -> Outcome:
        return Outcome(value)

    @property
    def accepted(self) -> bool:
        return self.outcome in (Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_CHANGES)
