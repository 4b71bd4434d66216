"""Saving the translations typed on a language page: what fits is stored, a translation someone else stored
in the meantime is never overwritten unseen, and nothing typed is lost.

Each text row of the page carries a *base*: the fingerprint of the translation it was rendered from (empty
when there was none). On save, a row whose posted text is still the one it was rendered with was not
touched and is left alone, whatever is stored now. A changed row is written when the stored translation is
still the one its base names (or there is none); when it already holds the same text nothing is written.
Otherwise it is a conflict: the stored translation is kept, the other rows are saved, and both texts go back
to the person, who keeps theirs (the row now carries the stored translation's base, so saving again writes
it) or the stored one.

Each row also carries its *source base*: the fingerprint of the source text shown beside it, the text a
translation typed there is made from (and the source text itself, to be shown again should it change). A
changed row whose source is no longer the one its source base names is a conflict too: nothing is written
for it, the other rows are saved, and it comes back with what was typed, today's source marked as changed
and the source it was translated from, carrying today's source base, so that saving again — once the text
is checked against today's source — writes it. A "Still right" tick confirms an out-of-date translation for
the source text beside it; it is a conflict when the stored translation is no longer the one the row's base
names, or the source no longer the one its source base names: nothing is confirmed for it, and the row
comes back with the stored translation and today's source (and their bases), to be read and ticked again.

A row posted without a source base (a page rendered before rows carried one) is taken as shown beside
another source: a typed text or a tick on it is a conflict, never written unchecked. What is written is
marked as made from the source read in the same transaction as the check, so a source changed in the
meantime leaves it out of date, never current. Operations flush; the caller commits.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from questionnaire.models import Questionnaire, TextTranslation, User
from questionnaire.models.audit import record
from questionnaire.texts import (
    OUT_OF_DATE, TextState, TranslationError, confirm_translation, set_translation, text_states,
)

#: The names a language page posts per text: its translation, its base, its source base, the source text
#: shown beside it and a conflict's resolution; and the "Still right" boxes, each naming its text's key.
TEXT_FIELD, BASE_FIELD, SOURCE_BASE_FIELD, RESOLVE_FIELD = "t.", "b.", "s.", "resolve."
SHOWN_SOURCE_FIELD = "source."
STILL_RIGHT_FIELD = "still_right"
#: The resolution of a conflict that keeps the stored translation (the other one, "mine", is the default).
KEEP_STORED = "stored"


def cleaned(text: str | None) -> str:
    """A typed text as it is compared and stored: line breaks as browsers post them (``\\r\\n``) read as
    ``\\n``, surrounding blanks removed."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def fingerprint(text: str | None) -> str:
    """The base of a row rendered from the stored translation ``text``: a short digest, empty for none."""
    if text is None:
        return ""
    return hashlib.sha256(cleaned(text).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TranslationConflict:
    """Since this person's page was rendered, someone else stored a translation of ``key``, or its source
    text changed (or both, for a typed text): nothing was written or confirmed for it."""

    key: str
    stored: str | None  # the stored translation (``None``: none is stored)
    updated_at: datetime | None
    updated_by: str | None  # the name of who stored it, when known
    yours: str  # what this person typed; empty for a "Still right" tick
    #: A "Still right" tick, not confirmed (else a typed text, not written).
    confirming: bool = False
    #: The stored translation is no longer the one the row was rendered with…
    translation_changed: bool = False
    #: …the source text is no longer the one shown beside it (for a tick: the translation unchanged).
    source_changed: bool = False
    #: The source text a typed translation was made from, when the row posted it and it has changed since.
    translated_from: str | None = None

    @property
    def base(self) -> str:
        """The base the row carries now, so that saving "mine" again writes it over ``stored`` (empty when
        none is stored)."""
        return fingerprint(self.stored)


@dataclass
class BatchResult:
    """What a save did: counts, the texts this person changed with the base each of their rows carries
    when the page comes back (the translation the text was checked against, or saved as), and the
    conflicts, whose stored translations were kept."""

    saved: int = 0
    confirmed: int = 0
    typed: dict[str, str] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, TranslationConflict] = field(default_factory=dict)


