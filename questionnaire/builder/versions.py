"""New versions: a questionnaire copied into a new draft with the same keys; older versions stay as they are."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.definitions.document import build_clusters, export_document
from questionnaire.models import Questionnaire, User
from questionnaire.models.audit import record


def new_version(db: Session, questionnaire: Questionnaire, user: User | None) -> Questionnaire:
    """A draft copy of ``questionnaire`` (clusters, questions, keys, rules) numbered after the latest
    version of its slug, with ``parent`` set to it. The original and its responses are untouched."""
    latest = db.scalar(select(func.max(Questionnaire.version)).where(Questionnaire.slug == questionnaire.slug))
    document = export_document(questionnaire)
    copy = Questionnaire(
        slug=questionnaire.slug, title=questionnaire.title, instrument=questionnaire.instrument,
        version=(latest or questionnaire.version) + 1, languages=list(questionnaire.languages),
        parent=questionnaire, created_by_id=user.id if user else None,
    )
    build_clusters(copy, document["clusters"])
    db.add(copy)
    db.flush()
    record(db, user, "questionnaire.new_version", f"questionnaire:{copy.id}",
           before={"id": questionnaire.id, "version": questionnaire.version},
           after={"id": copy.id, "version": copy.version})
    return copy
