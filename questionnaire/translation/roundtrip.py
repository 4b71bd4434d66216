"""The translators' round trip: export one language of a questionnaire to XLIFF or XLSX, and import the
file back once translated.

An import is checked whole before anything is written (:func:`plan_import`): the questionnaire and
version it names must exist and not be open for answers (nor closed) — a translation changing under the
States' eyes is corrected text by text on the translation page instead; the language must be one of its
translated languages; every segment must name a text of the questionnaire, once, must come from today's
source text (a segment exported before its source changed is refused with its place), and its translation
must fit the text's limit. A segment left empty changes nothing. Only a plan without problems is applied
(:func:`apply_import`), with one audit entry. The command line and the translation page both go through here.

An out-of-date translation (its source changed after it was made) goes out marked as such, and comes back
current only when the translator says it is right: a segment whose text is edited is a new translation; one
left as it was is confirmed as still right when the file marks it so (an XLIFF unit approved or in a done
state, yes in a workbook row's "still right" cell, in any interface language), and otherwise changes nothing
and stays out of date.

The page applies a file in a second request, after a preview that listed each change with its stored
translation ("Now"). The preview's form carries those translations' fingerprints (:func:`shown_bases`), and
applying writes what the preview listed, nothing else: a listed text saved on the page in between is a
conflict, so nothing is written and the file is previewed again against today's texts; a text the file left
as it was keeps what was saved since. A conflict never overwrites unseen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.definitions.document import load_questionnaire
from questionnaire.locale import reader_language, writing_direction
from questionnaire.models import Questionnaire, QuestionnaireStatus, TextTranslation, User
from questionnaire.models.audit import record
from questionnaire.texts import CURRENT, MISSING, OUT_OF_DATE, confirm_translation, digest, set_translation, text_states
from questionnaire.translation.batch import fingerprint, lock_texts
from questionnaire.translation.files import read_translation_file, write_xliff
from questionnaire.translation.segments import ExportRow, FileHeader, FileRefused
from questionnaire.translation.workbook import write_xlsx

FORMATS = ("xlf", "xlsx")
#: Each text's status as the workbook's "status" column words it, as the translation page's marks do.
_STATUS_WORDS = {CURRENT: lazy_pgettext("the status of a translation, beside “out of date” and “missing”",
                                        "translated"),
                 OUT_OF_DATE: _l("out of date"), MISSING: _l("missing")}


def _place(state) -> str:
    source = state.source
    if source.question_key:
        what = source.number or source.question_key
        return _("Question %(number)s, %(field)s", number=what, field=source.field)
    if source.cluster_code:
        return _("Cluster %(code)s, %(field)s", code=source.cluster_code, field=source.field)
    return _("Questionnaire title")


def export_file(db: Session, questionnaire: Questionnaire, language: str, fmt: str) -> tuple[str, bytes]:
    """``(file name, bytes)`` of ``language``'s texts as XLIFF (``fmt="xlf"``) or XLSX, worded (places,
    headings, statuses) in the current interface language. Raises ``ValueError`` for the source language or
    one the questionnaire does not declare."""
    if language not in questionnaire.translated_languages:
        raise ValueError(_("This questionnaire is not translated into %(language)s.", language=language))
    rows = [ExportRow(state.key, state.source.text, state.translation or "", str(_STATUS_WORDS[state.status]),
                      digest(state.source.text), _place(state), out_of_date=state.status == OUT_OF_DATE)
            for state in text_states(db, questionnaire, language)]
    header = FileHeader(questionnaire.slug, questionnaire.version, questionnaire.source, language)
    name = f"{questionnaire.slug}-v{questionnaire.version}-{language}.{fmt}"
    if fmt == "xlf":
        return name, write_xliff(header, rows)
    return name, write_xlsx(header, rows, right_to_left=writing_direction(language) == "rtl",
                            sheet_right_to_left=writing_direction(reader_language()) == "rtl")


#: What a file does to a text: a first translation, another translation, or the same translation confirmed as
#: still right for a source that changed (made current again).
NEW, CHANGED, CONFIRMED = "new", "changed", "confirmed"


@dataclass(frozen=True)
class Change:
    key: str
    place: str
    before: str | None
    after: str
    kind: str  # NEW, CHANGED or CONFIRMED


@dataclass
class ImportPlan:
    """What an import would do, or why it cannot: ``problems`` each name their place. ``left_out_of_date``
    counts the out-of-date translations the file leaves as they were without marking them still right."""

    questionnaire: Questionnaire | None = None
    language: str | None = None
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    left_out_of_date: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def _questionnaire_problems(db: Session, slug: str | None, version: int | None, language: str | None,
                            plan: ImportPlan) -> None:
    if not slug or version is None or not language:
        plan.problems.append(_("The file does not name its questionnaire, version and language: export it again "
                               "from the translation page or the translations export command."))
        return
    questionnaire = load_questionnaire(db, slug, version)
    if questionnaire is None:
        plan.problems.append(_("There is no questionnaire %(slug)s version %(version)s.", slug=slug, version=version))
        return
    if questionnaire.status in (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED):
        plan.problems.append(_("%(slug)s version %(version)s has been opened for answers: a file cannot replace "
                               "its translations; correct texts one by one on the translation page.",
                               slug=slug, version=version))
    elif language not in questionnaire.translated_languages:
        plan.problems.append(_("%(slug)s version %(version)s is not translated into %(language)s.",
                               slug=slug, version=version, language=language))
    plan.questionnaire, plan.language = questionnaire, language


class ChangedSincePreview(Exception):
    """Texts the file would change hold another translation than the preview showed; nothing was written.
    ``keys`` names them, in the file's order."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(", ".join(keys))
        self.keys = keys


