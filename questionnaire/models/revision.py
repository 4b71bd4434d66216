"""A questionnaire's content revision, raised in the transaction that changes what its pages show.

App workers keep a questionnaire's structure and translations between requests (``questionnaire.structure``)
and use them while the row's ``content_revision`` is the one they were kept at. Every change made through the
ORM to a cluster, a question, a translation, or a questionnaire's title or languages raises the owning
questionnaire's counter in the same flush (one ``before_flush`` hook for the whole app); statements that
bypass the ORM (``insert(TextTranslation)``, ``delete(TextTranslation)``) call :func:`raise_content_revision`.

The counter is raised in SQL (``content_revision + 1``), so two transactions changing one questionnaire at
once never end on the same number. A session that has raised it carries ``CONTENT_CHANGED`` in its
``info`` until its transaction ends: what it reads then may never be committed, so it is not kept.
"""
from __future__ import annotations

from itertools import chain
from typing import Any, Iterable

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from questionnaire.models.questionnaires import Cluster, Question, Questionnaire
from questionnaire.models.texts import TextTranslation

#: Key in ``Session.info`` while the session's transaction has changed a questionnaire's content.
CONTENT_CHANGED = "questionnaire.content_changed"

#: The questionnaire's own columns its pages show as texts.
_SHOWN_FIELDS = ("title", "languages", "source_language")


def raise_content_revision(session: Session, questionnaire_ids: Iterable[int | None]) -> None:
    """Raise the content revision of these questionnaires (in SQL, in the session's transaction), and
    expire the counter of those the session holds so it is read again."""
    ids = {qid for qid in questionnaire_ids if qid is not None}
    if not ids:
        return
    session.info[CONTENT_CHANGED] = True
    table = Questionnaire.__table__
    session.execute(update(table).where(table.c.id.in_(ids)).values(content_revision=table.c.content_revision + 1))
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Questionnaire) and obj.id in ids:
            session.expire(obj, ["content_revision"])


def _owner(obj: Any) -> int | None:
    """The id of the questionnaire ``obj`` (a cluster, question or translation) belongs to, if it has one yet."""
    if obj.questionnaire_id is not None:
        return obj.questionnaire_id
    owner = getattr(obj, "questionnaire", None)
    if owner is None and isinstance(obj, Question) and obj.cluster is not None:
        return _owner(obj.cluster)
    return owner.id if owner is not None else None


def _changed_questionnaires(session: Session) -> set[int | None]:
    ids: set[int | None] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, (Cluster, Question, TextTranslation)):
            if obj in session.dirty and not session.is_modified(obj, include_collections=False):
                continue
            ids.add(_owner(obj))
        elif isinstance(obj, Questionnaire) and obj in session.dirty:
            state = obj.__dict__.get("_sa_instance_state")
            if state is not None and any(state.attrs[name].history.has_changes() for name in _SHOWN_FIELDS):
                ids.add(obj.id)
    return ids


@event.listens_for(Session, "before_flush")
def _raise_on_flush(session: Session, _context: Any, _instances: Any) -> None:
    raise_content_revision(session, _changed_questionnaires(session))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_change(session: Session) -> None:
    session.info.pop(CONTENT_CHANGED, None)
