"""A questionnaire's structure and translations, kept by each app worker between requests.

The answering pages read the questionnaire row on every request anyway; its ``content_revision`` (raised in
the transaction that changes a cluster, a question, a translation, the title or the languages: see
``questionnaire.models.revision``) says whether what this worker kept is still what the database holds. When
it is, the clusters and questions (plain, frozen data, bound to no session) and the translations into the
page's language are taken from the worker's memory; when it is not, they are read again and replace what was
kept. Each worker (each app) keeps at most ``KEPT`` questionnaires' structures and ``KEPT`` (questionnaire,
language) translations, the least recently used leaving first; a lock guards them, so threads may share an app.

What is kept is only ever what a committed state of the database held at that revision or later: a session
whose own transaction has changed a questionnaire's content reads it afresh and keeps nothing.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from typing import Any, Callable, Hashable, Mapping, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import Cluster, Question, Questionnaire
from questionnaire.models.revision import CONTENT_CHANGED

#: How many questionnaires' structures, and how many (questionnaire, language) translations, a worker keeps.
KEPT = 16
#: How many rendered page parts (a cluster's question blocks in one language and row layout) a worker keeps.
KEPT_PAGE_PARTS = 256
#: Replies whose progress the monitoring table keeps: every State's reply to a few questionnaires.
KEPT_PROGRESS = 2048

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class QuestionData:
    """A question as the answering pages read it (the columns of ``Question``), bound to no session."""

    id: int
    questionnaire_id: int
    cluster_id: int
    position: int
    key: str
    number: str
    text: str
    guidance: str
    kind: str
    required: bool
    provisions: list[str]
    options: dict[str, Any]
    show_if: dict[str, Any] | None

    @property
    def parent_key(self) -> str | None:
        return self.show_if["question"] if self.show_if else None

    def __repr__(self) -> str:
        return f"<Question {self.key}>"


@dataclass(frozen=True, eq=False)
class ClusterData:
    """A cluster with its questions in order, bound to no session."""

    id: int
    questionnaire_id: int
    position: int
    code: str
    title: str
    description: str
    questions: tuple[QuestionData, ...]

    def __repr__(self) -> str:
        return f"<Cluster {self.code}>"


@dataclass(frozen=True, eq=False)
class Structure:
    """A questionnaire's clusters and questions in order."""

    questionnaire_id: int
    clusters: tuple[ClusterData, ...]

    def questions_in_order(self) -> list[QuestionData]:
        return [question for cluster in self.clusters for question in cluster.questions]


_QUESTION_COLUMNS = (Question.id, Question.questionnaire_id, Question.cluster_id, Question.position, Question.key,
                     Question.number, Question.text, Question.guidance, Question.kind, Question.required,
                     Question.provisions, Question.options, Question.show_if)


def read_structure(db: Session, questionnaire_id: int) -> Structure:
    """The questionnaire's clusters and questions as stored now (two queries, no ORM objects)."""
    questions: dict[int, list[QuestionData]] = {}
    for row in db.execute(select(*_QUESTION_COLUMNS).where(Question.questionnaire_id == questionnaire_id)
                          .order_by(Question.cluster_id, Question.position, Question.id)):
        question = QuestionData(*row[:6], row.text, row.guidance or "", row.kind, bool(row.required),
                                list(row.provisions or []), dict(row.options or {}), row.show_if)
        questions.setdefault(question.cluster_id, []).append(question)
    clusters = tuple(
        ClusterData(row.id, row.questionnaire_id, row.position, row.code, row.title, row.description or "",
                    tuple(questions.get(row.id, ())))
        for row in db.execute(
            select(Cluster.id, Cluster.questionnaire_id, Cluster.position, Cluster.code, Cluster.title,
                   Cluster.description)
            .where(Cluster.questionnaire_id == questionnaire_id).order_by(Cluster.position, Cluster.id))
    )
    return Structure(questionnaire_id, clusters)


class Kept:
    """At most ``size`` values, each with the stamp it was read at; least recently used leave first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, stamp: Hashable) -> Any | None:
        with self._lock:
            found = self._values.get(key)
            if found is None or found[0] != stamp:
                return None
            self._values.move_to_end(key)
            return found[1]

    def through(self, key: Hashable, stamp: Hashable, read: Callable[[], T]) -> T:
        """The value kept under ``key`` while its stamp is ``stamp``; otherwise ``read()``'s, kept with it."""
        value = self.get(key, stamp)
        if value is None:
            value = read()
            self.put(key, stamp, value)
        return value

    def put(self, key: Hashable, stamp: Hashable, value: Any) -> None:
        with self._lock:
            self._values[key] = (stamp, value)
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[Hashable]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._values)


@dataclass
class KeptContent:
    """One app's kept structures, translations, page parts and whole pages (``forms.kept_pages``, at most the
    ``KEPT_PAGES`` setting)."""

    structures: Kept
    texts: Kept
    page_parts: Kept
    pages: Kept
    progress: Kept  # each reply's progress on the monitoring table (``monitoring.service``)


def kept_content() -> KeptContent:
    """The current app's kept structures and translations (made on first use)."""
    kept = current_app.extensions.get("questionnaire.kept_content")
    if kept is None:
        kept = current_app.extensions.setdefault("questionnaire.kept_content", KeptContent(
            Kept(KEPT), Kept(KEPT), Kept(KEPT_PAGE_PARTS), Kept(current_app.config["KEPT_PAGES"]),
            Kept(KEPT_PROGRESS)))
    return kept


def content_stamp(questionnaire: Questionnaire) -> tuple[int, datetime | None]:
    """What says whether something kept of ``questionnaire``'s content is current: its content revision, and its
    creation time (a questionnaire made after another was deleted may get its id and revision back)."""
    return questionnaire.content_revision, questionnaire.created_at


def _through(db: Session, which: str, key: Hashable, questionnaire: Questionnaire, read: Callable[[], T]) -> T:
    if db.info.get(CONTENT_CHANGED) or not has_app_context():  # changed by this transaction: read, keep nothing
        return read()
    kept: Kept = getattr(kept_content(), which)
    return kept.through(key, content_stamp(questionnaire), read)


def structure(db: Session, questionnaire: Questionnaire) -> Structure:
    """``questionnaire``'s clusters and questions: kept ones while its content revision is unchanged."""
    return _through(db, "structures", questionnaire.id, questionnaire,
                    lambda: read_structure(db, questionnaire.id))


def kept_texts(db: Session, questionnaire: Questionnaire, language: str,
               read: Callable[[], Mapping[str, tuple[str, str]]]) -> Mapping[str, tuple[str, str]]:
    """``questionnaire``'s translations into ``language`` as ``read`` gives them: kept ones while its content
    revision is unchanged."""
    return _through(db, "texts", (questionnaire.id, language), questionnaire, read)


def kept_page_parts(db: Session, questionnaire: Questionnaire, key: Hashable, read: Callable[[], T]) -> T:
    """Parts of a page showing ``questionnaire`` as ``read`` renders them (``key`` says which parts: cluster,
    languages, layout): kept ones while its content revision is unchanged."""
    return _through(db, "page_parts", (questionnaire.id, key), questionnaire, read)
