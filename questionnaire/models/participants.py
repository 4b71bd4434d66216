"""Instruments (the Convention and its Protocols) and each participant's status in them, with its source.

A participant is a :class:`~questionnaire.models.states.State` row (a UN member State or a non-member State,
see ``State.kind``) or, for a regional economic integration organization such as the European Union, a
name of its own (``state_id`` empty).  Its status
per instrument — party, signatory or neither — carries the dates of the depositary's table it came from,
the name of that source and the date the source was true ("as at").
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Select, String, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from questionnaire.db import Base, stored_enum
from questionnaire.models.states import State

#: A participant's status in an instrument.
STATUSES: tuple[str, ...] = ("party", "signatory", "neither")


class StatusOrigin(enum.StrEnum):
    """Who gave a participant's status: the list shipped with the application (``questionnaire init`` may
    bring it up to a corrected shipped list), the secretariat on the States page, or a table of the
    depositary's imported (neither of these two is ever touched by ``init``)."""

    SHIPPED = "shipped"
    SECRETARIAT = "secretariat"
    IMPORTED = "imported"


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
    #: Who gave the status (``source`` names it as it was given: an import may reuse any name).
    origin: Mapped[StatusOrigin] = mapped_column(stored_enum(StatusOrigin, "origin_known"))

    instrument: Mapped[Instrument] = relationship()
    state: Mapped[Optional[State]] = relationship()

    @property
    def status_date(self) -> Optional[date]:
        """The date of the status: consent to be bound for a party, signature for a signatory."""
        return self.consented_on if self.status == "party" else self.signed_on


@dataclass(frozen=True)
class PartyList:
    """The parties in force in one instrument: their State rows and the date the list is known to be right.

    ``as_at`` is the oldest "as at" date of the instrument's records (the list is no more current than its
    oldest entry) and ``source`` that record's source; ``None`` when nothing is recorded, as for an instrument a questionnaire names that is not
    among the records.
    """

    instrument: Optional[Instrument]
    state_ids: frozenset[int]
    as_at: Optional[date]
    source: Optional[str]
    #: The State rows that signed the instrument without (yet) being bound by it.
    signatory_ids: frozenset[int] = frozenset()

    def __contains__(self, state_id: object) -> bool:
        return state_id in self.state_ids


def find_instrument(db: Session, name_or_code: str) -> Optional[Instrument]:
    """The instrument a questionnaire names (its ``instrument`` text) or its code ("som")."""
    return db.scalar(select(Instrument).where(or_(Instrument.name == name_or_code, Instrument.code == name_or_code)))


def party_state_ids(instrument_id: int) -> Select:
    """The ids of the State rows that are parties to the instrument (a subquery for ``State.id.in_``)."""
    return select(Participation.state_id).where(
        Participation.instrument_id == instrument_id, Participation.status == "party",
        Participation.state_id.is_not(None))


def parties(db: Session, name_or_code: str) -> PartyList:
    """Who is expected to answer a questionnaire on this instrument: its parties in force (one query).

    The one rule monitoring, exports, consultations and the States page use; ``State.legacy_som_party``
    is never read.
    """
    rows = db.execute(
        select(Instrument, Participation.state_id, Participation.status, Participation.as_at, Participation.source)
        .outerjoin(Participation, Participation.instrument_id == Instrument.id)
        .where(or_(Instrument.name == name_or_code, Instrument.code == name_or_code))
    ).all()
    if not rows:
        return PartyList(None, frozenset(), None, None)
    recorded = [row for row in rows if row.status is not None]
    oldest = min(recorded, key=lambda row: row.as_at, default=None)
    def with_status(status: str) -> frozenset[int]:
        return frozenset(row.state_id for row in recorded if row.status == status and row.state_id is not None)

    return PartyList(rows[0][0], with_status("party"), oldest.as_at if oldest else None,
                     oldest.source if oldest else None, with_status("signatory"))
