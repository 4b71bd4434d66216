"""The secretariat's answer to each proposal, and applying an accepted wording to the working draft.

Once the Working Group has endorsed the draft, the text it endorsed is no longer changed from here: applying
is refused (a later change is a wording correction in the builder, with its own record), and the outcome
of a disposition recorded before stays as the Working Group saw it. A reply may still be completed or
corrected, and a post without a disposition (a comment, a withdrawn proposal) may still be given one.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.builder import questions as question_service
from questionnaire.builder.question_fields import FieldInvalid, QuestionFields, format_choices, parse_choices
from questionnaire.builder.structure import StructureError
from questionnaire.consultation.consultations import endorsed_on, questionnaire_of, record_event
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.models import (
    Disposition,
    Outcome,
    Proposal,
    ProposalKind,
    Question,
    Questionnaire,
    User,
    WordingField,
    utcnow,
)
from questionnaire.models.consultations import JUSTIFICATION_MAX


def current_wording(question: Question | dict, field: WordingField | str) -> str:
    """The text, guidance or choices (one ``code | label`` a line) of a question row or snapshot."""
    get = question.get if isinstance(question, dict) else lambda name: getattr(question, name)
    if WordingField(field) is WordingField.CHOICES:
        return format_choices((get("options") or {}).get("choices"))
    return get(str(field)) or ""


def dispose(db: Session, proposal: Proposal, user: User, outcome: str, reply: str,
            wording: str | None = None, apply: bool = False) -> Disposition:
    """Record (or change) the disposition of ``proposal``; with ``apply`` an accepted wording proposal goes
    into the working draft at once (``wording`` is the secretariat's version when accepted with changes).

    Raises ``DraftingRefused`` for an unknown outcome, an over-long reply, a change the draft refuses, and,
    once the draft is endorsed, for applying or for changing the outcome recorded before; nothing is
    recorded then.
    """
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise DraftingRefused(_("Choose the disposition.")) from None
    reply = (reply or "").strip()
    if len(reply) > JUSTIFICATION_MAX:
        raise DraftingRefused(_("Keep the reply to %(max)s characters.", max=JUSTIFICATION_MAX))
    disposition = proposal.disposition
    endorsed = endorsed_on(questionnaire_of(proposal.consultation))
    if endorsed is not None and apply:
        raise DraftingRefused(_refused_after_endorsement(endorsed))
    if endorsed is not None and disposition is not None and disposition.outcome != outcome:
        raise DraftingRefused(_("The draft was endorsed on %(date)s in the light of this disposition: its "
                                "outcome stays as recorded. The reply can still be completed.", date=endorsed))
    before = {"outcome": str(disposition.outcome), "reply": disposition.reply} if disposition else None
    if disposition is None:
        disposition = Disposition(proposal=proposal, outcome=outcome, reply=reply)
        db.add(disposition)
    disposition.outcome, disposition.reply = outcome, reply
    disposition.decided_by_id, disposition.decided_at = user.id, utcnow()
    record_event(db, user, "proposal.dispose", proposal.consultation, proposal=proposal.id, before=before,
                 after={"outcome": str(outcome), "reply": reply})
    if apply:
        apply_to_draft(db, proposal, user, wording)
    db.flush()
    return disposition


def _refused_after_endorsement(endorsed: str) -> str:
    return _("The draft was endorsed on %(date)s: proposals are no longer applied to it. Any further change is "
             "made in the builder, where it is recorded.", date=endorsed)


def apply_to_draft(db: Session, proposal: Proposal, user: User, wording: str | None = None) -> None:
    """Write an accepted wording proposal into the working draft through the builder's question service,
    recorded with a link to the proposal.

    Raises ``DraftingRefused`` once the draft is endorsed, for a proposal other than an accepted wording,
    a question the draft no longer has, or a wording the draft refuses."""
    questionnaire = db.get(Questionnaire, proposal.consultation.revision.questionnaire_id)
    endorsed = endorsed_on(questionnaire)
    if endorsed is not None:
        raise DraftingRefused(_refused_after_endorsement(endorsed))
    disposition = proposal.disposition
    if proposal.kind is not ProposalKind.WORDING:
        raise DraftingRefused(_("Only wording proposals are applied in one step; change the draft in the builder."))
    if disposition is None or not disposition.accepted:
        raise DraftingRefused(_("Only an accepted proposal is applied to the draft."))
    question = next((q for q in questionnaire.questions_in_order() if q.key == proposal.question_key), None)
    if question is None:
        raise DraftingRefused(_("The working draft no longer has this question."))
    new = (wording or "").strip() or proposal.wording
    fields = QuestionFields.of(question)
    try:
        if proposal.field is WordingField.CHOICES:
            fields.options = {**fields.options, "choices": parse_choices(new)}
        else:
            setattr(fields, str(proposal.field), new)
        question_service.edit_question(db, question, user, fields)
    except (FieldInvalid, StructureError) as error:
        raise DraftingRefused(_("The draft refused the change: %(reason)s", reason=str(error))) from None
    disposition.applied_at = utcnow()
    disposition.applied_wording = new
    record_event(db, user, "proposal.apply", proposal.consultation, proposal=proposal.id,
                 question=proposal.question_key, field=str(proposal.field), wording=new)
