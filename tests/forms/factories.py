"""Questionnaires opened for answers, for the answering tests (fixtures re-exported by conftest)."""
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


def small_document(slug: str = "small", extra_questions: int = 0) -> dict:
    """A two-cluster questionnaire: a yes/partly/no with two follow-ups, a number, a short text, a
    single choice, links and a note, plus ``extra_questions`` optional short texts in cluster A."""
    questions = [
        {"key": "crim", "number": "1", "text": "Is smuggling a crime?", "kind": "yes_partly_no", "required": True,
         "provisions": ["art. 6 (1) (a)"], "guidance": "Think of the law."},
        {"key": "crim.law", "number": "1.1", "text": "Cite the law.", "kind": "long_text", "required": True,
         "show_if": {"question": "crim", "in": ["yes", "partly"]}},
        {"key": "crim.why", "number": "1.2", "text": "Explain why not.", "kind": "long_text", "required": True,
         "show_if": {"question": "crim", "in": ["no"]}},
        {"key": "cases", "number": "2", "text": "How many cases?", "kind": "number", "required": False,
         "options": {"min": 0, "integer": True}},
        {"key": "authority", "number": "3", "text": "Which authority?", "kind": "short_text", "required": False,
         "options": {"max_length": 20}},
    ] + [
        {"key": f"extra{n}", "number": f"9.{n}", "text": f"Extra question {n}?", "kind": "short_text"}
        for n in range(extra_questions)
    ]
    return {
        "format": "saq-definition", "format_version": 1, "slug": slug, "title": f"Small questionnaire {slug}",
        "instrument": "Smuggling of Migrants Protocol", "version": 1, "languages": ["en"],
        "clusters": [
            {"code": "A", "title": "Criminalization", "description": "", "questions": questions},
            {"code": "B", "title": "Cooperation", "description": "", "questions": [
                {"key": "intro", "number": "", "text": "Read this first.", "kind": "note"},
                {"key": "agree", "number": "4", "text": "Do you have agreements?", "kind": "single_choice",
                 "required": True, "options": {"choices": [{"value": "bi", "label": "Bilateral"},
                                                           {"value": "multi", "label": "Multilateral"}]}},
                {"key": "sources", "number": "5", "text": "Sources", "kind": "links"},
                {"key": "topics", "number": "6", "text": "Topics", "kind": "multiple_choice",
                 "options": {"choices": [{"value": "sea", "label": "Sea"}, {"value": "land", "label": "Land"}]}},
                {"key": "since", "number": "7", "text": "Since when?", "kind": "date"},
            ]},
        ],
    }


@pytest.fixture
def make_questionnaire(db, states):
    """Factory: a small questionnaire opened for answers (``extra_questions`` adds optional questions)."""
    from questionnaire.definitions.document import import_document

    def make(slug: str = "small", extra_questions: int = 0) -> Questionnaire:
        questionnaire = import_document(db, small_document(slug, extra_questions))
        lifecycle.endorse(db, questionnaire, None, "Working group")
        lifecycle.adopt(db, questionnaire, None)
        lifecycle.open_for_answers(db, questionnaire, None, utcnow() + timedelta(days=30))
        db.commit()
        return questionnaire

    return make


@pytest.fixture
def small(make_questionnaire) -> Questionnaire:
    return make_questionnaire()


def q_of(questionnaire, key):
    """The question with ``key``."""
    return next(q for q in questionnaire.questions_in_order() if q.key == key)
