"""Issuing a draft as a numbered revision: an immutable snapshot with its document symbol and date."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.consultation.errors import DraftingRefused
from questionnaire.definitions.checks import definition_problems
from questionnaire.definitions.document import export_document
from questionnaire.definitions.languages import read_in_language
from questionnaire.texts import CURRENT, text_states
from questionnaire.models import Questionnaire, QuestionnaireStatus, Revision, User
from questionnaire.models.audit import record


def revisions_of(db: Session, questionnaire: Questionnaire) -> list[Revision]:
    return list(db.scalars(select(Revision).where(Revision.questionnaire_id == questionnaire.id)
                           .order_by(Revision.number)))


def suggested_symbol(revisions: list[Revision]) -> str:
    """The symbol of the next revision: the first one's followed by ``/Rev.N``; empty before the first."""
    if not revisions:
        return ""
    return f"{revisions[0].symbol}/Rev.{len(revisions)}"


def issue_revision(db: Session, questionnaire: Questionnaire, user: User | None, symbol: str,
                   issued_on: date) -> Revision:
    """Issue the working draft as the next revision, snapshotting the whole definition.

    Raises ``DraftingRefused`` unless the questionnaire is a draft without errors and the symbol is new
    for this questionnaire.
    """
    symbol = (symbol or "").strip()
    if questionnaire.status is not QuestionnaireStatus.DRAFT:
        raise DraftingRefused(_("Only a draft is issued as a revision."))
    if not symbol:
        raise DraftingRefused(_("Give the document symbol."))
    if len(symbol) > 80:
        raise DraftingRefused(_("A document symbol has at most 80 characters."))
    problems = definition_problems(questionnaire)
    if problems:
        raise DraftingRefused(_("The draft has errors; fix them before issuing it: %(problems)s",
                                problems="; ".join(str(problem) for problem in problems)))
    taken = db.scalar(select(Revision.id).where(Revision.questionnaire_id == questionnaire.id,
                                                func.lower(Revision.symbol) == symbol.lower()))
    if taken is not None:
        raise DraftingRefused(_("A revision with the symbol %(symbol)s was issued already.", symbol=symbol))
    number = (db.scalar(select(func.max(Revision.number)).where(Revision.questionnaire_id == questionnaire.id))
              or 0) + 1
    revision = Revision(questionnaire_id=questionnaire.id, number=number, symbol=symbol, issued_on=issued_on,
                        snapshot=snapshot_of(db, questionnaire), issued_by_id=user.id if user else None)
    db.add(revision)
    db.flush()
    record(db, user, "revision.issue", f"questionnaire:{questionnaire.id}", revision=number, symbol=symbol,
           issued_on=issued_on.isoformat())
    return revision


def snapshot_of(db: Session, questionnaire: Questionnaire) -> dict:
    """The whole draft as issued: the plain definition (source language) with, under ``translations``,
    every translation current on the day (language → text key → text); an out-of-date translation is not
    a translation of the issued text and is left out."""
    snapshot = export_document(questionnaire)
    snapshot["source_language"] = questionnaire.source
    translations: dict[str, dict[str, str]] = {}
    for language in questionnaire.translated_languages:
        current = {state.key: state.translation for state in text_states(db, questionnaire, language)
                   if state.status == CURRENT}
        if current:
            translations[language] = current
    snapshot["translations"] = translations
    return snapshot


def snapshot_in_language(snapshot: dict, language: str | None) -> dict:
    """The issued draft as read in ``language``: its translations on the day where it has them, the source
    text standing in for the others (and for a language it was not issued in)."""
    texts = (snapshot.get("translations") or {}).get(language or "", {})
    shown = read_in_language({k: v for k, v in snapshot.items() if k != "translations"}, texts)
    shown["shown_language"] = language if texts else snapshot.get("source_language", "en")
    return shown


def revision_or_none(db: Session, questionnaire: Questionnaire, number: int) -> Revision | None:
    return db.scalar(select(Revision).where(Revision.questionnaire_id == questionnaire.id,
                                            Revision.number == number))
