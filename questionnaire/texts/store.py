"""Reading and writing a questionnaire's translations.

A translation is *current* when the digest it remembers is the digest of today's source text, *out of
date* when the source changed since, *missing* when there is none. Operations flush; the caller commits.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from questionnaire.locale import format_number, ngettext
from questionnaire.models import Questionnaire, TextTranslation, User
from questionnaire.models.revision import raise_content_revision
from questionnaire.texts.keys import SourceText, digest, source_texts

CURRENT = "current"
OUT_OF_DATE = "out_of_date"
MISSING = "missing"

#: What a language's translation has reached, set by the secretariat (the source language is official).
LANGUAGE_STATUSES = ("draft", "reviewed", "official")


class TranslationError(ValueError):
    """A translation that cannot be stored; the message says why, ``key`` names the text."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


@dataclass(frozen=True)
class TextState:
    """One source text with its translation into one language and how the two stand."""

    source: SourceText
    translation: str | None
    status: str

    @property
    def key(self) -> str:
        return self.source.key


@dataclass(frozen=True)
class LanguageProgress:
    language: str
    total: int
    current: int
    out_of_date: int
    missing: int

    @property
    def complete(self) -> bool:
        """Every text translated and none out of date."""
        return self.current == self.total

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else (100 * self.current) // self.total

    def in_words(self) -> str:
        """How many of the language's texts are translated, out of date and missing, as a sentence in the
        interface language, in the plural form its number of texts takes ("1 of 1 text translated…")."""
        return ngettext("%(current)s of %(num)s text translated, %(out_of_date)s out of date, %(missing)s missing.",
                        "%(current)s of %(num)s texts translated, %(out_of_date)s out of date, %(missing)s missing.",
                        self.total, current=format_number(self.current), out_of_date=format_number(self.out_of_date),
                        missing=format_number(self.missing))


def stored_translations(db: Session, questionnaire_id: int, language: str) -> dict[str, TextTranslation]:
    """The translations into ``language``, by key (one query)."""
    rows = db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == language))
    return {row.key: row for row in rows}


def stored_texts(db: Session, questionnaire_id: int, language: str) -> dict[str, tuple[str, str]]:
    """``{key: (translation, source digest)}`` into ``language`` (one query, no ORM objects): what a page
    in that language needs to show current translations and let the source stand in for the others."""
    rows = db.execute(select(TextTranslation.key, TextTranslation.text, TextTranslation.source_digest).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == language)).all()
    return {key: (text, source_digest) for key, text, source_digest in rows}


def stored_texts_of(db: Session, questionnaire_ids: Iterable[int], language: str) -> dict[int, dict[str, tuple[str, str]]]:
    """:func:`stored_texts` of several questionnaires at once, by questionnaire id (one query)."""
    rows = db.execute(select(TextTranslation.questionnaire_id, TextTranslation.key, TextTranslation.text,
                             TextTranslation.source_digest).where(
        TextTranslation.questionnaire_id.in_(list(questionnaire_ids)), TextTranslation.language == language)).all()
    found: dict[int, dict[str, tuple[str, str]]] = {}
    for questionnaire_id, key, text, source_digest in rows:
        found.setdefault(questionnaire_id, {})[key] = (text, source_digest)
    return found


def text_states(db: Session, questionnaire: Questionnaire, language: str) -> list[TextState]:
    """Every source text with its translation into ``language`` and its status, in reading order."""
    stored = stored_translations(db, questionnaire.id, language)
    states = []
    for source in source_texts(questionnaire):
        row = stored.get(source.key)
        if row is None:
            states.append(TextState(source, None, MISSING))
        else:
            status = CURRENT if row.source_digest == digest(source.text) else OUT_OF_DATE
            states.append(TextState(source, row.text, status))
    return states


def progress(states: Iterable[TextState], language: str) -> LanguageProgress:
    states = list(states)
    counts = Counter(state.status for state in states)
    return LanguageProgress(language, len(states), counts[CURRENT], counts[OUT_OF_DATE], counts[MISSING])


def language_progress(db: Session, questionnaire: Questionnaire, language: str) -> LanguageProgress:
    """How far the translation into ``language`` has come (the source language is always complete)."""
    if language == questionnaire.source:
        total = len(source_texts(questionnaire))
        return LanguageProgress(language, total, total, 0, 0)
    return progress(text_states(db, questionnaire, language), language)


