"""The reviewers' reading of replies: the submitted replies of a questionnaire version, and one of them.

Only submitted replies are read here, for reviewers and the secretariat alike (a draft is still being
written; the secretariat follows drafts on the monitoring pages). Queries go through the access rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from questionnaire.access import get_state_or_404, scope_responses
from questionnaire.replies.answering import visible_keys
from questionnaire.kinds import get_kind
from questionnaire.locale import sort_by_state_name
from questionnaire.models import (
    ANSWERING_STAGES,
    REGIONAL_GROUPS,
    Answer,
    Cluster,
    Questionnaire,
    Response,
    ResponseStatus,
    State,
    User,
)
from questionnaire.replies.written import shown_answer
from questionnaire.texts import localized_each


def answer_text(question, value, written_in: str | None = None) -> str | Markup:
    """An answer as text, as the question's kind shows it in the reader's language; a closed kind's answer
    and a "Not applicable" one as markup, each label and the explanation marked with their language where it
    is not the reader's (see ``questionnaire.replies.written.shown_answer``)."""
    return shown_answer(question, value, written_in)


def takes_answer(question) -> bool:
    return get_kind(question.kind).answerable


def _submitted(user: User):
    return scope_responses(select(Response), user).where(Response.status == ResponseStatus.SUBMITTED)


def versions_with_counts(db: Session, user: User, language: str | None = None) -> list[tuple[Questionnaire, int]]:
    """Questionnaire versions States answer (or answered), newest first per slug, with their number of
    submitted replies ``user`` may read, each read in ``language`` where it offers it (three queries at
    most; see ``questionnaire.texts.localized_each``)."""
    counts = dict(db.execute(
        scope_responses(select(Response.questionnaire_id, func.count(Response.id)), user)
        .where(Response.status == ResponseStatus.SUBMITTED).group_by(Response.questionnaire_id)
    ).all())
    questionnaires = db.scalars(
        select(Questionnaire).where(Questionnaire.status.in_(ANSWERING_STAGES))
        .order_by(Questionnaire.slug, Questionnaire.version.desc())
    )
    views = localized_each(db, list(questionnaires), language)
    return [(view, counts.get(view.id, 0)) for view in views]


def default_version(versions: list[tuple[Questionnaire, int]]) -> Questionnaire | None:
    """The newest version that has replies, else the first listed."""
    with_replies = [questionnaire for questionnaire, count in versions if count]
    if with_replies:
        return max(with_replies, key=lambda questionnaire: (questionnaire.opens_at is not None, questionnaire.id))
    return versions[0][0] if versions else None


def checked_region(region: str | None) -> str | None:
    """A known regional group, or ``None`` (all) for anything else."""
    return region if region in REGIONAL_GROUPS else None


def submitted_replies(db: Session, user: User, questionnaire: Questionnaire, region: str | None) -> list[Response]:
    """The submitted replies to ``questionnaire`` (with their State), by State name in the reader's
    language; one query."""
    query = (
        _submitted(user).join(State, Response.state_id == State.id)
        .where(Response.questionnaire_id == questionnaire.id)
        .options(joinedload(Response.state), joinedload(Response.submitted_by))
        .order_by(State.name)
    )
    if region:
        query = query.where(State.regional_group == region)
    replies = {reply.state_id: reply for reply in db.scalars(query)}
    return [replies[state.id] for state in sort_by_state_name([reply.state for reply in replies.values()])]


def load_questionnaire_or_404(db: Session, questionnaire_id: int) -> Questionnaire:
    """A questionnaire States answer(ed), with clusters and questions loaded; 404 otherwise."""
    questionnaire = db.scalar(
        select(Questionnaire).where(Questionnaire.id == questionnaire_id)
        .options(selectinload(Questionnaire.clusters).selectinload(Cluster.questions))
    )
    if questionnaire is None or questionnaire.status not in ANSWERING_STAGES:
        abort(404)
    return questionnaire


@dataclass
class ReadReply:
    """One submitted reply for reading: the questionnaire, the State, the response and its answers."""

    questionnaire: Questionnaire
    state: State
    response: Response
    answers: dict[int, Answer]  # by question id

    def visible(self) -> set[str]:
        by_id = {question.id: question.key for question in self.questionnaire.questions_in_order()}
        values = {by_id[qid]: answer.value for qid, answer in self.answers.items() if qid in by_id}
        return visible_keys(self.questionnaire.questions_in_order(), values)


def load_submitted_reply_or_404(db: Session, user: User, questionnaire_id: int, iso3: str) -> ReadReply:
    """The submitted reply of ``iso3`` to this questionnaire; 404 when there is none (a draft, a reopened
    reply, a State ``user`` may not read)."""
    state = get_state_or_404(db, user, iso3)
    questionnaire = load_questionnaire_or_404(db, questionnaire_id)
    response = db.scalar(
        _submitted(user).where(Response.questionnaire_id == questionnaire.id, Response.state_id == state.id)
        .options(joinedload(Response.submitted_by))
    )
    if response is None:
        abort(404)
    answers = {answer.question_id: answer for answer in db.scalars(select(Answer).where(Answer.response_id == response.id))}
    return ReadReply(questionnaire, state, response, answers)
