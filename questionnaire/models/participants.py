"""Instruments (the Convention and its Protocols) and each participant's status in them, with its source.

A participant is a :class:`~questionnaire.models.states.State` row (a UN member State or a non-member State,
see ``State.kind``) or, for a regional economic integration organization such as the European Union, a
name of its own (``state_id`` empty).  Its status
per instrument — party, signatory or neither — carries the dates of the depositary's table it came from,
the name of that source and the date the source was true ("as at").
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from questionnaire.db import Base
from questionnaire.models.states import State

#: A participant's status in an instrument.
STATUSES: tuple[str, ...] = ("party", "signatory", "neither")


class Instrument(Base):
    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # "som", "untoc", …
    name: Mapped[str] = mapped_column(String(120), unique=True)  # as questionnaires name it
    full_title: Mapped[str] = mapped_column(String(400))
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<Instrument {self.code}>"


class Participation(Base):
    """One participant's status in one instrument, as a named source gave it at a date."""

    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("instrument_id", "participant"),
        CheckConstraint("status IN ('party', 'signatory', 'neither')", name="status_known"),
        CheckConstraint("status != 'party' OR consented_on IS NOT NULL OR source IS NOT NULL",
                        name="party_has_a_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    #: The participant's State row; ``None`` for an organization not represented as a State (the
    #: European Union), known by ``participant`` alone.
    state_id: Mapped[Optional[int]] = mapped_column(ForeignKey("states.id"), index=True)
    #: The participant's name as the depositary writes it.
    participant: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    signed_on: Mapped[Optional[date]] = mapped_column(Date)
    #: Ratification, accession, acceptance, approval or succession: the day consent to be bound was given.
    consented_on: Mapped[Optional[date]] = mapped_column(Date)
    consent_kind: Mapped[Optional[str]] = mapped_column(String(20))  # "a" accession, "AA" approval, …
    declarations: Mapped[Optional[str]] = mapped_column(String(2000))
    source: Mapped[str] = mapped_column(String(400))
    as_at: Mapped[date] = mapped_column(Date)

    instrument: Mapped[Instrument] = relationship()
    state: Mapped[Optional[State]] = relationship()

    @property
    def status_date(self) -> Optional[date]:
        """The date of the status: consent to be bound for a party, signature for a signatory."""
        return self.consented_on if self.status == "party" else self.signed_on
