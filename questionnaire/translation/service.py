"""The secretariat's translation work on a questionnaire: its declared languages, saving translations in
batches (``questionnaire.translation.batch``), confirming out-of-date ones, each language's status, and the
decision to open with a language incomplete. Every change is recorded in the audit log. Operations flush;
the caller commits.

Translations can be edited whatever the questionnaire's status (an open questionnaire's wording can be
corrected too); only the list of languages is fixed once the questionnaire leaves the draft stage.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.builder.quality import translated_question_warnings
from questionnaire.definitions.validate import KNOWN_LANGUAGES
from questionnaire.models import Questionnaire, QuestionnaireStatus, User
from questionnaire.models.audit import record
from questionnaire.texts import (
    CURRENT,
    MISSING,
    OUT_OF_DATE,
    LanguageProgress,
    TextState,
    TranslationError,
    confirm_translation,
    incomplete_languages,
    language_progress,
    progress,
    set_language_status,
    text_states,
)
from questionnaire.translation.batch import BatchRefused, BatchResult, TranslationConflict, save_batch

#: The filters of a language page: every text, only those without a translation, only those out of date.
FILTERS = ("all", MISSING, OUT_OF_DATE)

#: The longest reason the secretariat may give for opening with a language incomplete.
REASON_MAX = 2000


def _target(questionnaire: Questionnaire) -> str:
    return f"questionnaire:{questionnaire.id}"


# --- declared languages -----------------------------------------------------------------------------


def addable_languages(questionnaire: Questionnaire) -> list[str]:
    """The known languages a draft could still declare."""
    return [code for code in KNOWN_LANGUAGES if code not in (questionnaire.languages or [])]


def add_language(db: Session, questionnaire: Questionnaire, user: User | None, language: str) -> None:
    """Declare ``language`` for a draft. Raises ``TranslationError`` for an unknown or already declared
    language, or a questionnaire past the draft stage. Flushes."""
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise TranslationError(_("Languages can be added or removed only while the questionnaire is a draft."))
    if language not in addable_languages(questionnaire):
        raise TranslationError(_("Choose one of the languages offered."))
    before = list(questionnaire.languages or [])
    questionnaire.languages = [*before, language]
    db.flush()
    record(db, user, "translation.language_add", _target(questionnaire), language=language,
           before={"languages": before}, after={"languages": questionnaire.languages})


def remove_language(db: Session, questionnaire: Questionnaire, user: User | None, language: str) -> None:
    """Withdraw ``language`` from a draft (never its source language). Its stored translations are kept,
    unused, so that declaring it again brings them back. Flushes."""
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise TranslationError(_("Languages can be added or removed only while the questionnaire is a draft."))
    if language == questionnaire.source:
        raise TranslationError(_("The source language cannot be removed."))
    if language not in (questionnaire.languages or []):
        raise TranslationError(_("This questionnaire is not offered in %(language)s.", language=language))
    before = list(questionnaire.languages or [])
    questionnaire.languages = [code for code in before if code != language]
    db.flush()
    record(db, user, "translation.language_remove", _target(questionnaire), language=language,
           before={"languages": before}, after={"languages": questionnaire.languages})


# --- one language's texts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguagePage:
    """What the page of one language shows: every text (or the filtered ones) with its state, the
    progress over all texts, and the quality warnings of the translated questions."""

    language: str
    states: list[TextState]
    shown: list[TextState]
    progress: LanguageProgress
    warnings: list[str]


def language_page(db: Session, questionnaire: Questionnaire, language: str, show: str = "all",
                  keep: Iterable[str] = ()) -> LanguagePage:
    """The page of ``language`` with the texts the filter ``show`` selects, and those named in ``keep`` (a
    save's typed texts, which come back even when the save moved them out of the filter)."""
    states = text_states(db, questionnaire, language)
    keep = set(keep)
    shown = states if show not in FILTERS or show == "all" else [s for s in states
                                                                 if s.status == show or s.key in keep]
    warnings = [warning for state in states
                if state.translation and state.source.field == "text" and state.source.question_key
                for warning in translated_question_warnings(state.source.number or state.source.question_key,
                                                            state.translation, language)]
    return LanguagePage(language, states, shown, progress(states, language), warnings)


def confirm(db: Session, questionnaire: Questionnaire, language: str, user: User | None, key: str) -> None:
    """Confirm one out-of-date translation as still right (audit entry). Raises ``TranslationError`` when
    there is none to confirm. Flushes."""
    state = next((s for s in text_states(db, questionnaire, language) if s.key == key), None)
    if state is None or state.status != OUT_OF_DATE:
        raise TranslationError(_("There is no out-of-date translation of %(key)s to confirm.", key=key), key)
    confirm_translation(db, questionnaire, key, language, user)
    record(db, user, "translation.confirm", _target(questionnaire), language=language, key=key)


def change_status(db: Session, questionnaire: Questionnaire, language: str, user: User | None, status: str) -> None:
    """Set a translated language's status (draft translation, reviewed, official), with an audit entry."""
    before = questionnaire.language_status(language)
    set_language_status(db, questionnaire, language, status)
    if before != status:
        record(db, user, "translation.status", _target(questionnaire), language=language,
               before={"status": before}, after={"status": status})


def overview(db: Session, questionnaire: Questionnaire) -> list[LanguageProgress]:
    """The progress of every declared language, the source language first."""
    return [language_progress(db, questionnaire, code)
            for code in [questionnaire.source, *questionnaire.translated_languages]]


# --- opening with a language incomplete -------------------------------------------------------------


def record_open_decision(db: Session, questionnaire: Questionnaire, user: User | None, reason: str) -> None:
    """Record the secretariat's decision to open although declared languages are incomplete, the source
    text standing in for what is missing. Raises ``TranslationError`` without a reason, when every
    language is complete, or once the questionnaire is open. Audit entry with the reason and each
    incomplete language's counts. Flushes."""
    if questionnaire.status in (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED):
        raise TranslationError(_("The questionnaire has already been opened."))
    reason = (reason or "").strip()
    if not reason:
        raise TranslationError(_("Give the reason for opening with the source text standing in."))
    if len(reason) > REASON_MAX:
        raise TranslationError(_("Keep the reason to %(limit)s characters.", limit=REASON_MAX))
    incomplete = incomplete_languages(db, questionnaire)
    if not incomplete:
        raise TranslationError(_("Every language is complete: no decision is needed."))
    before = questionnaire.incomplete_languages_reason
    questionnaire.incomplete_languages_reason = reason
    db.flush()
    record(db, user, "questionnaire.open_incomplete_languages", _target(questionnaire),
           before={"reason": before}, after={"reason": reason},
           languages=[{"language": p.language, "current": p.current, "out_of_date": p.out_of_date,
                       "missing": p.missing, "total": p.total} for p in incomplete])


def withdraw_open_decision(db: Session, questionnaire: Questionnaire, user: User | None) -> None:
    """Withdraw a recorded decision before the questionnaire opens (audit entry). Flushes."""
    if questionnaire.status in (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED):
        raise TranslationError(_("The questionnaire has already been opened."))
    before = questionnaire.incomplete_languages_reason
    if before is None:
        raise TranslationError(_("No decision is recorded."))
    questionnaire.incomplete_languages_reason = None
    db.flush()
    record(db, user, "questionnaire.open_incomplete_languages_withdrawn", _target(questionnaire),
           before={"reason": before}, after={"reason": None})


__all__ = [
    "CURRENT", "FILTERS", "MISSING", "OUT_OF_DATE", "BatchRefused", "BatchResult", "LanguagePage",
    "TranslationConflict", "TranslationError",
    "add_language", "addable_languages", "change_status", "confirm", "language_page",
    "overview", "record_open_decision", "remove_language", "save_batch", "withdraw_open_decision",
]