def incomplete_languages(db: Session, questionnaire: Questionnaire) -> list[LanguageProgress]:
    """The declared languages with a text missing or out of date, in the order declared."""
    return [p for p in (language_progress(db, questionnaire, code) for code in questionnaire.translated_languages)
            if not p.complete]


def _check_language(questionnaire: Questionnaire, language: str) -> None:
    if language == questionnaire.source:
        raise TranslationError(_("%(language)s is the source language: edit the text itself.", language=language))
    if language not in (questionnaire.languages or []):
        raise TranslationError(_("This questionnaire is not offered in %(language)s.", language=language))


def set_translation(db: Session, questionnaire: Questionnaire, key: str, language: str, text: str,
                    user: User | None = None, *, sources: Mapping[str, SourceText] | None = None) -> TextTranslation:
    """Store ``text`` as the translation of the text ``key`` into ``language``, made from today's source
    (so it is current). Raises :class:`TranslationError` for an unknown key or language, an empty text or
    one over the field's limit. Flushes."""
    _check_language(questionnaire, language)
    sources = sources if sources is not None else {s.key: s for s in source_texts(questionnaire)}
    source = sources.get(key)
    if source is None:
        raise TranslationError(_("The questionnaire has no text %(key)s.", key=key), key)
    text = (text or "").strip()
    if not text:
        raise TranslationError(_("The translation is empty."), key)
    if len(text) > source.limit:
        raise TranslationError(_("The translation is %(length)s characters long; the limit is %(limit)s.",
                                 length=len(text), limit=source.limit), key)
    row = db.scalar(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.key == key,
        TextTranslation.language == language))
    if row is None:
        row = TextTranslation(questionnaire_id=questionnaire.id, key=key, language=language)
        db.add(row)
    row.text = text
    row.source_digest = digest(source.text)
    row.updated_by_id = user.id if user is not None else None
    db.flush()
    return row


def confirm_translation(db: Session, questionnaire: Questionnaire, key: str, language: str,
                        user: User | None = None) -> TextTranslation:
    """Mark an out-of-date translation as still right for today's source. Flushes."""
    _check_language(questionnaire, language)
    sources = {s.key: s for s in source_texts(questionnaire)}
    row = stored_translations(db, questionnaire.id, language).get(key)
    if row is None or key not in sources:
        raise TranslationError(_("There is no translation of %(key)s to confirm.", key=key), key)
    row.source_digest = digest(sources[key].text)
    row.updated_by_id = user.id if user is not None else None
    db.flush()
    return row


def remove_translation(db: Session, questionnaire: Questionnaire, key: str, language: str) -> None:
    db.execute(delete(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.key == key,
        TextTranslation.language == language))
    raise_content_revision(db, [questionnaire.id])  # a statement the ORM does not see
    db.flush()


def set_language_status(db: Session, questionnaire: Questionnaire, language: str, status: str) -> None:
    """Record a translated language's status (draft translation, reviewed, official). Flushes."""
    _check_language(questionnaire, language)
    if status not in LANGUAGE_STATUSES:
        raise TranslationError(_("Choose one of the statuses offered."))
    questionnaire.language_statuses = {**(questionnaire.language_statuses or {}), language: status}
    db.flush()


def copy_translations(db: Session, source: Questionnaire, target: Questionnaire) -> int:
    """Copy every translation of ``source`` to ``target`` (a new version), keeping each one's digest, so
    a text reworded in the new version shows as out of date there. Returns how many. Flushes."""
    rows = db.scalars(select(TextTranslation).where(TextTranslation.questionnaire_id == source.id)).all()
    for row in rows:
        db.add(TextTranslation(questionnaire_id=target.id, key=row.key, language=row.language, text=row.text,
                               source_digest=row.source_digest, updated_by_id=row.updated_by_id))
    db.flush()
    return len(rows)


def rename_keys(db: Session, questionnaire: Questionnaire, renamed: Mapping[str, str]) -> None:
    """Move the translations stored under each old key of ``renamed`` to its new key, in every language,
    when what they belong to is renamed (a cluster's code, a question's key), so renaming loses no
    language's text. Exact keys, never prefixes: question ``crim`` must not take ``crim.law``'s. Flushes."""
    renamed = {old: new for old, new in renamed.items() if old != new}
    if not renamed:
        return
    rows = db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.key.in_(list(renamed)))).all()
    for row in rows:
        row.key = renamed[row.key]
    db.flush()
