"""Replies in every status, written straight through the models, for the monitoring tests."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from questionnaire.models import Answer, Questionnaire, Response, State, User, utcnow
from tests.forms.factories import q_of

#: Answers that complete every required question of the ``small`` questionnaire.
COMPLETE = {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi"}


def make_reply(
    db,
    questionnaire: Questionnaire,
    state: State,
    user: User,
    values: dict[str, Any],
    status: str = "draft",
    at: datetime | None = None,
    submitted_at: datetime | None = None,
) -> Response:
    """A response of ``state`` with ``values`` (by question key) last changed by ``user`` at ``at``."""
    response = Response(questionnaire_id=questionnaire.id, state_id=state.id)
    db.add(response)
    for key, value in values.items():
        db.add(Answer(response=response, question_id=q_of(questionnaire, key).id, value=value,
                      updated_at=at or utcnow(), updated_by_id=user.id))
    db.flush()
    if status in ("submitted", "reopened"):
        response.mark_submitted(user, submitted_at or utcnow())
    if status == "reopened":
        response.mark_reopened()
    db.commit()
    return response