class BatchRefused(TranslationError):
    """Some texts of a batch cannot be saved; ``errors`` maps each text's key to why, ``result`` holds the
    texts typed and any conflicts. Nothing was saved."""

    def __init__(self, errors: dict[str, str], result: BatchResult | None = None) -> None:
        super().__init__(_("Nothing was saved: correct the translations marked below."))
        self.errors = errors
        self.result = result or BatchResult()


@dataclass(frozen=True)
class PostedBatch:
    """What a language page posted, by key: the texts, each row's base, source base and the source text shown
    beside it, and the "Still right" ticks, each with the source base of its row (empty when the row sent
    none)."""

    texts: dict[str, str]
    bases: dict[str, str]
    still_right: dict[str, str]
    source_bases: dict[str, str] = field(default_factory=dict)
    shown_sources: dict[str, str] = field(default_factory=dict)


def posted_batch(formdata: MultiDict[str, str]) -> PostedBatch:
    """The texts, bases and ticks of a posted language page. A conflict resolved by keeping the stored
    translation is left out of ``texts`` (nothing to write)."""
    texts, bases, source_bases, shown_sources = {}, {}, {}, {}
    for name, value in formdata.items():
        if name.startswith(TEXT_FIELD):
            key = name[len(TEXT_FIELD):]
            if formdata.get(RESOLVE_FIELD + key) != KEEP_STORED:
                texts[key] = value
        elif name.startswith(BASE_FIELD):
            bases[name[len(BASE_FIELD):]] = value
        elif name.startswith(SOURCE_BASE_FIELD):
            source_bases[name[len(SOURCE_BASE_FIELD):]] = value
        elif name.startswith(SHOWN_SOURCE_FIELD):
            shown_sources[name[len(SHOWN_SOURCE_FIELD):]] = value
    still_right = {key: source_bases.get(key, "") for key in formdata.getlist(STILL_RIGHT_FIELD)}
    return PostedBatch(texts, bases, still_right, source_bases, shown_sources)


def lock_texts(db: Session, questionnaire_id: int) -> None:
    """Take the questionnaire's row lock (PostgreSQL) until the transaction ends, so that saves and imports
    of its texts queue up and each compares with what the one before it committed."""
    db.execute(select(Questionnaire.id).where(Questionnaire.id == questionnaire_id).with_for_update())


def _stored_rows(db: Session, questionnaire: Questionnaire, language: str) -> dict[str, TextTranslation]:
    """The stored translations, read after taking the texts' lock (:func:`lock_texts`)."""
    lock_texts(db, questionnaire.id)
    rows = db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.language == language,
    ).execution_options(populate_existing=True))
    return {row.key: row for row in rows}


def _conflict(db: Session, key: str, row: TextTranslation | None, yours: str, *, confirming: bool = False,
              translation_changed: bool = False, source_changed: bool = False,
              translated_from: str | None = None) -> TranslationConflict:
    if row is None:
        return TranslationConflict(key, None, None, None, yours, confirming, translation_changed, source_changed,
                                   translated_from)
    author = db.get(User, row.updated_by_id) if row.updated_by_id is not None else None
    return TranslationConflict(key, row.text, row.updated_at, author.name if author else None, yours, confirming,
                               translation_changed, source_changed, translated_from)


def _translated_from(shown: str | None, source_base: str) -> str | None:
    """The source text a row posted as shown beside it, when it is the one its source base names."""
    if not source_base or shown is None or fingerprint(shown) != source_base:
        return None
    return cleaned(shown)


def _confirmable(db: Session, ticked: Mapping[str, str], states: Mapping[str, TextState],
                 rows: Mapping[str, TextTranslation], bases: Mapping[str, str], result: BatchResult) -> list[str]:
    """The keys of ``ticked`` (key → source base) to confirm: an out-of-date translation whose translation
    and source are still the ones its row was rendered with. Any other tick on a stored translation goes into
    ``result.conflicts``; a tick on a text without one (or none of the questionnaire's) is left alone."""
    confirmed = []
    for key, source_base in ticked.items():
        state = states.get(key)
        if state is None or state.translation is None:
            continue  # nothing stored to confirm
        if fingerprint(state.translation) != bases.get(key, ""):
            result.conflicts[key] = _conflict(db, key, rows[key], "", confirming=True, translation_changed=True)
        elif fingerprint(state.source.text) != source_base:
            result.conflicts[key] = _conflict(db, key, rows[key], "", confirming=True, source_changed=True)
        elif state.status == OUT_OF_DATE:
            confirmed.append(key)
    return confirmed


