"""An export in one language: headers, sheet names and fixed wording (Flask-Babel), the questionnaire's
texts (its translations, the source standing in where one is missing), State names (CLDR) and regional
groups. Answers stay as the States wrote them; each answer's own language is in a column of its own.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from babel import Locale
from flask_babel import force_locale
from sqlalchemy.orm import Session

from questionnaire.locale import RIGHT_TO_LEFT, reader_language, sort_by_state_name, state_name
from questionnaire.replies.status_labels import regional_group_label
from questionnaire.texts import localized
from exports.loading import ExportData


def export_language(asked: str | None) -> str:
    """The language an export is written in: ``asked`` (checked by the selection), else the reader's
    interface language (the default language on the command line)."""
    if asked:
        return asked
    return reader_language()


@contextmanager
def in_export_language(data: ExportData) -> Iterator[None]:
    """Fixed wording (headers, sheet names, statuses, legend) in the export's language inside."""
    with force_locale(data.language):
        yield


def is_right_to_left(data: ExportData) -> bool:
    return data.language in RIGHT_TO_LEFT


def language_name(code: str | None, data: ExportData) -> str:
    """The name of the language ``code`` in the export's language ("French", "francés"); "" for none."""
    if not code:
        return ""
    try:
        return Locale.parse(data.language).languages.get(code) or code
    except (ValueError, TypeError):
        return code


def apply_language(db: Session, data: ExportData, language: str) -> ExportData:
    """Put ``data`` in ``language``: the questionnaire, its clusters and questions read in it (one query),
    the States named and ordered in it, their regional groups in its words. Returns ``data``."""
    data.language = language
    view = localized(db, data.questionnaire, language)
    clusters = {cluster.id: cluster for cluster in view.clusters}
    questions = {question.id: question for question in view.questions_in_order()}
    data.questionnaire = view
    data.clusters = [clusters.get(cluster.id, cluster) for cluster in data.clusters]
    data.questions = [questions.get(question.id, question) for question in data.questions]
    with force_locale(language):
        data.responses = sort_by_state_name(data.responses, language)
        for response in data.responses:
            response.name = state_name(response, language)
            response.regional_group = regional_group_label(response.regional_group)
    return data
