"""Loading a State's reply to a questionnaire for a page, in a fixed number of queries, through the access rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from flask import abort
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forms.language import reply_language
from questionnaire.access import (get_reply_rows_or_404, reply_lookup, reply_lookup_parameters, reply_readable_or_404,
                                  scope_responses)
from questionnaire.replies.answering import Progress, progress, progress_by_cluster, reply_is_late, visible_keys
from questionnaire.observations.service import asked_of_answer, asked_of_response
from questionnaire.models import Answer, Cluster, Question, Questionnaire, Response, State, User
from questionnaire.replies.status_labels import NOT_STARTED
from questionnaire.structure import ClusterData
from questionnaire.structure import structure as kept_structure
from questionnaire.texts import LocalizedQuestionnaire, localized


@dataclass
class Reply:
    """A questionnaire (clusters and questions loaded) read in the reply's language (see ``localize``), one
    State, its response (if any) and answers."""

    questionnaire: Questionnaire | LocalizedQuestionnaire
    state: State
    response: Response | None
    answers: Mapping[int, Answer | StoredAnswer] = field(default_factory=dict)  # by question id
    shown_in: str | None = None  # the reply's language once settled (see ``settle_language``)

    @property
    def model(self) -> Questionnaire:
        """The questionnaire itself (for writes and queries), whichever language it is read in."""
        return getattr(self.questionnaire, "model", self.questionnaire)

    @property
    def language(self) -> str:
        """The reply's language: the one its questionnaire's texts are shown in, and its answers recorded in."""
        return self.shown_in or self.model.source

    def settle_language(self, reader_language: str | None = None) -> "Reply":
        """Settle the reply's language (see ``forms.language``) without reading any translation (no
        query): enough to save answers. ``reader_language`` defaults to the interface language."""
        reader = reader_language if reader_language is not None else str(get_locale())
        self.shown_in = reply_language(self.model, self.response, reader)
        return self

    def localize(self, db: Session, reader_language: str | None = None, *, kept: bool = False) -> "Reply":
        """This reply with its questionnaire read in the reply's language: one query for the translations
        (none in the source language, or when the app worker has kept them). ``kept``: its clusters and
        questions are the worker's kept ones (see ``questionnaire.structure``), not the model's."""
        self.settle_language(reader_language)
        self.questionnaire = localized(db, self.model, self.shown_in, kept=kept)
        return self

    @property
    def questions(self) -> list[Question]:
        return self.questionnaire.questions_in_order()

    def _plain_clusters(self) -> list[Any]:
        """The clusters (with their questions) as kept or stored, without the language they are read in: what
        the rules over answers (visibility, progress) read."""
        return [getattr(cluster, "model", cluster) for cluster in self.questionnaire.clusters]

    @property
    def values_by_key(self) -> dict[str, Any]:
        by_id = {question.id: question.key for cluster in self._plain_clusters() for question in cluster.questions}
        return {by_id[qid]: answer.value for qid, answer in self.answers.items() if qid in by_id}

    @property
    def values_by_id(self) -> dict[int, Any]:
        return {qid: answer.value for qid, answer in self.answers.items()}

    def visible(self) -> set[str]:
        return visible_keys(self.questions, self.values_by_key)

    def progress(self) -> Progress:
        return progress(self.questions, self.values_by_key)

    def progress_by_cluster(self) -> dict[str, Progress]:
        clusters = [(cluster.code, cluster.questions) for cluster in self._plain_clusters()]
        questions = [question for _code, found in clusters for question in found]
        return progress_by_cluster(clusters, questions, self.values_by_key)

    @property
    def last_edit(self) -> Answer | StoredAnswer | None:
        return max(self.answers.values(), key=lambda answer: answer.updated_at, default=None)

    @property
    def status(self) -> str:
        return self.response.status if self.response is not None else NOT_STARTED

    def is_late(self, now: datetime) -> bool:
        """Submitted after its deadline, or not submitted once it has passed (see questionnaire.replies.answering)."""
        return reply_is_late(self.questionnaire, self.response, now)

    @property
    def editable(self) -> bool:
        return self.questionnaire.is_open and not (self.response is not None and self.response.is_submitted)

    def cluster_or_404(self, code: str) -> Cluster:
        for cluster in self.questionnaire.clusters:
            if cluster.code == code:
                return cluster
        abort(404)


@dataclass(frozen=True)
class Changer:
    """Who last changed an answer, as pages name them."""

    id: int
    name: str


@dataclass(frozen=True)
class StoredAnswer:
    """An answer as the pages read it: its columns and who last changed it, bound to no session (reading
    answers as ORM objects cost pages a fifth of their work). Saving reads ``Answer`` objects of its own."""

    id: int
    response_id: int
    question_id: int
    value: Any
    revision: int
    language: str | None
    updated_at: datetime
    updated_by_id: int | None
    updated_by: Changer | None
    asked: bool = False  # a question to the State stands on it (``questions_to_state`` reads it)


def load_answers(db: Session, response_ids: list[int]) -> dict[int, dict[int, StoredAnswer]]:
    """Answers (with who last changed them, and whether a question to the State stands on each) by response
    id, then question id, as plain data (one query)."""
    found: dict[int, dict[int, StoredAnswer]] = {rid: {} for rid in response_ids}
    if response_ids:
        rows = db.execute(
            select(Answer.id, Answer.response_id, Answer.question_id, Answer.value, Answer.revision,
                   Answer.language, Answer.updated_at, Answer.updated_by_id, User.name, asked_of_answer())
            .outerjoin(User, User.id == Answer.updated_by_id)
            .where(Answer.response_id.in_(response_ids))
        )
        for row in rows:
            changer = Changer(row.updated_by_id, row.name) if row.updated_by_id is not None else None
            found[row.response_id][row.question_id] = StoredAnswer(*row[:8], changer, bool(row[9]))
    return found


def _state_and_questionnaire_or_404(
    db: Session, user: User, questionnaire_id: int, iso3: str
) -> tuple[State, Questionnaire]:
    """The State ``user`` may read and the questionnaire row alone (its clusters and questions come from
    ``questionnaire.structure``), in one query; 404 as ``get_state_or_404`` says, and when there is no such
    questionnaire or States do not answer it (yet)."""
    row = db.execute(
        select(State, Questionnaire).select_from(State).join(Questionnaire, Questionnaire.id == questionnaire_id)
        .where(State.iso3 == iso3.upper())
    ).first()
    reply_readable_or_404(user, row and row[0].id, row and row[1].status)
    return row[0], row[1]


@dataclass(frozen=True)
class ReplyVersion:
    """Every column of a State, a questionnaire and the State's response to it (as far as the reader may read
    it), and whether a question to the State stands on the reply: what a page of the reply is drawn from, as it
    stands now."""

    state_id: int
    columns: tuple[Any, ...]
    asked: bool


#: What ``reply_version_or_404`` reads: plain values, whether a question to the State stands on the reply last.
_VERSION = (*State.__table__.c, *Questionnaire.__table__.c, *Response.__table__.c, asked_of_response())


def reply_version_or_404(db: Session, user: User, questionnaire_id: int, iso3: str) -> ReplyVersion:
    """The version of State ``iso3``'s reply to the questionnaire as ``user`` may read it, as plain values (no
    objects: a third of the cost of reading the rows as ``load_reply_or_404`` does); 404 as that says."""
    row = db.connection().execute(reply_lookup(user.role, *_VERSION),
                                  reply_lookup_parameters(user, questionnaire_id, iso3)).first()
    found = row._mapping if row is not None else {}
    state_id = found.get(State.__table__.c.id)
    reply_readable_or_404(user, state_id, found.get(Questionnaire.__table__.c.status))
    return ReplyVersion(state_id, tuple(row[:-1]), bool(row[-1]))


def load_reply_or_404(db: Session, user: User, questionnaire_id: int, iso3: str, texts: bool = True) -> Reply:
    """The reply of State ``iso3`` if ``user`` may read it, its questionnaire read in the reply's language
    (``texts`` False: its language settled, no translation read, its texts the source's); 404 for another
    State's or an unopened questionnaire. The clusters and questions, and the translations, are the app
    worker's kept ones while the questionnaire's content revision is unchanged (plain data, not models)."""
    questionnaire, state, response = get_reply_rows_or_404(db, user, questionnaire_id, iso3,
                                                           joinedload(Response.submitted_by))
    answers = load_answers(db, [response.id])[response.id] if response is not None else {}
    reply = Reply(questionnaire, state, response, answers)
    if texts:
        return reply.localize(db, kept=True)
    reply.settle_language()
    reply.questionnaire = localized(db, questionnaire, questionnaire.source, kept=True)
    return reply


def load_cluster_for_saving_or_404(
    db: Session, user: User, questionnaire_id: int, iso3: str, code: str
) -> tuple[Reply, ClusterData]:
    """What saving one cluster needs, in three queries (five when the structure is read again): the State and
    the questionnaire (404 as for
    ``load_reply_or_404``), the cluster with its questions (404 for an unknown code), the State's response
    read again under a row lock (PostgreSQL; saves and submission of one reply queue up), and the
    cluster's answers read after that lock, so they are the ones the save compares with. The reply's
    ``answers`` hold that cluster's answers only; ``response`` is None before the first save. The reply's
    language is settled (answers record it); no translation is read: the cluster, with its questions, is
    the app worker's kept one (plain data in the source language; see ``questionnaire.structure``)."""
    state, questionnaire = _state_and_questionnaire_or_404(db, user, questionnaire_id, iso3)
    cluster = next((found for found in kept_structure(db, questionnaire).clusters if found.code == code), None)
    if cluster is None:
        abort(404)
    response = db.scalar(
        scope_responses(select(Response), user)
        .where(Response.questionnaire_id == questionnaire.id, Response.state_id == state.id)
        .with_for_update(of=Response).execution_options(populate_existing=True)
    )
    answers: dict[int, Answer] = {}
    if response is not None:
        answers = {answer.question_id: answer for answer in db.scalars(
            select(Answer).where(Answer.response_id == response.id,
                                 Answer.question_id.in_([question.id for question in cluster.questions]))
            .execution_options(populate_existing=True)
        )}
    return Reply(questionnaire, state, response, answers).settle_language(), cluster
