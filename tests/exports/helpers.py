"""Shared helpers of the export tests: responses with chosen answers."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from questionnaire.models import Answer, Questionnaire, Response, State, User


def add_response(db: Session, questionnaire: Questionnaire, state: State, values: dict[str, Any],
                 author: User, status: str = "submitted", at: datetime = datetime(2026, 3, 1, 12, 30)) -> Response:
    """A response of ``state`` holding ``values`` (by question key), written by ``author``."""
    by_key = {q.key: q for q in questionnaire.questions_in_order()}
    response = Response(questionnaire=questionnaire, state=state)
    for key, value in values.items():
        response.answers.append(Answer(question=by_key[key], value=value, updated_by=author, updated_at=at))
    if status == "submitted":
        response.mark_submitted(author, at)
    else:
        response.status = status
    db.add(response)
    db.commit()
    return response
