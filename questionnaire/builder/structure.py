"""Drafting a questionnaire: metadata and clusters (questions are in ``structure_questions``).

Every change is applied, then the whole questionnaire is checked with the definition checker; a change
that leaves a problem is rolled back and refused with every problem. From the Working Group's endorsement on
(endorsed, adopted, open, closed) its structure is frozen: only wording may be corrected, and each correction
is audited.
Services flush, never commit.
"""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.definitions.checks import definition_problems
from questionnaire.definitions.validate import SLUG_PATTERN
from questionnaire.lifecycle import structure_frozen_reason
from questionnaire.instruments import SOM_PROTOCOL
from questionnaire.models import Cluster, Questionnaire, User
from questionnaire.models.audit import record
from questionnaire.texts import cluster_key, rename_keys

class StructureError(Exception):
    """A change that was refused; nothing was changed. ``problems`` lists why, each readable on its own."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.message = message
        self.problems = problems or []
        super().__init__("\n".join([message, *self.problems]))


class StructureFrozen(StructureError):
    """A structural change to an endorsed (or later) questionnaire: only wording may be corrected."""


def require_unfrozen(questionnaire: Questionnaire) -> None:
    """Raise ``StructureFrozen``, naming the stage and its day, once the Working Group has endorsed the
    questionnaire (endorsed, adopted, open or closed)."""
    reason = structure_frozen_reason(questionnaire)
    if reason is not None:
        raise StructureFrozen(reason)


def apply_checked(db: Session, questionnaire: Questionnaire, change: Callable[[], Any]) -> Any:
    """Run ``change`` (which edits rows in memory), check the result, then flush; return what it returned.

    Raises ``StructureError`` listing the problems, with every row as it was before, when the changed
    definition would not be valid.
    """
    savepoint = db.begin_nested()
    try:
        with db.no_autoflush:
            result = change()
            problems = definition_problems(questionnaire, allow_empty=True)
        if problems:
            raise StructureError(_("The change was not made:"), problems)
        db.flush()
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    return result


def move_in_list(items: list, item: Any, position: int) -> None:
    """Put ``item`` at 1-based ``position`` in ``items`` and renumber every ``position`` attribute.

    Raises ``StructureError`` when the position is outside 1..len(items).
    """
    if not 1 <= position <= len(items):
        raise position_refused(position, len(items))
    items.remove(item)
    items.insert(position - 1, item)
    renumber(items)


def position_refused(position: int, count: int) -> StructureError:
    """The refusal of a position outside 1..count."""
    return StructureError(_(
        "Position %(position)s is not possible: choose a position from 1 to %(count)s.",
        position=position, count=count,
    ))


def renumber(items: list) -> None:
    for number, item in enumerate(items, start=1):
        item.position = number


def _target(questionnaire: Questionnaire) -> str:
    return f"questionnaire:{questionnaire.id}"


# --- the questionnaire ----------------------------------------------------------------------------


def create_blank(db: Session, user: User | None, slug: str, title: str) -> Questionnaire:
    """A new empty draft, version 1 of ``slug``. Raises ``StructureError`` for a bad or used slug or title."""
    slug, title = slug.strip(), title.strip()
    _check_slug(db, slug, None)
    if not title:
        raise StructureError(_("Give the questionnaire a title."))
    questionnaire = Questionnaire(
        slug=slug, title=title, instrument=SOM_PROTOCOL.name, version=1, languages=["en"],
        created_by_id=user.id if user else None,
    )
    db.add(questionnaire)
    db.flush()
    record(db, user, "questionnaire.create", _target(questionnaire), after={"slug": slug, "title": title})
    return questionnaire


def _check_slug(db: Session, slug: str, questionnaire: Questionnaire | None) -> None:
    if not SLUG_PATTERN.match(slug):
        raise StructureError(_("The short name may hold only lowercase letters, digits and hyphens."))
    query = select(func.count()).select_from(Questionnaire).where(Questionnaire.slug == slug)
    if questionnaire is not None:
        query = query.where(Questionnaire.id != questionnaire.id)
    if db.scalar(query):
        raise StructureError(_("The short name “%(slug)s” is used by another questionnaire.", slug=slug))


def edit_metadata(db: Session, questionnaire: Questionnaire, user: User | None, slug: str, title: str) -> None:
    """Change the title (always a wording correction) and the short name (drafts only, version 1 only);
    audited with what changed, nothing when nothing did."""
    slug, title = slug.strip(), title.strip()
    if not title:
        raise StructureError(_("Give the questionnaire a title."))
    before = {"slug": questionnaire.slug, "title": questionnaire.title}
    if before == {"slug": slug, "title": title}:
        return
    if slug != questionnaire.slug:
        require_unfrozen(questionnaire)
        if questionnaire.version != 1 or questionnaire.status != "draft":
            raise StructureError(_("The short name is shared by every version; it can change only on a first draft."))
        _check_slug(db, slug, questionnaire)
    questionnaire.slug, questionnaire.title = slug, title
    db.flush()
    record(db, user, "questionnaire.edit", _target(questionnaire), before=before,
           after={"slug": slug, "title": title})


# --- clusters -------------------------------------------------------------------------------------


def add_cluster(db: Session, questionnaire: Questionnaire, user: User | None, code: str, title: str,
                description: str = "") -> Cluster:
    """Add a cluster at the end. Raises ``StructureFrozen``, or ``StructureError`` for a used code."""
    require_unfrozen(questionnaire)

    def change() -> Cluster:
        cluster = Cluster(code=code.strip(), title=title.strip(), description=description.strip(),
                          position=len(questionnaire.clusters) + 1)
        questionnaire.clusters.append(cluster)
        return cluster

    cluster = apply_checked(db, questionnaire, change)
    record(db, user, "questionnaire.cluster.add", _target(questionnaire),
           after={"code": cluster.code, "title": cluster.title})
    return cluster


def edit_cluster(db: Session, cluster: Cluster, user: User | None, code: str, title: str, description: str) -> None:
    """Change a cluster's code (not when frozen), title and description (a wording correction); audited with
    the cluster's code and what changed, nothing when nothing did."""
    questionnaire = cluster.questionnaire
    before = {"code": cluster.code, "title": cluster.title, "description": cluster.description}
    after = {"code": code.strip(), "title": title.strip(), "description": description.strip()}
    if after == before:
        return
    if after["code"] != before["code"]:
        require_unfrozen(questionnaire)

    def change() -> None:
        cluster.code, cluster.title, cluster.description = after["code"], after["title"], after["description"]

    apply_checked(db, questionnaire, change)
    if after["code"] != before["code"]:  # its translations follow it under its new code
        rename_keys(db, questionnaire, {cluster_key(before["code"], field): cluster_key(after["code"], field)
                                        for field in ("title", "description")})
    # once the structure is frozen (from endorsement on) a title or description change is a recorded correction
    action = "questionnaire.cluster.correct" if questionnaire.structure_frozen else "questionnaire.cluster.edit"
    record(db, user, action, _target(questionnaire), code=cluster.code, before=before, after=after)