def plan_import(db: Session, data: bytes, *, lock: bool = False) -> ImportPlan:
    """Read and check a translations file whole; nothing is written. Every problem is listed with its
    place (``line 12: question.x.text: …`` or ``row 5: …``). With ``lock``, the texts are read under the
    questionnaire's lock (:func:`~questionnaire.translation.batch.lock_texts`), so that no page save slips in
    between this plan and applying it in the same transaction."""
    plan = ImportPlan()
    try:
        file = read_translation_file(data)
    except FileRefused as error:
        plan.problems.extend(error.problems)
        return plan
    _questionnaire_problems(db, file.slug, file.version, file.language, plan)
    if plan.problems:
        return plan
    if lock:
        lock_texts(db, plan.questionnaire.id)
    states = {state.key: state for state in text_states(db, plan.questionnaire, plan.language)}
    seen: set[str] = set()
    for segment in file.segments:
        state = states.get(segment.key)

        def problem(message: str) -> None:
            plan.problems.append(f"{segment.place}: {segment.key or '?'}: {message}")

        if state is None:
            problem(_("the questionnaire has no text with this key"))
            continue
        if segment.key in seen:
            problem(_("the text appears twice in the file"))
            continue
        seen.add(segment.key)
        exported_from = segment.digest or digest(segment.source)
        translation = segment.translation.strip()
        if exported_from != digest(state.source.text):
            problem(_("the source text changed since this file was exported; export the language again"))
        elif not translation:
            plan.untranslated += 1
        elif len(translation) > state.source.limit:
            problem(_("the translation is %(length)s characters long; the limit is %(limit)s",
                      length=len(translation), limit=state.source.limit))
        elif translation != state.translation:
            plan.changes.append(Change(segment.key, segment.place, state.translation, translation,
                                       NEW if state.translation is None else CHANGED))
        elif state.status != OUT_OF_DATE:
            plan.unchanged += 1
        elif segment.still_right:
            plan.changes.append(Change(segment.key, segment.place, state.translation, translation, CONFIRMED))
        else:
            plan.left_out_of_date += 1
    return plan


def shown_bases(plan: ImportPlan) -> dict[str, str]:
    """What a preview of ``plan`` shows as "Now": the fingerprint of each changed text's stored translation
    (empty where there is none), by key. A text the preview does not list held the file's translation."""
    return {change.key: fingerprint(change.before) for change in plan.changes}


def saved_since_preview(plan: ImportPlan, shown: Mapping[str, str]) -> list[str]:
    """The keys of the changes in ``plan`` whose stored translation is no longer the one a preview found
    (``shown``, from :func:`shown_bases`): the one it showed as "Now" or, for a text it did not list, the
    file's own translation. In the file's order."""
    return [change.key for change in plan.changes
            if shown.get(change.key, fingerprint(change.after)) != fingerprint(change.before)]


@dataclass(frozen=True)
class LastSave:
    """Who last stored a translation (their name, when known) and when (``None`` when none is stored)."""

    by: str | None
    at: datetime | None


def last_saves(db: Session, questionnaire: Questionnaire, language: str, keys: list[str]) -> dict[str, LastSave]:
    """Who stored each of ``keys``' translations into ``language``, and when, in the order of ``keys``: what
    a preview refused as saved since shows beside each marked text. One query."""
    rows = db.execute(
        select(TextTranslation.key, User.name, TextTranslation.updated_at)
        .outerjoin(User, User.id == TextTranslation.updated_by_id)
        .where(TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.language == language,
               TextTranslation.key.in_(keys)))
    found = {key: LastSave(name, at) for key, name, at in rows}
    return {key: found.get(key, LastSave(None, None)) for key in keys}


def apply_import(db: Session, plan: ImportPlan, user: User | None, filename: str = "",
                 shown: Mapping[str, str] | None = None) -> int:
    """Write a valid plan's changes with one audit entry; returns how many. Flushes.

    With ``shown`` (what a preview showed, see :func:`shown_bases`), only what the preview listed is
    written, and only over the translation it showed: a text the preview did not list (the file left it as
    it was) and saved since keeps what was saved; a listed text saved since raises
    :class:`ChangedSincePreview`, naming every text saved since, and nothing is written.
    Raises ``ValueError`` for a plan with problems."""
    if not plan.valid or plan.questionnaire is None or plan.language is None:
        raise ValueError("a plan with problems cannot be applied")
    changes = plan.changes
    if shown is not None:
        saved_since = saved_since_preview(plan, shown)
        if any(key in shown for key in saved_since):
            raise ChangedSincePreview(saved_since)
        changes = [change for change in plan.changes if change.key in shown]
    for change in changes:
        if change.kind == CONFIRMED:
            confirm_translation(db, plan.questionnaire, change.key, plan.language, user)
        else:
            set_translation(db, plan.questionnaire, change.key, plan.language, change.after, user)
    if changes:
        record(db, user, "translation.import", f"questionnaire:{plan.questionnaire.id}", language=plan.language,
               file=filename, changes=[{"key": c.key, "kind": c.kind, "before": c.before, "after": c.after}
                                       for c in changes])
    return len(changes)
