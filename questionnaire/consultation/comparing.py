"""Comparing two revisions of one questionnaire (or a revision and the working draft, or a definition file),
with the proposals behind each change."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.consultation.diff import ClusterChange, QuestionChange, compare, compare_clusters
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.definitions.document import export_document
from questionnaire.models import Consultation, Disposition, Proposal, Questionnaire, Revision

WORKING_DRAFT = "draft"


@dataclass
class Side:
    """One side of a comparison: an issued revision, the working draft, or a definition file."""

    document: dict[str, Any]
    revision: Revision | None = None
    file_name: str | None = None

    @property
    def number(self) -> int | None:
        return self.revision.number if self.revision else None

    def label(self) -> str:
        """How documents name this side, in the current language."""
        if self.revision is not None:
            return _("%(symbol)s of %(date)s", symbol=self.revision.symbol,
                     date=self.revision.issued_on.isoformat())
        if self.file_name is not None:
            return _("the definition file %(name)s", name=self.file_name)
        return _("the working draft")


@dataclass
class Comparison:
    questionnaire: Questionnaire
    old: Side
    new: Side
    questions: list[QuestionChange] = field(default_factory=list)
    clusters: list[ClusterChange] = field(default_factory=list)


def side_of(db: Session, questionnaire: Questionnaire, which: Any) -> Side:
    """The revision numbered ``which`` of this questionnaire, or the working draft for ``"draft"``.

    Raises ``DraftingRefused`` for anything else, or a number the questionnaire has no revision for.
    """
    if str(which) == WORKING_DRAFT:
        return Side(export_document(questionnaire))
    try:
        number = int(which)
    except (TypeError, ValueError):
        raise DraftingRefused(_("Choose a revision or the working draft.")) from None
    revision = db.scalar(select(Revision).where(Revision.questionnaire_id == questionnaire.id,
                                                Revision.number == number))
    if revision is None:
        raise DraftingRefused(_("This questionnaire has no revision %(number)s.", number=number))
    return Side(revision.snapshot, revision)


def side_of_file(questionnaire: Questionnaire, document: dict[str, Any], name: str) -> Side:
    """A definition file as a side; raises ``DraftingRefused`` when it defines another questionnaire."""
    if document.get("slug") != questionnaire.slug:
        raise DraftingRefused(_("%(name)s defines the questionnaire %(slug)s, not %(expected)s: only drafts of "
                                "one questionnaire are compared.", name=name, slug=document.get("slug"),
                                expected=questionnaire.slug))
    return Side(document, file_name=name)


def compare_sides(db: Session, questionnaire: Questionnaire, old: Side, new: Side) -> Comparison:
    """What changed from ``old`` to ``new``, each question change with the accepted proposals made on
    revisions from ``old`` up to before ``new``."""
    comparison = Comparison(questionnaire, old, new, compare(old.document, new.document),
                            compare_clusters(old.document, new.document))
    query = (select(Proposal).join(Consultation).join(Revision).join(Disposition)
             .where(Revision.questionnaire_id == questionnaire.id, Revision.number >= (old.number or 0),
                    Disposition.outcome.in_(("accepted", "with_changes"))))
    if new.number is not None:
        query = query.where(Revision.number < new.number)
    by_key: dict[str, list[Proposal]] = {}
    for proposal in db.scalars(query.order_by(Proposal.id)):
        by_key.setdefault(proposal.question_key or "", []).append(proposal)
    for change in comparison.questions:
        change.proposals = by_key.get(change.key, [])
    return comparison


def compare_revisions(db: Session, questionnaire: Questionnaire, old: Any, new: Any) -> Comparison:
    """The comparison of revision ``old`` with ``new`` (numbers of *this* questionnaire's revisions, or
    ``"draft"``). Raises ``DraftingRefused`` for a revision number the questionnaire does not have."""
    return compare_sides(db, questionnaire, side_of(db, questionnaire, old), side_of(db, questionnaire, new))
