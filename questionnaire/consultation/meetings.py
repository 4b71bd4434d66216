"""Meetings of the Working Group and the Conference, and the path a questionnaire took through them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_interval
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.locale import reader_language
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.models import Body, Decision, DecisionKind, Meeting, Questionnaire, Revision, User
from questionnaire.models.audit import record


def body_label(body: Body) -> str:
    return {Body.WORKING_GROUP: _("the Working Group on the Smuggling of Migrants"),
            Body.CONFERENCE: _("the Conference of the Parties")}[Body(body)]


def ordinal(number: int) -> str:
    """A session number as an ordinal in the reader's language ("4th", "4e", "4.º", "4-я"); a plain number
    where the translated sentence carries the ordinal itself (Chinese "第 4 届", Arabic)."""
    language = reader_language()
    if language == "en":
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"
    if language == "fr":
        return "1re" if number == 1 else f"{number}e"
    if language == "es":
        return f"{number}.º"  # "4.º período de sesiones"
    if language == "ru":
        return f"{number}-я"
    return str(number)


def meeting_dates(meeting: Meeting) -> str:
    """The session's days as the reader's language writes a span of dates (CLDR's, through Babel: "Sep 11 – 13,
    2017", "11–13 sept. 2017"), one date for a one-day session."""
    return format_interval(meeting.starts_on, meeting.ends_on, "yMMMMd", locale=get_locale() or "en")


def meeting_label(meeting: Meeting) -> str:
    """"the Working Group on the Smuggling of Migrants, 4th session (Vienna, Sep 11 – 13, 2017)"."""
    return _("%(body)s, %(ordinal)s session (%(place)s, %(dates)s)", body=body_label(meeting.body),
             ordinal=ordinal(meeting.session), place=meeting.place, dates=meeting_dates(meeting))


def list_meetings(db: Session, body: Body | None = None) -> list[Meeting]:
    query = select(Meeting).order_by(Meeting.starts_on.desc())
    if body is not None:
        query = query.where(Meeting.body == body)
    return list(db.scalars(query))


def create_meeting(db: Session, user: User | None, body: str, session: int, starts_on: date, ends_on: date,
                   place: str) -> Meeting:
    """Record a session of a body. Raises ``DraftingRefused`` for a session recorded already, dates in the
    wrong order or a place left empty."""
    body = Body(body)
    if session < 1:
        raise DraftingRefused(_("The session number starts at 1."))
    if ends_on < starts_on:
        raise DraftingRefused(_("The session cannot end before it starts."))
    if not place.strip():
        raise DraftingRefused(_("Say where the session takes place."))
    if db.scalar(select(Meeting.id).where(Meeting.body == body, Meeting.session == session)) is not None:
        raise DraftingRefused(_("That session is recorded already."))
    meeting = Meeting(body=body, session=session, starts_on=starts_on, ends_on=ends_on, place=place.strip())
    db.add(meeting)
    db.flush()
    record(db, user, "meeting.create", f"meeting:{meeting.id}", after={
        "body": str(body), "session": session, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
        "place": meeting.place})
    return meeting


@dataclass(frozen=True)
class PathStep:
    label: str


def decisions_of(db: Session, questionnaire: Questionnaire) -> dict[DecisionKind, Decision]:
    return {decision.kind: decision for decision in
            db.scalars(select(Decision).where(Decision.questionnaire_id == questionnaire.id))}


def questionnaire_path(db: Session, questionnaire: Questionnaire) -> list[str]:
    """The steps the questionnaire took: its first issued draft, endorsement, adoption (each once recorded).

    Endorsements recorded before meetings were records show the body and date as they were written.
    """
    steps = []
    first = db.scalar(select(Revision).where(Revision.questionnaire_id == questionnaire.id)
                      .order_by(Revision.number).limit(1))
    if first is not None:
        steps.append(_("Draft %(symbol)s, %(date)s", symbol=first.symbol, date=first.issued_on.isoformat()))
    decisions = decisions_of(db, questionnaire)
    endorsement = decisions.get(DecisionKind.ENDORSEMENT)
    if endorsement is not None:
        steps.append(_("endorsed by the Working Group, %(ordinal)s session, %(date)s",
                       ordinal=ordinal(endorsement.meeting.session), date=endorsement.decided_on.isoformat()))
    elif questionnaire.endorsed_at is not None:
        steps.append(_("endorsed by %(body)s, %(date)s", body=questionnaire.endorsed_by or "—",
                       date=questionnaire.endorsed_at.date().isoformat()))
    adoption = decisions.get(DecisionKind.ADOPTION)
    if adoption is not None:
        steps.append(_("adopted by the Conference of the Parties, %(ordinal)s session, %(date)s, resolution "
                       "%(resolution)s", ordinal=ordinal(adoption.meeting.session),
                       date=adoption.decided_on.isoformat(), resolution=adoption.resolution))
    elif questionnaire.adopted_at is not None:
        steps.append(_("adopted on %(date)s", date=questionnaire.adopted_at.date().isoformat()))
    return steps
