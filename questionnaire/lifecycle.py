"""The questionnaire's life: draft → endorsed → adopted → open → closed.

Each step checks where the questionnaire stands, stamps the date, and records who did it.
"""
from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.locale import format_date_value, format_number, ngettext
from questionnaire.replies.status_labels import status_label
from questionnaire.models import (
    Body,
    Consultation,
    Decision,
    DecisionKind,
    Disposition,
    Meeting,
    Proposal,
    ProposalKind,
    Questionnaire,
    QuestionnaireStatus,
    Revision,
    User,
    utcnow,
)
from questionnaire.models.audit import record
from questionnaire.definitions.checks import definition_problems
from questionnaire.texts import incomplete_languages

S = QuestionnaireStatus


class TransitionRefused(Exception):
    """Raised when a step does not apply to the questionnaire as it stands; ``str()`` says why and
    ``problems`` lists what must be fixed first (empty when the reason says it all)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__("\n".join([message, *self.problems]))


def _require(questionnaire: Questionnaire, *allowed: QuestionnaireStatus) -> None:
    if questionnaire.status not in allowed:
        raise TransitionRefused(
            _("This step is not possible while the questionnaire is %(status)s.", status=status_label(questionnaire.status).lower())
        )


def _audit(db: Session, user: User | None, questionnaire: Questionnaire, before: str, **details) -> None:
    record(
        db, user, f"questionnaire.{questionnaire.status}", f"questionnaire:{questionnaire.id}",
        before={"status": before}, after={"status": questionnaire.status}, **details,
    )


def _decision_day(at: datetime | None) -> str:
    # A decision's calendar day as recorded, not an instant to move into the reader's time zone.
    return format_date_value(at.date() if at is not None else None)


def structure_frozen_reason(questionnaire: Questionnaire) -> str | None:
    """Why the questionnaire's structure no longer changes — the stage it reached and the day — or None while
    it is a draft (``Questionnaire.structure_frozen`` decides; this says it in words)."""
    if not questionnaire.structure_frozen:
        return None
    if questionnaire.status is S.ENDORSED:
        return _("The Working Group endorsed this draft on %(date)s: its structure no longer changes; correct "
                 "the wording, or start a new version.", date=_decision_day(questionnaire.endorsed_at))
    if questionnaire.status is S.ADOPTED:
        return _("The Conference of the Parties adopted this questionnaire on %(date)s: its structure no longer "
                 "changes; correct the wording, or start a new version.",
                 date=_decision_day(questionnaire.adopted_at))
    if questionnaire.status is S.OPEN and questionnaire.opens_at is not None:
        return _("This questionnaire opened for answers on %(date)s: its structure no longer changes; correct "
                 "the wording, or start a new version.", date=format_date_value(questionnaire.opens_at))
    if questionnaire.status is S.CLOSED and questionnaire.closed_at is not None:
        return _("This questionnaire closed on %(date)s: its structure no longer changes; correct the wording, or "
                 "start a new version.", date=format_date_value(questionnaire.closed_at))
    # records kept before these dates were
    return _("The questionnaire is %(status)s, so its structure is frozen: only wording can be corrected. "
             "Start a new version to change its structure.", status=status_label(questionnaire.status).lower())


def undisposed_proposals(db: Session, questionnaire: Questionnaire) -> int:
    """How many proposals (not comments, not withdrawn by their State) on the questionnaire's revisions
    still wait for the secretariat's disposition."""
    return db.scalar(
        select(func.count(Proposal.id))
        .join(Consultation, Proposal.consultation_id == Consultation.id)
        .join(Revision, Consultation.revision_id == Revision.id)
        .outerjoin(Disposition, Disposition.proposal_id == Proposal.id)
        .where(Revision.questionnaire_id == questionnaire.id, Proposal.kind != ProposalKind.COMMENT,
               Proposal.withdrawn_at.is_(None), Disposition.id.is_(None))
    ) or 0


def _decision(db: Session, questionnaire: Questionnaire, meeting: Meeting, kind: DecisionKind, body: Body,
              on: date | None, resolution: str | None = None) -> Decision:
    if meeting.body is not body:
        raise TransitionRefused(_("Choose a session of the Working Group.") if body is Body.WORKING_GROUP
                                else _("Choose a session of the Conference of the Parties."))
    on = on or meeting.ends_on
    if not meeting.covers(on):
        raise TransitionRefused(_("The date must fall within the session (%(start)s to %(end)s).",
                                  start=meeting.starts_on.isoformat(), end=meeting.ends_on.isoformat()))
    decision = Decision(questionnaire_id=questionnaire.id, meeting=meeting, kind=kind, decided_on=on,
                        resolution=resolution)
    db.add(decision)
    return decision


def _as_date(at: datetime | date | None) -> date | None:
    return at.date() if isinstance(at, datetime) else at


