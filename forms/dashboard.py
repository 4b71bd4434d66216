"""The national dashboard: each questionnaire open to my State, its deadline, status and progress."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.replies import Reply, load_answers
from questionnaire.access import scope_responses
from questionnaire.replies.answering import days_left, effective_deadline
from questionnaire.models import Questionnaire, QuestionnaireStatus, Response, User, utcnow


@dataclass
class DashboardRow:
    reply: Reply

    @property
    def deadline(self):
        """The deadline in force for this State (an extension included)."""
        return effective_deadline(self.reply.questionnaire, self.reply.response)

    @property
    def days_left(self) -> int | None:
        deadline = self.deadline
        return None if deadline is None else days_left(deadline, utcnow())


def dashboard_rows(db: Session, user: User) -> list[DashboardRow]:
    """One row per open questionnaire for ``user``'s State, each read in its reply's language (a fixed
    number of queries, and one per questionnaire for its translations). The clusters and questions, and
    the translations, are the app worker's kept ones while a questionnaire's content revision is unchanged
    (see ``questionnaire.structure``)."""
    questionnaires = db.scalars(
        select(Questionnaire).where(Questionnaire.status == QuestionnaireStatus.OPEN)
        .order_by(Questionnaire.deadline, Questionnaire.title)
    ).all()
    if not questionnaires or user.state is None:
        return []
    responses = {
        response.questionnaire_id: response
        for response in db.scalars(
            scope_responses(select(Response), user).where(
                Response.state_id == user.state_id,
                Response.questionnaire_id.in_([q.id for q in questionnaires]),
            )
        )
    }
    answers = load_answers(db, [response.id for response in responses.values()])
    rows = []
    for questionnaire in questionnaires:
        response = responses.get(questionnaire.id)
        found = answers.get(response.id, {}) if response is not None else {}
        rows.append(DashboardRow(Reply(questionnaire, user.state, response, found).localize(db, kept=True)))
    return rows
