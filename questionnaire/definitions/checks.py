"""A stored questionnaire checked as a definition, its problems named as people see them."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from questionnaire.definitions.document import export_document
from questionnaire.definitions.problems import Problem
from questionnaire.definitions.validate import check_document
from questionnaire.models import Questionnaire

_PLACE = re.compile(r"^clusters\[(\d+)\](?:\.questions\[(\d+)\])?\.?(.*)$")


def describe_problem(document: dict[str, Any], problem: Problem) -> str:
    """A problem with its place named as people see it: "Question 1.2 (key), show_if.question: ..."."""
    match = _PLACE.match(problem.place)
    if match is None:
        return str(problem)
    cluster = document["clusters"][int(match[1])]
    if match[2] is None:
        where = _("Cluster %(code)s", code=cluster.get("code"))
    else:
        question = cluster["questions"][int(match[2])]
        where = _("Question %(number)s (%(key)s)", number=question.get("number") or "–", key=question.get("key"))
    return f"{where}, {match[3]}: {problem.message}" if match[3] else f"{where}: {problem.message}"


def definition_problems(questionnaire: Questionnaire, allow_empty: bool = False) -> list[str]:
    """Every problem of the questionnaire's definition, readable; ``allow_empty`` ignores "no cluster yet"."""
    document = export_document(questionnaire)
    problems = check_document(document)
    if allow_empty:
        problems = [problem for problem in problems if problem.place != "clusters"]
    return [describe_problem(document, problem) for problem in problems]
