"""Every URL of the answering stage, in one place: the national dashboard, the cluster pages (save, autosave,
and the reply's language changed with their answers saved first), review, submission (focal point), receipt,
reopening (secretariat), the printable reply and the preview. The views live in :mod:`forms.views`, one
module per family of pages; each checks who may see or change the reply itself.

Templates live in forms/templates/forms, scripts in forms/static.
"""
from __future__ import annotations

from flask import Blueprint

from forms.views import answering, dashboard_and_language, print_and_preview, submission

bp = Blueprint(
    "forms", __name__, template_folder="templates", static_folder="static",
    static_url_path="/forms-static", cli_group=None,
)

GET, GET_POST, POST = ["GET"], ["GET", "POST"], ["POST"]
REPLY = "/answers/<int:questionnaire_id>/<iso3>"
CLUSTER = f"{REPLY}/section/<code>"

# The dashboard of a focal point's or an expert's replies, and the reply's language chosen there (or from
# the review page).
bp.add_url_rule("/answers/", "dashboard", dashboard_and_language.dashboard, methods=GET)
bp.add_url_rule(f"{REPLY}/language", "choose_language", dashboard_and_language.choose_language, methods=POST)

# Answering: a reply's first page, a cluster page, its save, its language changed with its answers, autosave.
bp.add_url_rule(f"{REPLY}/", "overview", answering.overview, methods=GET)
bp.add_url_rule(CLUSTER, "cluster", answering.cluster, methods=GET)
bp.add_url_rule(CLUSTER, "save", answering.save, methods=POST)
bp.add_url_rule(f"{CLUSTER}/language", "save_and_choose_language", answering.save_and_choose_language,
                methods=POST)
bp.add_url_rule(f"{CLUSTER}/autosave", "autosave", answering.autosave, methods=POST)

# Review, submission, an expert's "ready", the receipt, reopening; a response's address leads to its review.
bp.add_url_rule("/responses/<int:response_id>", "response", submission.response, methods=GET)
bp.add_url_rule(f"{REPLY}/review", "review", submission.review, methods=GET)
bp.add_url_rule(f"{REPLY}/submit", "submit", submission.submit, methods=GET_POST)
bp.add_url_rule(f"{REPLY}/ready", "ready", submission.ready, methods=POST)
bp.add_url_rule(f"{REPLY}/receipt", "receipt", submission.receipt, methods=GET)
bp.add_url_rule(f"{REPLY}/reopen", "reopen", submission.reopen, methods=POST)

# The printable reply, and the preview of a questionnaire's cluster pages (its first one without a code).
bp.add_url_rule(f"{REPLY}/print", "print_reply", print_and_preview.print_reply, methods=GET)
bp.add_url_rule("/preview/<int:questionnaire_id>", "preview", print_and_preview.preview, methods=GET,
                defaults={"code": None})
bp.add_url_rule("/preview/<int:questionnaire_id>/<code>", "preview", print_and_preview.preview, methods=GET)
