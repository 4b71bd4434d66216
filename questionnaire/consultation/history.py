"""One question's history across the issued revisions (and the working draft): its wording in each, what
changed since the one before, and the proposals posted on it with their dispositions."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from questionnaire.consultation.consultations import PartyLists, may_read
from questionnaire.consultation.diff import WORDED, Piece, word_diff, wording_of
from questionnaire.definitions.document import export_document
from questionnaire.models import Consultation, Proposal, Questionnaire, Revision, Role, User


@dataclass
class Appearance:
    """The question in one revision (``revision`` None: the working draft); ``question`` None when it is
    not there. ``change``: first, unchanged, reworded, moved, moved_and_reworded, removed, added."""

    revision: Revision | None
    question: dict[str, Any] | None
    cluster: str | None
    change: str
    wording: dict[str, list[Piece]] = field(default_factory=dict)
    proposals: list[Proposal] = field(default_factory=list)


def _find(document: dict[str, Any], key: str) -> tuple[str | None, dict[str, Any] | None]:
    for cluster in document["clusters"]:
        for question in cluster["questions"]:
            if question["key"] == key:
                return cluster["code"], question
    return None, None


def _change(before: Appearance | None, cluster: str | None, question: dict[str, Any] | None) -> tuple[str, dict]:
    if before is None:
        return ("first" if question else "absent"), {}
    if question is None:
        return ("removed" if before.question else "absent"), {}
    if before.question is None:
        return "added", {}
    wording = {name: word_diff(wording_of(before.question, name), wording_of(question, name))
               for name in WORDED if wording_of(before.question, name) != wording_of(question, name)}
    moved = before.cluster != cluster
    if moved and wording:
        return "moved_and_reworded", wording
    return ("moved" if moved else "reworded" if wording else "unchanged"), wording


def question_history(db: Session, questionnaire: Questionnaire, key: str, user: User) -> list[Appearance]:
    """The question ``key`` in each revision the user may read (the secretariat: all, then the working
    draft; a delegate or focal point: those whose consultation is open to their State), oldest first.

    Empty when the question appears in none of them (the page then answers 404).
    """
    revisions = db.scalars(
        select(Revision).where(Revision.questionnaire_id == questionnaire.id).order_by(Revision.number)
        .options(selectinload(Revision.consultation).selectinload(Consultation.proposals)
                 .options(selectinload(Proposal.supports), selectinload(Proposal.disposition)))).all()
    secretariat = user.role is Role.SECRETARIAT
    known: PartyLists = {}
    sides: list[tuple[Revision | None, dict[str, Any]]] = [
        (revision, revision.snapshot) for revision in revisions
        if secretariat or (revision.consultation is not None and may_read(user, revision.consultation, known))]
    if secretariat:
        sides.append((None, export_document(questionnaire)))
    history: list[Appearance] = []
    before: Appearance | None = None
    for revision, document in sides:
        cluster, question = _find(document, key)
        change, wording = _change(before, cluster, question)
        consultation = revision.consultation if revision is not None else None
        posted = [p for p in consultation.proposals if p.question_key == key] if consultation else []
        appearance = Appearance(revision, question, cluster, change, wording, posted)
        history.append(appearance)
        before = appearance
    return history if any(appearance.question for appearance in history) else []
