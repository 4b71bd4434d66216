"""New versions: a questionnaire copied into a new draft with the same keys; older versions stay as they are."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.definitions.document import build_clusters, export_document
from questionnaire.models import Questionnaire, QuestionnaireStatus, Response, User
from questionnaire.models.audit import record
from questionnaire.texts.store import copy_translations


def new_version(db: Session, questionnaire: Questionnaire, user: User | None) -> Questionnaire:
    """A draft copy of ``questionnaire`` (clusters, questions, keys, rules, translations and their
    languages' statuses) numbered after the latest
    version of its slug, with ``parent`` set to it. The original and its responses are untouched.
    There is one working draft per questionnaire: when its slug already has a draft, that draft is
    returned and nothing is created."""
    existing = working_draft(db, questionnaire.slug)
    if existing is not None:
        return existing
    latest = db.scalar(select(func.max(Questionnaire.version)).where(Questionnaire.slug == questionnaire.slug))
    document = export_document(questionnaire)
    copy = Questionnaire(
        slug=questionnaire.slug, title=questionnaire.title, instrument=questionnaire.instrument,
        version=(latest or questionnaire.version) + 1, languages=list(questionnaire.languages),
        source_language=questionnaire.source, language_statuses=dict(questionnaire.language_statuses or {}) or None,
        parent=questionnaire, created_by_id=user.id if user else None,
    )
    build_clusters(copy, document["clusters"])
    db.add(copy)
    db.flush()
    copy_translations(db, questionnaire, copy)
    record(db, user, "questionnaire.new_version", f"questionnaire:{copy.id}",
           before={"id": questionnaire.id, "version": questionnaire.version},
           after={"id": copy.id, "version": copy.version})
    return copy


@dataclass(frozen=True)
class StartedVersion:
    """The working draft of a questionnaire's slug after asking for a new version: ``created`` now, or
    the draft that was already being worked on."""

    questionnaire: Questionnaire
    created: bool


def start_new_version(db: Session, questionnaire: Questionnaire, user: User | None) -> StartedVersion:
    """A new draft version of ``questionnaire`` (see :func:`new_version`), unless its slug already has a
    working draft: then that draft, with nothing written."""
    existing = working_draft(db, questionnaire.slug)
    if existing is not None:
        return StartedVersion(existing, created=False)
    return StartedVersion(new_version(db, questionnaire, user), created=True)


def working_draft(db: Session, slug: str) -> Questionnaire | None:
    """The one draft of ``slug`` being worked on, if there is one (the newest, should there be several)."""
    return db.scalar(select(Questionnaire).where(Questionnaire.slug == slug, Questionnaire.status == QuestionnaireStatus.DRAFT)
                     .order_by(Questionnaire.version.desc()).limit(1))


class DraftNotDeletable(ValueError):
    """Raised with the reason a questionnaire cannot be deleted; nothing has changed."""


def delete_draft(db: Session, questionnaire: Questionnaire, user: User | None) -> None:
    """Delete a draft that was never endorsed, with its clusters and questions, and record it.

    Raises ``DraftNotDeletable`` for an endorsed (or later) questionnaire, one with replies, or one that
    another version was started from.
    """
    if questionnaire.status is not QuestionnaireStatus.DRAFT or questionnaire.endorsed_at is not None:
        raise DraftNotDeletable(_("Only a draft that was never endorsed can be deleted."))
    if db.scalar(select(func.count()).select_from(Response).where(Response.questionnaire_id == questionnaire.id)):
        raise DraftNotDeletable(_("This draft has replies: it cannot be deleted."))
    if db.scalar(select(func.count()).select_from(Questionnaire).where(Questionnaire.parent_id == questionnaire.id)):
        raise DraftNotDeletable(_("Another version was started from this draft: it cannot be deleted."))
    record(db, user, "questionnaire.delete", f"questionnaire:{questionnaire.id}",
           before={"slug": questionnaire.slug, "title": questionnaire.title, "version": questionnaire.version,
                   "questions": len(questionnaire.questions_in_order())})
    db.delete(questionnaire)
    db.flush()
