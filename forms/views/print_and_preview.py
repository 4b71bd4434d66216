"""The pages that only show a questionnaire: a reply printed whole (with its history and the questions put
to the State), and the secretariat's and reviewers' preview of the cluster pages before anyone answers."""
from __future__ import annotations

from flask import abort, g, render_template, url_for

from forms.form_factory import build_cluster_form
from forms.history import load_history
from forms.pages import cluster_content, draw_cluster_page
from forms.printing import answer_language, answer_text, takes_answer
from forms.replies import Reply, load_reply_or_404
from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import Role
from questionnaire.observations.service import questions_to_state


def workbook_url(reply: Reply) -> str:
    """The State's own workbook of this questionnaire version (an exports page)."""
    questionnaire = reply.questionnaire
    return url_for("exports.state_workbook", iso3=reply.state.iso3, questionnaire=questionnaire.slug,
                   version=questionnaire.version)


def print_reply(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    return render_template("forms/print.html", reply=reply, visible=reply.visible(),
                           workbook_url=workbook_url(reply), answer_text=answer_text, takes_answer=takes_answer,
                           answer_language=answer_language(reply),
                           reply_language=reply.response.language if reply.response is not None else None,
                           history=load_history(db, reply.response),
                           observations=questions_to_state(db, g.user, reply.answers))


@roles_required(Role.SECRETARIAT, Role.REVIEWER)
def preview(questionnaire_id: int, code: str | None):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if not questionnaire.clusters:
        abort(404)
    reply = Reply(questionnaire, g.user.state, None, {}).localize(get_session())  # type: ignore[arg-type]
    section = reply.cluster_or_404(code or questionnaire.clusters[0].code)
    form = build_cluster_form(section.questions, {})
    return draw_cluster_page(cluster_content(reply, section, form, preview=True))
