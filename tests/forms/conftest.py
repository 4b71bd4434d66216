"""Fixtures for the answering stage: the SOM questionnaire opened for answers and people of two States."""
from __future__ import annotations

from datetime import timedelta

import pytest

from questionnaire import lifecycle
from questionnaire.models import Questionnaire, utcnow


@pytest.fixture
def open_som(db, som) -> Questionnaire:
    """The shipped SOM questionnaire, endorsed, adopted and open with a deadline in 30 days."""
    lifecycle.endorse(db, som, None, "Working group")
    lifecycle.adopt(db, som, None)
    lifecycle.open_for_answers(db, som, None, utcnow() + timedelta(days=30))
    db.commit()
    return som


@pytest.fixture
def question(open_som):
    """The question with this key in the open SOM questionnaire."""
    by_key = {q.key: q for q in open_som.questions_in_order()}
    return by_key.__getitem__


def cluster_url(questionnaire, iso3="MEX", code="I", suffix=""):
    return f"/answers/{questionnaire.id}/{iso3}/section/{code}{suffix}"