def endorse(db: Session, questionnaire: Questionnaire, user: User | None, body: str | Meeting,
            at: datetime | date | None = None) -> None:
    """Record the working group's endorsement of a draft, at a session (``Meeting``) or, for records
    kept before meetings were, by a body named in words.

    Raises ``TransitionRefused`` unless it is a draft, the body is named, the session is one of the Working
    Group's and the date falls within it, every proposal of its consultations has a disposition, and the
    definition has no error (the refusal lists every error).
    """
    _require(questionnaire, S.DRAFT)
    if isinstance(body, str) and not body.strip():
        raise TransitionRefused(_("Name the body that endorsed the questionnaire."))
    waiting = undisposed_proposals(db, questionnaire)
    if waiting:
        raise TransitionRefused(ngettext("%(num)s proposal of the consultations has no disposition yet: answer it "
                                         "before the endorsement.",
                                         "%(num)s proposals of the consultations have no disposition yet: answer "
                                         "each before the endorsement.", waiting))
    problems = definition_problems(questionnaire)
    if problems:
        raise TransitionRefused(_("The questionnaire cannot be endorsed until these errors are fixed:"), problems)
    before = questionnaire.status
    details = {}
    if isinstance(body, Meeting):
        decision = _decision(db, questionnaire, body, DecisionKind.ENDORSEMENT, Body.WORKING_GROUP, _as_date(at))
        questionnaire.endorsed_at = datetime.combine(decision.decided_on, time(12, 0))
        questionnaire.endorsed_by = f"Working Group on the Smuggling of Migrants, session {body.session}"  # stored data, not translated
        # the session names the body, in the reader's language wherever the record is read
        details = {"meeting": body.id, "session_number": body.session, "date": decision.decided_on.isoformat()}
    else:
        questionnaire.endorsed_at = at if isinstance(at, datetime) else utcnow()
        questionnaire.endorsed_by = body.strip()
        details = {"body": questionnaire.endorsed_by}
    questionnaire.status = S.ENDORSED
    _audit(db, user, questionnaire, before, **details)


def adopt(db: Session, questionnaire: Questionnaire, user: User | None, at: datetime | date | None = None,
          meeting: Meeting | None = None, resolution: str | None = None) -> None:
    """Record the Conference's adoption of an endorsed questionnaire: at a session (``meeting``) by a
    resolution with its number, or (records kept before meetings were) on a date only."""
    _require(questionnaire, S.ENDORSED)
    before = questionnaire.status
    details = {}
    if meeting is not None:
        if not (resolution or "").strip():
            raise TransitionRefused(_("Give the number of the resolution that adopted the questionnaire."))
        decision = _decision(db, questionnaire, meeting, DecisionKind.ADOPTION, Body.CONFERENCE, _as_date(at),
                             resolution.strip())
        questionnaire.adopted_at = datetime.combine(decision.decided_on, time(12, 0))
        details = {"meeting": meeting.id, "session_number": meeting.session, "resolution": decision.resolution}
    else:
        questionnaire.adopted_at = at if isinstance(at, datetime) else utcnow()
    questionnaire.status = S.ADOPTED
    _audit(db, user, questionnaire, before, **details)


def open_for_answers(db: Session, questionnaire: Questionnaire, user: User | None, deadline: datetime | None) -> None:
    """Open an adopted questionnaire to the States parties, with a deadline in the future.

    Raises ``TransitionRefused`` while a declared language has a text missing or out of date, unless the
    secretariat recorded its decision to open with the source text standing in
    (``incomplete_languages_reason``); the refusal lists each incomplete language.
    """
    _require(questionnaire, S.ADOPTED)
    now = utcnow()
    if deadline is None:
        raise TransitionRefused(_("Give the deadline for answers."))
    if deadline <= now:
        raise TransitionRefused(_("The deadline must be in the future."))
    incomplete = incomplete_languages(db, questionnaire)
    if incomplete and not (questionnaire.incomplete_languages_reason or "").strip():
        raise TransitionRefused(
            _("The questionnaire cannot be opened while a language is incomplete: finish its translation, or "
              "record on the translations page the decision to open with the source text standing in."),
            [ngettext("%(language)s: %(current)s of %(num)s text translated, %(out_of_date)s out of date, "
                      "%(missing)s missing",
                      "%(language)s: %(current)s of %(num)s texts translated, %(out_of_date)s out of date, "
                      "%(missing)s missing", p.total, language=p.language, current=format_number(p.current),
                      out_of_date=format_number(p.out_of_date), missing=format_number(p.missing)) for p in incomplete])
    before = questionnaire.status
    questionnaire.opens_at = now
    questionnaire.deadline = deadline
    questionnaire.status = S.OPEN
    _audit(db, user, questionnaire, before, deadline=deadline.isoformat())


def close(db: Session, questionnaire: Questionnaire, user: User | None) -> None:
    """Close an open questionnaire: no further answers or submissions."""
    _require(questionnaire, S.OPEN)
    before = questionnaire.status
    questionnaire.closed_at = utcnow()
    questionnaire.status = S.CLOSED
    _audit(db, user, questionnaire, before)
