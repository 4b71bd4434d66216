"""Saving a cluster's answers: everything valid is stored, nothing is overwritten unseen, nothing is lost.

Each answer carries a revision. A form is rendered with a *base* per question (``"<revision>:<fingerprint
of the value shown>"``). On save a question whose posted value equals what was shown is left alone (the
person did not touch it); a changed one is written only if the stored revision is still the one shown,
otherwise it is a conflict: both texts go back to the person, who chooses or merges.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from questionnaire.kinds import InvalidAnswer, get_kind
from questionnaire.models import Answer, AnswerChange, Cluster, Question, Questionnaire, Response, State, User, utcnow


#: What a save writes into an answer it changes (with its id: see ``_update_changed_answers``).
CHANGED_COLUMNS = ("revision", "value", "language", "updated_at", "updated_by_id")


class AnswersRefused(Exception):
    """Nothing was saved; ``str()`` says why in words for the person."""


@dataclass(frozen=True)
class Conflict:
    """Someone else changed an answer after this person's form was rendered."""

    stored: Answer
    yours: Any  # the posted value, coerced

    @property
    def base(self) -> str:
        return base_of(self.stored)


@dataclass
class SaveResult:
    response: Response
    saved: dict[str, Answer] = field(default_factory=dict)  # written (or already equal) by key
    errors: dict[str, str] = field(default_factory=dict)  # key → message; the typed text is shown again
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    written: int = 0
    history: list[Answer] = field(default_factory=list, repr=False)  # answers written, for their history
    new_answers: list[dict] = field(default_factory=list, repr=False)  # rows of first answers, to insert
    changed_answers: list[dict] = field(default_factory=list, repr=False)  # new values of stored answers, by id
    digests: dict[str, str] = field(default_factory=dict, repr=False)  # fingerprint of each saved value, by key

    @property
    def clean(self) -> bool:
        return not self.errors and not self.conflicts

    def base(self, key: str) -> str:
        """The base of the saved answer ``key``, as a form rendered from it now carries."""
        answer = self.saved[key]
        digest = self.digests.get(key)
        return f"{answer.revision}:{digest}" if digest is not None else base_of(answer)


def fingerprint(value: Any) -> str:
    """A short, stable digest of a stored value (None for no answer)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def base_of(answer: Answer | None) -> str:
    """The base a form rendered from ``answer`` carries (revision 0 when there is no answer yet)."""
    if answer is None:
        return f"0:{fingerprint(None)}"
    return f"{answer.revision}:{fingerprint(answer.value)}"


def parse_base(text: str | None) -> tuple[int, str]:
    """``(revision, fingerprint)`` from a posted base; a missing or garbled one counts as "no answer seen"."""
    revision, _sep, digest = (text or "").partition(":")
    try:
        return int(revision), digest
    except ValueError:
        return 0, fingerprint(None)


def ensure_response(db: Session, questionnaire: Questionnaire, state: State) -> Response:
    """The State's response to ``questionnaire``, created on first use (a concurrent creation is reused).

    Raises AnswersRefused when the questionnaire is not open for answers.
    """
    if not questionnaire.is_open:
        raise AnswersRefused(_("This questionnaire is not open for answers, so nothing was saved."))
    query = select(Response).where(Response.questionnaire_id == questionnaire.id, Response.state_id == state.id)
    response = db.scalar(query)
    if response is not None:
        return response
    try:
        with db.begin_nested():
            response = Response(questionnaire=questionnaire, state=state)
            db.add(response)
    except IntegrityError:  # another person's first save won the race: use their row
        response = db.scalar(query)
        if response is None:
            raise
    return response


def lock_for_writing(db: Session, response: Response) -> Response:
    """Reload ``response`` under a row lock (PostgreSQL) so saves and submission of one reply queue up.

    Raises AnswersRefused when it has been submitted.
    """
    db.execute(
        select(Response).where(Response.id == response.id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if response.is_submitted:
        raise AnswersRefused(_("This reply has been submitted and can no longer be changed; nothing was saved."))
    return response


def save_answers(
    db: Session,
    questionnaire: Questionnaire,
    state: State,
    user: User,
    cluster: Cluster,
    raw_by_key: Mapping[str, Any],
    bases: Mapping[str, str],
    at: datetime | None = None,
    language: str | None = None,
    response: Response | None = None,
    locked_answers: Mapping[int, Answer] | None = None,
) -> SaveResult:
    """Store every valid, changed answer of ``cluster`` posted by ``user`` (one flush).

    ``raw_by_key`` holds what was typed per question key, ``bases`` the base each question was
    rendered with; ``language`` is the language the person wrote in (the reply's language), kept on
    each answer written and in its history (written in the same flush as the answer). Hidden follow-ups are saved like any answer (their text is kept). Raises
    AnswersRefused, with nothing changed, when the questionnaire is not open, the reply is submitted,
    or a key is not a question of this cluster. ``response`` is the State's response when the caller
    has already read it (it is read again under the row lock all the same) — unless the caller read it
    under that lock itself and then the cluster's answers, given as ``locked_answers`` (by question id;
    see ``forms.replies.load_cluster_for_saving_or_404``): then neither is read again.
    """
    questions = {question.key: question for question in cluster.questions}
    foreign = [key for key in raw_by_key if key not in questions]
    if foreign or cluster.questionnaire_id != questionnaire.id:
        raise AnswersRefused(_("The form names a question that is not part of this section; nothing was saved."))
    if response is None or response.questionnaire_id != questionnaire.id or response.state_id != state.id:
        response = ensure_response(db, questionnaire, state)
    elif not questionnaire.is_open:
        raise AnswersRefused(_("This questionnaire is not open for answers, so nothing was saved."))
    if locked_answers is not None and response.id is not None:
        if response.is_submitted:
            raise AnswersRefused(_("This reply has been submitted and can no longer be changed; nothing was saved."))
        stored = {key: locked_answers[questions[key].id] for key in raw_by_key if questions[key].id in locked_answers}
    else:
        response = lock_for_writing(db, response)
        stored = _stored_answers(db, response, [questions[key] for key in raw_by_key])
    result = SaveResult(response=response)
    now = at or utcnow()
    for key, raw in raw_by_key.items():
        _save_one(db, result, questions[key], raw, parse_base(bases.get(key)), stored.get(key), user, now,
                  language)
    if result.written:
        response.updated_at = now  # also bumps lock_version: a concurrent save of this reply fails loudly
    db.flush()
    _update_changed_answers(db, result)
    _insert_new_answers(db, result, questions)
    _record_history(db, result.history, user, now, language)
    return result


def save_reply_answers(db: Session, reply: Any, cluster: Any, user: User, raw_by_key: Mapping[str, Any],
                       bases: Mapping[str, str]) -> SaveResult:
    """Save what was posted to ``cluster``'s page of ``reply`` (a ``forms.replies.Reply`` loaded for saving, see
    ``forms.replies.load_cluster_for_saving_or_404``) as that page's Save does: in the reply's language, its
    response and the cluster's answers as read under the lock. See ``save_answers``."""
    return save_answers(db, reply.model, reply.state, user, cluster, raw_by_key, bases, language=reply.language,
                        response=reply.response,
                        locked_answers=reply.answers if reply.response is not None else None)