def save_batch(db: Session, questionnaire: Questionnaire, language: str, user: User | None,
               texts: Mapping[str, str], still_right: Mapping[str, str] | None = None,
               bases: Mapping[str, str] | None = None, source_bases: Mapping[str, str] | None = None,
               shown_sources: Mapping[str, str] | None = None) -> BatchResult:
    """Save the translations typed on a language page.

    ``texts`` maps keys to what was typed, ``bases`` each row's base (a missing base means the row was
    rendered with no translation stored), ``source_bases`` each row's source base (a missing one is a
    source other than today's) and ``shown_sources`` the source text each row showed. An empty text, one as
    it was rendered, or one equal to the stored translation changes nothing (a translation is never removed
    from this page). A changed text whose stored translation changed since its base, or whose source
    changed since its source base, is a conflict (see the module): nothing is written for it and it is
    returned in ``conflicts``; the others are saved. ``still_right`` maps the keys of out-of-date
    translations confirmed as right for the changed source to the source base of their row; a tick whose
    translation or source changed since its row was rendered is a conflict, confirming nothing (see the
    module). A changed text needs no confirming: it is made from today's source.

    Raises :class:`BatchRefused` with every problem, having written nothing (the caller rolls back), or
    ``TranslationError`` for a language the questionnaire has not declared. One audit entry with each
    change. Flushes.
    """
    bases, source_bases, shown_sources = bases or {}, source_bases or {}, shown_sources or {}
    rows = _stored_rows(db, questionnaire, language)
    states = {state.key: state for state in text_states(db, questionnaire, language)}
    sources = {key: state.source for key, state in states.items()}
    result, changes, errors = BatchResult(), [], {}
    for key, posted in texts.items():
        typed, state, base = cleaned(posted), states.get(key), bases.get(key, "")
        if state is None:
            errors[key] = _("The questionnaire has no text %(key)s.", key=key)
            continue
        if not typed or fingerprint(typed) == base:
            continue  # left empty, or as it was rendered: this person did not change it
        result.typed[key], result.bases[key] = typed, base
        if state.translation is not None and typed == cleaned(state.translation):
            result.bases[key] = fingerprint(state.translation)
            continue  # already stored, by this person or someone else
        translation_changed = state.translation is not None and fingerprint(state.translation) != base
        source_base = source_bases.get(key, "")
        source_changed = fingerprint(state.source.text) != source_base
        if translation_changed or source_changed:
            result.conflicts[key] = conflict = _conflict(
                db, key, rows.get(key), typed, translation_changed=translation_changed, source_changed=source_changed,
                translated_from=_translated_from(shown_sources.get(key), source_base) if source_changed else None)
            result.bases[key] = conflict.base
            if len(typed) > state.source.limit:  # said now, so that keeping it is not refused next time
                errors[key] = _("The translation is %(length)s characters long; the limit is %(limit)s.",
                                length=len(typed), limit=state.source.limit)
            continue
        changes.append((key, state.translation, typed))
    changed = {key for key, _before, _after in changes}
    ticked = {key: source_base for key, source_base in (still_right or {}).items()
              if key not in changed and key not in result.conflicts}
    confirmed = _confirmable(db, ticked, states, rows, {**bases, **result.bases}, result)
    for key, _before, after in changes:
        try:
            set_translation(db, questionnaire, key, language, after, user, sources=sources)
        except TranslationError as error:
            if error.key is None:
                raise
            errors[key] = error.message
    if errors:
        raise BatchRefused(errors, result)
    result.bases.update({key: fingerprint(after) for key, _before, after in changes})
    for key in confirmed:
        confirm_translation(db, questionnaire, key, language, user)
    if changes or confirmed:
        record(db, user, "translation.save", f"questionnaire:{questionnaire.id}", language=language,
               changes=[{"key": key, "before": before, "after": after} for key, before, after in changes],
               confirmed=confirmed, **({"conflicts": sorted(result.conflicts)} if result.conflicts else {}))
    result.saved, result.confirmed = len(changes), len(confirmed)
    return result
