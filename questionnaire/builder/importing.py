"""Importing a definition into the builder: a new questionnaire, the next version of a slug, or — asked for
explicitly — the content of the slug's working draft replaced by the document's.

There is one working draft per slug: an import never creates a second draft next to it. Replacing keeps
the draft's row (its id, version, parent and history in the audit log stay the same; its pages' addresses
stay valid) and swaps its clusters, questions, languages and translations for the document's. It is offered
only while nothing else refers to that content: no issued revision (and so no consultation, proposal or
comment on it), no endorsement, no reply, no version started from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from questionnaire.builder.versions import working_draft
from questionnaire.definitions.document import build_clusters, import_document, store_translations
from questionnaire.definitions.languages import split_document
from questionnaire.definitions.problems import DefinitionInvalid
from questionnaire.definitions.validate import check_document
from questionnaire.models import Decision, Questionnaire, QuestionnaireStatus, Response, Revision, User
from questionnaire.models.audit import record
from questionnaire.models.revision import raise_content_revision
from questionnaire.models.texts import TextTranslation


@dataclass(frozen=True)
class Imported:
    """What an import made: ``questionnaire``, a new draft, or the working draft whose content was
    ``replaced``."""

    questionnaire: Questionnaire
    replaced: bool = False


class DraftExists(Exception):
    """The document's slug already has a working draft and replacing it was not asked for. Nothing has
    been written.

    ``draft`` is that draft; ``replace_refused`` says why its content cannot be replaced, or is None when
    it can."""

    def __init__(self, draft: Questionnaire, replace_refused: str | None) -> None:
        super().__init__(draft.slug)
        self.draft = draft
        self.replace_refused = replace_refused


class DraftNotReplaceable(DraftExists):
    """Replacing was asked for but something refers to the draft's content (``replace_refused`` says
    what); nothing has been written."""

    def __init__(self, draft: Questionnaire, reason: str) -> None:
        super().__init__(draft, reason)


def replace_refused(db: Session, draft: Questionnaire) -> str | None:
    """Why an upload may not replace the content of ``draft``, or None when it may."""
    if draft.status is not QuestionnaireStatus.DRAFT or draft.endorsed_at is not None or db.scalar(
            select(func.count()).select_from(Decision).where(Decision.questionnaire_id == draft.id)):
        return _("This draft was endorsed: its content cannot be replaced by a file.")
    symbols = db.scalars(select(Revision.symbol).where(Revision.questionnaire_id == draft.id)
                         .order_by(Revision.number)).all()
    if symbols:
        return _("A revision of this draft has been issued to States (%(symbols)s): its content cannot be "
                 "replaced by a file. Change the draft on its pages, so that the changes can be traced.",
                 symbols=", ".join(symbols))
    if db.scalar(select(func.count()).select_from(Response).where(Response.questionnaire_id == draft.id)):
        return _("This draft has replies: its content cannot be replaced by a file.")
    if db.scalar(select(func.count()).select_from(Questionnaire).where(Questionnaire.parent_id == draft.id)):
        return _("Another version was started from this draft: its content cannot be replaced by a file.")
    return None


class DraftChanged(Exception):
    """The draft's content changed (or it stopped being the slug's working draft) after the person
    agreed to replace it: someone else's change would be lost unseen. Nothing has been written."""

    def __init__(self, draft: Questionnaire) -> None:
        super().__init__(draft.slug)
        self.draft = draft


def import_definition(db: Session, document: Any, user: User | None, *, replace_draft: bool = False) -> Imported:
    """Import ``document``: a new questionnaire, the next version of its slug when that slug has no working
    draft, or, with ``replace_draft``, that working draft with its content replaced.

    Raises, having written nothing: ``DefinitionInvalid`` with every problem of the document,
    ``DraftExists`` when the slug has a working draft that was not asked to be replaced,
    ``DraftNotReplaceable`` when it was but something refers to it. Flushes, never commits.
    """
    problems = check_document(document)
    if problems:
        raise DefinitionInvalid(problems)
    draft = working_draft(db, document["slug"])
    if draft is None:
        return Imported(import_document(db, document, user))
    if not replace_draft:
        raise DraftExists(draft, replace_refused(db, draft))
    return replace_draft_content(db, draft, document, user)


def replace_draft_content(db: Session, draft: Questionnaire, document: Any, user: User | None, *,
                          seen_revision: int | None = None, filename: str | None = None) -> Imported:
    """Replace the content of the working draft ``draft`` by the checked ``document`` (same slug).

    With ``seen_revision`` (the draft's content revision when the person agreed), the draft is replaced
    only if it is still the slug's working draft at that revision: the revision is claimed in SQL before
    anything else is written, so of two transactions confirming at once, one is refused. ``filename``
    names the file in the audit log.

    Raises, having written nothing (the caller rolls back): ``DraftNotReplaceable`` when something
    refers to the draft's content, ``DraftChanged`` when it is no longer the draft at ``seen_revision``.
    Flushes, never commits.
    """
    if seen_revision is not None:
        current = working_draft(db, document["slug"])
        if current is None or current.id != draft.id or draft.content_revision != seen_revision:
            raise DraftChanged(draft)
    reason = replace_refused(db, draft)
    if reason is not None:
        raise DraftNotReplaceable(draft, reason)
    if seen_revision is not None and not _claim_revision(db, draft, seen_revision):
        raise DraftChanged(draft)
    _replace_content(db, draft, document, user, filename)
    return Imported(draft, replaced=True)


def _claim_revision(db: Session, draft: Questionnaire, seen_revision: int) -> bool:
    """Raise the draft's content revision if it still is ``seen_revision``; False when another
    transaction moved it first (PostgreSQL re-reads the row once that transaction commits)."""
    table = Questionnaire.__table__
    claimed = db.execute(update(table).where(table.c.id == draft.id, table.c.content_revision == seen_revision)
                         .values(content_revision=table.c.content_revision + 1))
    db.expire(draft, ["content_revision"])
    return claimed.rowcount == 1


def _replace_content(db: Session, draft: Questionnaire, document: Any, user: User | None,
                     filename: str | None) -> None:
    """Swap the (checked) document's content into ``draft``, keeping its row, and record what changed with the
    file it came from."""
    document, translations, _problems = split_document(document)
    before = {"title": draft.title, "languages": list(draft.languages or []),
              "clusters": len(draft.clusters), "questions": len(draft.questions_in_order()),
              "translations": db.scalar(select(func.count()).select_from(TextTranslation)
                                        .where(TextTranslation.questionnaire_id == draft.id))}
    db.execute(delete(TextTranslation).where(TextTranslation.questionnaire_id == draft.id))
    raise_content_revision(db, [draft.id])  # the statement above bypasses the ORM
    draft.clusters.clear()
    db.flush()  # the old questions leave before new ones reuse their keys and codes
    languages = list(document.get("languages") or ["en"])
    draft.title = document["title"]
    draft.instrument = document["instrument"]
    draft.languages = languages
    draft.source_language = document.get("source_language") or languages[0]
    draft.language_statuses = dict(document.get("language_statuses") or {}) or None
    build_clusters(draft, document["clusters"])
    db.flush()
    stored = store_translations(db, draft, translations, user)
    after = {"title": draft.title, "languages": languages, "clusters": len(document["clusters"]),
             "questions": sum(len(c["questions"]) for c in document["clusters"]), "translations": stored}
    record(db, user, "questionnaire.replace_draft", f"questionnaire:{draft.id}", before=before, after=after,
           **({"file": filename} if filename else {}))
