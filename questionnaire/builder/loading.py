"""What the builder's pages read: the list with its counts, one questionnaire with its parts, uploads."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire.builder.importing import Imported, import_definition
from questionnaire.definitions import xlsx
from questionnaire.builder.quality import CoverageMatrix, coverage_matrix, document_warnings
from questionnaire.definitions.checks import describe_place, sentence
from questionnaire.definitions.document import parse_json
from questionnaire.definitions.problems import DefinitionInvalid, Problem
from questionnaire.models import Cluster, Question, Questionnaire, Response, User


@dataclass(frozen=True)
class ListedQuestionnaire:
    questionnaire: Questionnaire
    questions: int
    responses: int


def list_questionnaires(db: Session) -> list[ListedQuestionnaire]:
    """Every questionnaire, newest version first within a slug, with its numbers of questions and
    responses (three queries, however many there are)."""
    questionnaires = db.scalars(select(Questionnaire).order_by(Questionnaire.slug, Questionnaire.version.desc()))
    questions = dict(db.execute(select(Question.questionnaire_id, func.count()).group_by(Question.questionnaire_id)).all())
    responses = dict(db.execute(select(Response.questionnaire_id, func.count()).group_by(Response.questionnaire_id)).all())
    return [ListedQuestionnaire(q, questions.get(q.id, 0), responses.get(q.id, 0)) for q in questionnaires]


def cluster_or_404(questionnaire: Questionnaire, cluster_id: int) -> Cluster:
    for cluster in questionnaire.clusters:
        if cluster.id == cluster_id:
            return cluster
    abort(404)


def question_or_404(questionnaire: Questionnaire, question_id: int) -> Question:
    for question in questionnaire.questions_in_order():
        if question.id == question_id:
            return question
    abort(404)


def dependents(questionnaire: Questionnaire, going: list[Question]) -> list[Question]:
    """The questions that stay but whose follow-up rule points to one of ``going``: they stop a deletion."""
    keys, ids = {question.key for question in going}, {question.id for question in going}
    return [question for question in questionnaire.questions_in_order()
            if question.id not in ids and question.show_if and question.show_if.get("question") in keys]


def read_definition(filename: str, data: bytes) -> Any:
    """The definition document in an uploaded file (.json or .xlsx).

    Raises ``DefinitionInvalid`` with what is wrong with the file.
    """
    if filename.lower().endswith(".xlsx"):
        return xlsx.read_workbook(data)
    if not data.strip():
        raise DefinitionInvalid([Problem("", _("The file is empty."))])
    return parse_json(data)


def import_upload(db: Session, filename: str, data: bytes, user: User, draft_id: int | None = None) -> Imported:
    """A new draft from an uploaded definition or, with ``draft_id``, that working draft's content replaced
    by it. Raises, having written nothing, ``DefinitionInvalid`` or what
    :func:`questionnaire.builder.importing.import_definition` raises."""
    return import_definition(db, read_definition(filename, data), user, replace_draft=draft_id is not None,
                             draft_id=draft_id)


def quality_report(document: dict[str, Any]) -> tuple[list[str], CoverageMatrix]:
    """The quality warnings, named by cluster and question as people see them, and the coverage matrix
    (articles × clusters) of ``document``."""
    warnings = [describe_place(document, warning.place, warning.message) if warning.place.startswith("clusters[")
                else sentence(warning.message) for warning in document_warnings(document)]
    return warnings, coverage_matrix(document)
