"""Comparing two revisions of one questionnaire (or a revision and the working draft), with the proposals
behind each change."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.consultation.diff import QuestionChange, compare
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.definitions.document import export_document
from questionnaire.models import Consultation, Disposition, Proposal, Questionnaire, Revision

WORKING_DRAFT = "draft"


def _document(db: Session, questionnaire: Questionnaire, which: Any) -> tuple[dict[str, Any], int | None]:
    if str(which) == WORKING_DRAFT:
        return export_document(questionnaire), None
    try:
        number = int(which)
    except (TypeError, ValueError):
        raise DraftingRefused(_("Choose a revision or the working draft.")) from None
    revision = db.scalar(select(Revision).where(Revision.questionnaire_id == questionnaire.id,
                                                Revision.number == number))
    if revision is None:
        raise DraftingRefused(_("This questionnaire has no revision %(number)s.", number=number))
    return revision.snapshot, number


def compare_revisions(db: Session, questionnaire: Questionnaire, old: Any, new: Any) -> list[QuestionChange]:
    """The changes from revision ``old`` to ``new`` (numbers of *this* questionnaire's revisions, or
    ``"draft"``), each with the accepted proposals made on revisions from ``old`` up to before ``new``.

    Raises ``DraftingRefused`` for a revision number the questionnaire does not have.
    """
    old_document, old_number = _document(db, questionnaire, old)
    new_document, new_number = _document(db, questionnaire, new)
    changes = compare(old_document, new_document)
    query = (select(Proposal).join(Consultation).join(Revision).join(Disposition)
             .where(Revision.questionnaire_id == questionnaire.id, Revision.number >= (old_number or 0),
                    Disposition.outcome.in_(("accepted", "with_changes"))))
    if new_number is not None:
        query = query.where(Revision.number < new_number)
    by_key: dict[str, list[Proposal]] = {}
    for proposal in db.scalars(query.order_by(Proposal.id)):
        by_key.setdefault(proposal.question_key or "", []).append(proposal)
    for change in changes:
        change.proposals = by_key.get(change.key, [])
    return changes
