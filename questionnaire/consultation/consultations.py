"""Opening and closing a consultation on an issued revision, and who takes part in it."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from questionnaire.consultation.errors import DraftingRefused
from questionnaire.locale import format_date_value
from questionnaire.models.participants import PartyList, parties
from questionnaire.models import (
    Consultation, Participants, Proposal, Questionnaire, Revision, Role, State, User, utcnow,
)

#: The roles that speak for their State in a consultation.
TAKING_PART = (Role.DELEGATE, Role.FOCAL_POINT)


def today() -> date:
    return utcnow().date()


def questionnaire_of(consultation: Consultation) -> Questionnaire:
    """The questionnaire whose revision ``consultation`` is on."""
    return object_session(consultation).get(Questionnaire, consultation.revision.questionnaire_id)


def endorsed_on(questionnaire: Questionnaire) -> str | None:
    """The day the Working Group endorsed the draft, in the reader's words, once the questionnaire has left
    the drafting stage (endorsed, adopted, open or closed); None while it is a draft. From that day the text
    the Working Group endorsed changes only by the builder's corrections, each recorded, never from a
    consultation (the same rule as the builder's: ``Questionnaire.structure_frozen``)."""
    if not questionnaire.structure_frozen:
        return None
    endorsed_at = questionnaire.endorsed_at
    # The decision's calendar day, not an instant to move into the reader's time zone.
    return format_date_value(endorsed_at.date() if endorsed_at is not None else None)


def posts_refused(consultation: Consultation) -> str | None:
    """Why States can post, change, withdraw or support nothing in ``consultation`` now (its draft was
    endorsed, or it is not open); None while they can."""
    endorsed = endorsed_on(questionnaire_of(consultation))
    if endorsed is not None:
        return _("The draft was endorsed on %(date)s: the consultation takes no more posts or changes.",
                 date=endorsed)
    if not consultation.is_open_on(today()):
        return _("The consultation is not open: nothing can be posted or changed.")
    return None


#: Party lists already read, by instrument, for a caller that asks about several consultations at once.
PartyLists = dict[str, PartyList]


def is_invited(consultation: Consultation, state: State | None, known: PartyLists | None = None) -> bool:
    """The parties to the revision's instrument take part, and its signatories too when the consultation
    is open "also to signatories" (each by its status record in force, see ``models.participants``).
    ``known`` keeps the party lists read, so a loop over consultations reads each instrument's once."""
    if state is None:
        return False
    db = object_session(state)
    if db is None:
        return False
    instrument = (consultation.revision.snapshot or {}).get("instrument") or "som"
    found = known.get(instrument) if known is not None else None
    if found is None:
        found = parties(db, instrument)
        if known is not None:
            known[instrument] = found
    if state.id in found.state_ids:
        return consultation.participants in (Participants.PARTIES, Participants.PARTIES_AND_SIGNATORIES)
    return consultation.participants is Participants.PARTIES_AND_SIGNATORIES and state.id in found.signatory_ids


def may_take_part(user: User, consultation: Consultation, known: PartyLists | None = None) -> bool:
    """Delegates and focal points of an invited State post, edit and support; the secretariat reads."""
    return user.role in TAKING_PART and is_invited(consultation, user.state, known)


def may_read(user: User, consultation: Consultation, known: PartyLists | None = None) -> bool:
    return user.role is Role.SECRETARIAT or may_take_part(user, consultation, known)


def open_consultation(db: Session, revision: Revision, user: User | None, opens_on: date, closes_on: date,
                      participants: str) -> Consultation:
    """Open comments on ``revision`` from ``opens_on`` to ``closes_on`` (both included).

    Raises ``DraftingRefused`` for a revision already consulted on, a draft endorsed already, dates in the
    wrong order or already past.
    """
    if participants not in {str(value) for value in Participants}:
        raise DraftingRefused(_("Say who takes part."))
    if revision.consultation is not None:
        raise DraftingRefused(_("This revision has its consultation already."))
    endorsed = endorsed_on(db.get(Questionnaire, revision.questionnaire_id))
    if endorsed is not None:
        raise DraftingRefused(_("The draft was endorsed on %(date)s: its revisions are no longer consulted on.",
                                date=endorsed))
    if closes_on < opens_on:
        raise DraftingRefused(_("The consultation cannot close before it opens."))
    if closes_on < today():
        raise DraftingRefused(_("The closing date is past."))
    consultation = Consultation(revision=revision, opens_on=opens_on, closes_on=closes_on,
                                participants=Participants(participants))
    db.add(consultation)
    db.flush()
    db.refresh(revision)
    record_event(db, user, "consultation.open", consultation, opens_on=opens_on.isoformat(),
                 closes_on=closes_on.isoformat(), participants=str(consultation.participants))
    return consultation


def close_consultation(db: Session, consultation: Consultation, user: User | None) -> None:
    """Close the consultation now (before its closing date); nothing more can be posted or changed."""
    if consultation.is_closed_on(today()):
        raise DraftingRefused(_("The consultation is closed already."))
    consultation.closed_at = utcnow()
    record_event(db, user, "consultation.close", consultation)


def record_event(db: Session, user: User | None, action: str, consultation: Consultation, **details) -> None:
    from questionnaire.models.audit import record

    record(db, user, action, f"consultation:{consultation.id}", revision=consultation.revision.symbol, **details)


def load_consultation(db: Session, consultation_id: int) -> Consultation | None:
    return db.scalar(select(Consultation).where(Consultation.id == consultation_id).options(
        selectinload(Consultation.proposals).selectinload(Proposal.supports),
        selectinload(Consultation.proposals).selectinload(Proposal.disposition)))


def ended_ids(listed: Iterable[Consultation]) -> set[int]:
    """The ids of those of ``listed`` that take nothing more: closed early, or on a draft the Working Group
    has endorsed, whatever their dates."""
    return {c.id for c in listed if c.closed_at or endorsed_on(questionnaire_of(c))}


def consultations_for(db: Session, user: User) -> list[Consultation]:
    """The consultations ``user`` may read, newest first."""
    rows = db.scalars(select(Consultation).order_by(Consultation.opens_on.desc()))
    known: PartyLists = {}
    return [consultation for consultation in rows if may_read(user, consultation, known)]
