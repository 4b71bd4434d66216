"""Every URL of the builder, in one place: the secretariat drafts questionnaires and moves them through
their life. The views live in :mod:`questionnaire.builder.views`, one module per family of pages; each
checks the role itself (``secretariat_only``)."""
from __future__ import annotations

from flask import Blueprint

from questionnaire.builder.views import clusters, life_cycle, questionnaires, questions

bp = Blueprint("builder", __name__, url_prefix="/builder", template_folder="templates", cli_group=None)

GET, GET_POST, POST = ["GET"], ["GET", "POST"], ["POST"]
QUESTIONNAIRE = "/<int:questionnaire_id>"
CLUSTER = f"{QUESTIONNAIRE}/clusters/<int:cluster_id>"
QUESTION = f"{QUESTIONNAIRE}/questions/<int:question_id>"

# The questionnaires: list, create, import (and replace a draft's content), page, metadata, definition file.
bp.add_url_rule("/", "index", questionnaires.index, methods=GET)
bp.add_url_rule("/new", "new", questionnaires.new, methods=GET_POST)
bp.add_url_rule("/upload", "upload", questionnaires.upload, methods=GET_POST)
bp.add_url_rule("/upload/replace", "replace_draft", questionnaires.replace_draft, methods=POST)
bp.add_url_rule(QUESTIONNAIRE, "show", questionnaires.show, methods=GET)
bp.add_url_rule(f"{QUESTIONNAIRE}/edit", "edit", questionnaires.edit, methods=GET_POST)
bp.add_url_rule(f"{QUESTIONNAIRE}/definition.<any(json, xlsx):fmt>", "download", questionnaires.download,
                methods=GET)

# The life cycle: endorse, adopt, open, close; a new version; deleting a draft.
bp.add_url_rule(f"{QUESTIONNAIRE}/<any(endorse, adopt, open, close):step>", "step", life_cycle.step, methods=POST)
bp.add_url_rule(f"{QUESTIONNAIRE}/new-version", "start_new_version", life_cycle.start_new_version, methods=POST)
bp.add_url_rule(f"{QUESTIONNAIRE}/delete", "delete_draft", life_cycle.delete_draft, methods=GET_POST)

# Clusters.
bp.add_url_rule(f"{QUESTIONNAIRE}/clusters/new", "add_cluster", clusters.add_cluster, methods=GET_POST)
bp.add_url_rule(CLUSTER, "edit_cluster", clusters.edit_cluster, methods=GET_POST)
bp.add_url_rule(f"{CLUSTER}/delete", "delete_cluster", clusters.delete_cluster, methods=GET_POST)
bp.add_url_rule(f"{CLUSTER}/move", "move_cluster", clusters.move_cluster, methods=POST)

# Questions.
bp.add_url_rule(f"{CLUSTER}/questions/new", "add_question", questions.add_question, methods=GET_POST)
bp.add_url_rule(QUESTION, "edit_question", questions.edit_question, methods=GET_POST)
bp.add_url_rule(f"{QUESTION}/delete", "delete_question", questions.delete_question, methods=GET_POST)
bp.add_url_rule(f"{QUESTION}/move", "move_question", questions.move_question, methods=POST)
