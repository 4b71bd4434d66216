"""Comparing two drafts, a question's history through the revisions, and the documents for meetings (the
revised draft showing changes, the compilation of a consultation's posts)."""
from __future__ import annotations

import io

from flask import abort, g, render_template, request, send_file
from flask_babel import get_locale

from questionnaire.access import get_questionnaire_or_404
from questionnaire.consultation import changes, compilation, history, revisions
from questionnaire.consultation.comparing import Comparison, compare_revisions
from questionnaire.consultation.diff import change_label, cluster_change_label
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.consultation.views.shared import consultation_or_404, readers, secretariat_only
from questionnaire.db import get_session
from questionnaire.locale import known_language


def _compared() -> tuple[str, str]:
    """The two sides asked for: ``?from=`` (the first revision unless given) and ``?to=`` (the working draft
    unless given)."""
    return request.args.get("from", "1"), request.args.get("to", "draft")


def _comparison_or_404(questionnaire_id: int) -> Comparison:
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    try:
        return compare_revisions(db, q, *_compared())
    except DraftingRefused:
        abort(404)


def _document_language() -> str:
    """The language a downloaded document is written in: ``?language=`` when it is an interface language,
    else the reader's own (``?lang=`` is not used: it would change the reader's interface language)."""
    return known_language(request.args.get("language")) or str(get_locale())


def _download(data: bytes, mimetype: str, name: str):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@secretariat_only
def compare(questionnaire_id: int):
    comparison = _comparison_or_404(questionnaire_id)
    old, new = _compared()
    return render_template("consultation/compare.html", q=comparison.questionnaire, comparison=comparison,
                           old=old, new=new, revisions=revisions.revisions_of(get_session(), comparison.questionnaire),
                           change_label=change_label, cluster_change_label=cluster_change_label)


@secretariat_only
def download_changes(questionnaire_id: int, fmt: str):
    comparison = _comparison_or_404(questionnaire_id)
    data, mimetype = changes.changes_file(comparison, fmt, _document_language())
    return _download(data, mimetype, changes.changes_file_name(comparison, fmt))


@readers
def question_history(questionnaire_id: int, key: str):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    appearances = history.question_history(db, q, key, g.user)
    if not appearances:
        abort(404)
    return render_template("consultation/history.html", q=q, key=key, appearances=appearances)


@readers
def download_compilation(consultation_id: int, fmt: str):
    consultation = consultation_or_404(consultation_id)
    data, mimetype = compilation.compilation_file(get_session(), consultation, fmt, _document_language())
    return _download(data, mimetype, compilation.compilation_file_name(consultation, fmt))
