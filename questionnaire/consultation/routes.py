"""Every URL of the drafting round, in one place: meetings, issued revisions, consultations, posts,
dispositions, comparisons and documents. The views are in ``questionnaire.consultation.views``, one
module per page; each view checks its roles itself."""
from __future__ import annotations

from flask import Blueprint

from questionnaire.consultation.views import consultation_page, documents, drafting

bp = Blueprint("consultation", __name__, url_prefix="/drafting", template_folder="templates", cli_group=None)

GET, POST = ["GET"], ["POST"]

#: (rule, view, methods); each view's endpoint is ``consultation.<its name>``.
RULES = (
    ("/", drafting.index, GET),
    ("/meetings", drafting.create_meeting, POST),
    ("/questionnaires/<int:questionnaire_id>", drafting.questionnaire, GET),
    ("/questionnaires/<int:questionnaire_id>/revisions", drafting.issue_revision, POST),
    ("/revisions/<int:revision_id>/consultation", drafting.open_consultation, POST),
    ("/consultations/<int:consultation_id>/close", drafting.close_consultation, POST),

    ("/consultations/<int:consultation_id>", consultation_page.show, GET),
    ("/consultations/<int:consultation_id>/posts", consultation_page.post, POST),
    ("/proposals/<int:proposal_id>/edit", consultation_page.edit, ["GET", "POST"]),
    ("/proposals/<int:proposal_id>/<any(withdraw, support):step>", consultation_page.proposal_step, POST),
    ("/proposals/<int:proposal_id>/disposition", consultation_page.dispose, POST),

    ("/questionnaires/<int:questionnaire_id>/compare", documents.compare, GET),
    ("/questionnaires/<int:questionnaire_id>/changes.<any(docx, xlsx):fmt>", documents.download_changes, GET),
    ("/questionnaires/<int:questionnaire_id>/questions/<key>/history", documents.question_history, GET),
    ("/consultations/<int:consultation_id>/compilation.<any(docx, xlsx):fmt>", documents.download_compilation, GET),
)

for rule, view, methods in RULES:
    bp.add_url_rule(rule, view.__name__, view, methods=methods)