_ANSWERS = Answer.__table__
#: The UPDATE of one stored answer by its id, run once for all of a save's changed answers (executemany). A
#: statement of the table, not of the mapped class: the session's objects already hold the new values, so the
#: ORM's bulk bookkeeping (a third of the statement's cost) would do nothing.
_UPDATE_ANSWER = (
    _ANSWERS.update().where(_ANSWERS.c.id == bindparam("answer_id"))
    .values({name: bindparam(name, type_=_ANSWERS.c[name].type) for name in CHANGED_COLUMNS})
)


def _update_changed_answers(db: Session, result: SaveResult) -> None:
    """The stored answers changed, in one UPDATE by primary key for all of them (after the flush that bumped
    the response, so a concurrent save of this reply has failed before any answer is written). The answers in
    the session already hold their new values (set as if loaded), so nothing is written twice."""
    if result.changed_answers:
        db.execute(_UPDATE_ANSWER, result.changed_answers)


def _insert_new_answers(db: Session, result: SaveResult, questions: Mapping[str, Question]) -> None:
    """The answers given for the first time, in one INSERT ... RETURNING (the unit of work writes one
    statement per new row where it cannot batch them), after the flush that bumped the response."""
    if not result.new_answers:
        return
    key_of = {question.id: key for key, question in questions.items()}
    for answer in db.scalars(insert(Answer).returning(Answer), result.new_answers):
        result.saved[key_of[answer.question_id]] = answer
        result.history.append(answer)


def _record_history(db: Session, written: list[Answer], user: User, now: datetime, language: str | None) -> None:
    """One history entry per answer written, in one statement of the same transaction (after the flush
    that gave new answers their ids)."""
    if written:
        db.execute(insert(AnswerChange), [
            {"answer_id": answer.id, "revision": answer.revision, "value": answer.value, "language": language,
             "changed_at": now, "changed_by_id": user.id}
            for answer in written
        ])


def _stored_answers(db: Session, response: Response, questions: Sequence[Question]) -> dict[str, Answer]:
    if response.id is None or not questions:
        return {}
    by_id = {question.id: question.key for question in questions}
    rows = db.scalars(
        select(Answer).where(Answer.response_id == response.id, Answer.question_id.in_(by_id))
        .execution_options(populate_existing=True)
    )
    return {by_id[answer.question_id]: answer for answer in rows}


def _save_one(
    db: Session,
    result: SaveResult,
    question: Question,
    raw: Any,
    base: tuple[int, str],
    answer: Answer | None,
    user: User,
    now: datetime,
    language: str | None,
) -> None:
    kind = get_kind(question.kind)
    if not kind.answerable:
        return
    try:
        value = kind.coerce(raw, question.options)
    except InvalidAnswer as error:
        result.errors[question.key] = error.message
        return
    seen_revision, seen_digest = base
    stored_revision = answer.revision if answer is not None else 0
    digest = fingerprint(value)
    if digest == seen_digest:
        return  # as shown: this person did not change it
    if answer is not None and fingerprint(answer.value) == digest:
        result.saved[question.key] = answer  # someone already stored exactly this
        result.digests[question.key] = digest
        return
    if answer is not None and stored_revision != seen_revision:
        result.conflicts[question.key] = Conflict(stored=answer, yours=value)
        return
    if answer is None:  # inserted with the others after the flush
        result.new_answers.append({"response_id": result.response.id, "question_id": question.id, "value": value,
                                   "revision": 1, "language": language, "updated_at": now,
                                   "updated_by_id": user.id})
        result.digests[question.key] = digest
        result.written += 1
        return
    changed = {"revision": stored_revision + 1, "value": value, "language": language, "updated_at": now,
               "updated_by_id": user.id}
    result.changed_answers.append({"answer_id": answer.id, **changed})  # written with the others after the flush
    for name, new in changed.items():
        set_committed_value(answer, name, new)
    # the person who changed it (by its new id) and whether it answers (computed by the database from the new
    # value) are read again if asked for
    db.expire(answer, ["updated_by", "answered"])
    result.history.append(answer)  # its history entry is written after the flush, in the same transaction
    result.saved[question.key] = answer
    result.digests[question.key] = digest
    result.written += 1