def delete_cluster(db: Session, cluster: Cluster, user: User | None) -> None:
    """Delete a cluster and its questions. Refused when frozen or when a later question depends on one."""
    questionnaire = cluster.questionnaire
    require_unfrozen(questionnaire)
    # the questions go with it: each by its key, number and text, as the log names a deleted question
    before = {"code": cluster.code, "title": cluster.title,
              "questions": [{"key": q.key, "number": q.number, "text": q.text} for q in cluster.questions]}

    def change() -> None:
        questionnaire.clusters.remove(cluster)
        renumber(questionnaire.clusters)

    apply_checked(db, questionnaire, change)
    record(db, user, "questionnaire.cluster.delete", _target(questionnaire), before=before)


def move_cluster(db: Session, cluster: Cluster, user: User | None, position: int) -> None:
    """Put a cluster at ``position`` (1 = first). Refused when frozen, for an impossible position, or
    when a follow-up question would come before the question it depends on. Audited unless the cluster stays
    where it was."""
    questionnaire = cluster.questionnaire
    require_unfrozen(questionnaire)
    before = cluster.position
    apply_checked(db, questionnaire, lambda: move_in_list(questionnaire.clusters, cluster, position))
    if cluster.position == before:
        return
    record(db, user, "questionnaire.cluster.move", _target(questionnaire), code=cluster.code,
           before={"position": before}, after={"position": cluster.position})
