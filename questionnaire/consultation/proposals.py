"""What States post in a consultation: comments and proposals, their edits and withdrawals, and support.

Every rule is checked here, whatever the page sent: the consultation is open and its draft not endorsed,
the State is invited, the question or cluster is in the revision, a State changes only its own posts and
never supports them.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.consultation.consultations import may_take_part, posts_refused, record_event
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.models import Consultation, Proposal, ProposalKind, Support, User, WordingField, utcnow
from questionnaire.models.consultations import JUSTIFICATION_MAX


class NotYours(DraftingRefused):
    """A post of another State: the page answers 403."""


@dataclass
class ProposalInput:
    kind: str
    question_key: str | None = None
    cluster_code: str | None = None
    field: str | None = None
    wording: str | None = None
    to_cluster: str | None = None
    justification: str = ""


def _require_open(consultation: Consultation) -> None:
    reason = posts_refused(consultation)
    if reason is not None:
        raise DraftingRefused(reason)


def _require_participant(user: User, consultation: Consultation) -> None:
    if not may_take_part(user, consultation):
        raise NotYours(_("Your State does not take part in this consultation."))


def _checked(consultation: Consultation, data: ProposalInput) -> ProposalInput:
    try:
        kind = ProposalKind(data.kind)
    except ValueError:
        raise DraftingRefused(_("Choose what you propose.")) from None
    revision = consultation.revision
    justification = (data.justification or "").strip()
    if len(justification) > JUSTIFICATION_MAX:
        raise DraftingRefused(_("Keep the justification to %(max)s characters.", max=JUSTIFICATION_MAX))
    key = (data.question_key or "").strip() or None
    code = (data.cluster_code or "").strip() or None
    if key is not None:
        question = revision.question(key)
        if question is None:
            raise DraftingRefused(_("That question is not in the revision."))
        code = None
    elif code is None or code not in revision.cluster_codes():
        raise DraftingRefused(_("That cluster is not in the revision."))
    field = wording = to_cluster = None
    if kind is ProposalKind.COMMENT and not justification:
        raise DraftingRefused(_("Write your comment."))
    if kind is not ProposalKind.COMMENT and key is None:
        raise DraftingRefused(_("Proposals are made on a question; comment on a cluster instead."))
    if kind is ProposalKind.WORDING:
        try:
            field = WordingField(data.field or "")
        except ValueError:
            raise DraftingRefused(_("Say which wording you propose to change.")) from None
        wording = (data.wording or "").strip()
        if not wording:
            raise DraftingRefused(_("Write the wording you propose."))
    if kind is ProposalKind.ADD_AFTER:
        wording = (data.wording or "").strip()
        if not wording:
            raise DraftingRefused(_("Write the question you propose to add."))
    if kind is ProposalKind.MOVE:
        to_cluster = (data.to_cluster or "").strip()
        if to_cluster not in revision.cluster_codes():
            raise DraftingRefused(_("Choose a cluster of the revision to move the question to."))
    return ProposalInput(str(kind), key, code, str(field) if field else None, wording, to_cluster, justification)


def post(db: Session, consultation: Consultation, user: User, data: ProposalInput) -> Proposal:
    """Post a comment or proposal for the user's State. Raises ``NotYours`` for an uninvited State,
    ``DraftingRefused`` for a closed consultation, an endorsed draft or anything the revision does not hold."""
    _require_participant(user, consultation)
    _require_open(consultation)
    clean = _checked(consultation, data)
    proposal = Proposal(consultation=consultation, state_id=user.state_id, author_id=user.id,
                        **vars(clean))
    db.add(proposal)
    db.flush()
    record_event(db, user, "proposal.post", consultation, proposal=proposal.id, state=user.state.iso3,
                 after=vars(clean))
    return proposal


def _own(user: User, proposal: Proposal) -> None:
    _require_participant(user, proposal.consultation)
    if proposal.state_id != user.state_id:
        raise NotYours(_("Only the State that posted it changes this."))
    _require_open(proposal.consultation)
    if proposal.withdrawn_at is not None:
        raise DraftingRefused(_("This was withdrawn."))


def _as_checked(stored: object) -> str | None:
    """A stored value of a post as ``_checked`` gives it (a kind or field by its name)."""
    return None if stored is None else str(stored)


def edit(db: Session, proposal: Proposal, user: User, data: ProposalInput) -> bool:
    """Change one's own post while the consultation is open and its draft not endorsed (target stays the
    same); returns whether anything changed. A post sent back as it is stored (texts compared as they are
    kept, without surrounding spaces) keeps its time and leaves no trace in the audit log. Raises as
    ``post`` does, whether or not anything changed."""
    _own(user, proposal)
    data.question_key, data.cluster_code = proposal.question_key, proposal.cluster_code
    after = vars(_checked(proposal.consultation, data))
    before = {name: _as_checked(getattr(proposal, name)) for name in after}
    if before == after:
        return False
    for name, value in after.items():
        setattr(proposal, name, value)
    proposal.updated_at = utcnow()
    record_event(db, user, "proposal.edit", proposal.consultation, proposal=proposal.id, before=before, after=after)
    return True


def withdraw(db: Session, proposal: Proposal, user: User) -> None:
    _own(user, proposal)
    proposal.withdrawn_at = utcnow()
    record_event(db, user, "proposal.withdraw", proposal.consultation, proposal=proposal.id)


def support(db: Session, proposal: Proposal, user: User) -> Support:
    """Add the user's State to a proposal's supporters. Refused for its own, a comment, twice, or closed."""
    _require_participant(user, proposal.consultation)
    _require_open(proposal.consultation)
    if proposal.state_id == user.state_id:
        raise DraftingRefused(_("A State does not support its own proposal."))
    if proposal.is_comment or proposal.withdrawn_at is not None:
        raise DraftingRefused(_("Only proposals standing can be supported."))
    if any(existing.state_id == user.state_id for existing in proposal.supports):
        raise DraftingRefused(_("Your State supports this proposal already."))
    row = Support(proposal=proposal, state_id=user.state_id, user_id=user.id)
    db.add(row)
    db.flush()
    record_event(db, user, "proposal.support", proposal.consultation, proposal=proposal.id, state=user.state.iso3)
    return row
