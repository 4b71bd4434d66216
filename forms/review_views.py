"""Review, submission (focal point), receipt, reopening (secretariat), the printable reply and preview."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from forms.blueprint import bp
from forms.builder import build_cluster_form
from forms.pages import render_cluster
from forms.replies import Reply, can_submit, is_late, load_reply_or_404, questionnaire_with_questions
from forms.submission import SubmissionRefused, reopen_reply, submit_reply
from questionnaire.access import get_response_or_404
from questionnaire.auth import EmptyForm, roles_required
from questionnaire.db import get_session
from questionnaire.i18n import _
from questionnaire.kinds import get_kind
from questionnaire.models import Role

REPLY = "/answers/<int:questionnaire_id>/<iso3>"


def _reply_url(endpoint: str, reply: Reply) -> str:
    return url_for(endpoint, questionnaire_id=reply.questionnaire.id, iso3=reply.state.iso3)


@bp.get("/responses/<int:response_id>")
def response(response_id: int):
    found = get_response_or_404(get_session(), g.user, response_id)
    return redirect(url_for(".review", questionnaire_id=found.questionnaire_id, iso3=found.state.iso3))


@bp.get(REPLY + "/review")
def review(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    by_key = {question.key: question for question in reply.questions}
    return render_template(
        "forms/review.html", reply=reply, progress=reply.progress(), by_key=by_key,
        by_cluster=reply.progress_by_cluster(), can_submit=can_submit(g.user, reply.state),
        late=is_late(reply.questionnaire, reply.response.submitted_at if reply.response else None),
        form=EmptyForm(),
    )


@bp.route(REPLY + "/submit", methods=["GET", "POST"])
def submit(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    if not can_submit(g.user, reply.state):
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            submit_reply(db, reply, g.user)
        except SubmissionRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
            return redirect(_reply_url(".review", reply))
        db.commit()
        return redirect(_reply_url(".receipt", reply))
    return render_template("forms/submit.html", reply=reply, progress=reply.progress(), form=form)


@bp.get(REPLY + "/receipt")
def receipt(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    if reply.response is None or not reply.response.is_submitted:
        return redirect(_reply_url(".review", reply))
    late = is_late(reply.questionnaire, reply.response.submitted_at)
    return render_template("forms/receipt.html", reply=reply, late=late)


@bp.post(REPLY + "/reopen")
@roles_required(Role.SECRETARIAT)
def reopen(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    try:
        reopen_reply(db, reply, g.user, request.form.get("reason", ""))
    except SubmissionRefused as refusal:
        db.rollback()
        flash(str(refusal), "error")
        return redirect(_reply_url(".review", reply))
    db.commit()
    flash(_("The reply of %(state)s is open for changes again.", state=reply.state.name), "success")
    return redirect(_reply_url(".review", reply))


def workbook_url(reply: Reply) -> str:
    """The State's own workbook of this questionnaire version (an exports page)."""
    questionnaire = reply.questionnaire
    return url_for("exports.state_workbook", iso3=reply.state.iso3, questionnaire=questionnaire.slug,
                   version=questionnaire.version)


@bp.get(REPLY + "/print")
def print_reply(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    return render_template("forms/print.html", reply=reply, visible=reply.visible(),
                           workbook_url=workbook_url(reply), answer_text=answer_text)


def answer_text(question, value) -> str:
    return get_kind(question.kind).as_text(value, question.options)


@bp.get("/preview/<int:questionnaire_id>", defaults={"code": None})
@bp.get("/preview/<int:questionnaire_id>/<code>")
@roles_required(Role.SECRETARIAT, Role.REVIEWER)
def preview(questionnaire_id: int, code: str | None):
    questionnaire = questionnaire_with_questions(get_session(), questionnaire_id)
    if questionnaire is None or not questionnaire.clusters:
        abort(404)
    reply = Reply(questionnaire, g.user.state, None, {})  # type: ignore[arg-type]
    section = reply.cluster_or_404(code or questionnaire.clusters[0].code)
    form = build_cluster_form(section.questions, {})
    return render_cluster(reply, section, form, preview=True)
