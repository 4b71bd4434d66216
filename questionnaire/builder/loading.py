"""What the builder's pages read: the list with its counts, one questionnaire with its parts, uploads,
and the definition files it offers for download."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaire import lifecycle
from questionnaire.builder.importing import DraftExists, Imported, import_definition
from questionnaire.builder.kept_definitions import ReplacementOffered, keep_for_replacing
from questionnaire.builder.quality import CoverageMatrix, coverage_matrix, document_warnings
from questionnaire.consultation.meetings import list_meetings, questionnaire_path
from questionnaire.definitions import xlsx
from questionnaire.definitions.checks import definition_problems, describe_place, sentence
from questionnaire.definitions.document import dump_json, export_definition, export_document, parse_json
from questionnaire.definitions.problems import DefinitionInvalid, Problem
from questionnaire.models import Body, Cluster, Meeting, Question, Questionnaire, Response, User


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


def upload_definition(db: Session, filename: str, data: bytes, user: User, *, now: datetime,
                      keep_for: timedelta) -> Imported | ReplacementOffered:
    """A new draft (or the next version of its slug) from an uploaded definition. When the slug has a
    working draft whose content may be replaced, nothing is written to the questionnaire: the checked
    document is kept for ``user`` to confirm the replacement within ``keep_for``
    (:mod:`questionnaire.builder.kept_definitions`).

    Raises, having written nothing: ``DefinitionInvalid``, or ``DraftExists`` when the slug's working
    draft may not be replaced (``replace_refused`` says why). Flushes, never commits."""
    document = read_definition(filename, data)
    try:
        return import_definition(db, document, user)
    except DraftExists as exists:
        if exists.replace_refused is not None:
            raise
        return keep_for_replacing(db, user, exists.draft, document, filename, now=now, lifetime=keep_for)


def quality_report(document: dict[str, Any]) -> tuple[list[str], CoverageMatrix]:
    """The quality warnings, named by cluster and question as people see them, and the coverage matrix
    (articles × clusters) of ``document``."""
    warnings = [describe_place(document, warning.place, warning.message) if warning.place.startswith("clusters[")
                else sentence(warning.message) for warning in document_warnings(document)]
    return warnings, coverage_matrix(document)


@dataclass(frozen=True)
class QuestionnaireOverview:
    """What the questionnaire's page shows besides the questionnaire itself (names as in its template)."""

    problems: list[str]
    quality: tuple[list[str], CoverageMatrix]
    by_key: dict[str, Question]
    path: list[str]
    undisposed: int
    frozen_reason: str | None

    def as_context(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def questionnaire_overview(db: Session, questionnaire: Questionnaire) -> QuestionnaireOverview:
    """The problems and quality report of ``questionnaire``, its questions by key, its path through the
    drafting round, the proposals not yet disposed of and why its structure is frozen (if it is)."""
    return QuestionnaireOverview(
        problems=definition_problems(questionnaire), quality=quality_report(export_document(questionnaire)),
        by_key={question.key: question for question in questionnaire.questions_in_order()},
        path=questionnaire_path(db, questionnaire), undisposed=lifecycle.undisposed_proposals(db, questionnaire),
        frozen_reason=lifecycle.structure_frozen_reason(questionnaire),
    )


def meetings_of(db: Session) -> dict[Body, list[Meeting]]:
    """The recorded sessions that may endorse (Working Group) or adopt (Conference) a questionnaire."""
    return {body: list_meetings(db, body) for body in (Body.WORKING_GROUP, Body.CONFERENCE)}


def question_line(question: Question) -> str:
    """A question as a deletion page lists it: its number and text."""
    return f"{question.number} {question.text}".strip()


@dataclass(frozen=True)
class DefinitionFile:
    data: bytes
    mimetype: str
    name: str


XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def definition_bytes(document: dict[str, Any], fmt: str) -> bytes:
    """The definition document as a file: ``"json"`` (UTF-8) or ``"xlsx"`` (a workbook)."""
    return xlsx.write_workbook(document) if fmt == "xlsx" else dump_json(document).encode("utf-8")


def definition_file(db: Session, questionnaire: Questionnaire, fmt: str) -> DefinitionFile:
    """``questionnaire`` in all its languages as a definition file named ``<slug>-v<version>.<fmt>``."""
    document = export_definition(db, questionnaire)
    return DefinitionFile(definition_bytes(document, fmt), XLSX_MIMETYPE if fmt == "xlsx" else "application/json",
                          f"{document['slug']}-v{document['version']}.{fmt}")
