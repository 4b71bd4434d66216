"""The answering stage's pages: the national dashboard, the cluster pages (save, autosave, and the reply's
language changed with their answers saved first), review, submission (focal point), receipt, reopening
(secretariat), the printable reply and the preview.

Templates live in forms/templates/forms, scripts in forms/static.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, TypeVar

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from forms.answers import AnswersRefused, SaveResult, save_reply_answers
from forms.dashboard import dashboard_rows
from forms.form_factory import build_cluster_form, field_name
from forms.history import changes_since_submission, load_history
from forms.language import (
    LanguageRefused,
    ReplyLanguageForm,
    choose_reply_language,
    language_choice_form,
    page_after_language_choice,
    save_answers_then_choose_language,
)
from forms.pages import render_cluster
from forms.posting import posted_answers
from forms.printing import answer_language, answer_text, takes_answer
from forms.reply_nav import reply_nav
from forms.replies import Reply, load_cluster_for_saving_or_404, load_reply_or_404
from questionnaire.structure import ClusterData
from forms.stash import pending_form
from forms.submission import SubmissionRefused, mark_ready, reopen_reply, submit_reply
from questionnaire.access import can_submit_reply, can_write_reply, get_questionnaire_or_404, get_response_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.locale import to_viewer_time
from questionnaire.models import Role, utcnow
from questionnaire.observations.service import questions_to_state

bp = Blueprint(
    "forms", __name__, template_folder="templates", static_folder="static",
    static_url_path="/forms-static", cli_group=None,
)

CLUSTER = "/answers/<int:questionnaire_id>/<iso3>/section/<code>"
Saved = TypeVar("Saved")


@bp.get("/answers/")
@roles_required(Role.FOCAL_POINT, Role.EXPERT)
def dashboard():
    rows = dashboard_rows(get_session(), g.user)
    return render_template("forms/dashboard.html", rows=rows,
                           language_forms={row.reply.model.id: language_choice_form(g.user, row.reply) for row in rows})


@bp.get("/answers/<int:questionnaire_id>/<iso3>/")
def overview(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3,
                            code=reply.questionnaire.clusters[0].code))


@bp.get(CLUSTER)
def cluster(questionnaire_id: int, iso3: str, code: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    section = reply.cluster_or_404(code)
    kept = pending_form(db, request.args.get("restore"), request.path, g.user.id)
    form = build_cluster_form(section.questions, reply.values_by_id, formdata=kept) if kept is not None else None
    bases = posted_answers(kept, section.questions, reply.values_by_id)[1] if kept else None
    return render_cluster(reply, section, form, posted_bases=bases, writable=can_write_reply(g.user, reply.state),
                          restored=kept is not None)


def _save(questionnaire_id: int, iso3: str, code: str, saving: Callable[..., Saved]
          ) -> tuple[Reply, ClusterData, dict, Saved]:
    """Load what the cluster's save needs (the reply locked first, its language settled), check the writer,
    save the posted answers with ``saving`` once (again once if another save of this reply got in first) and
    commit."""
    db = get_session()
    for attempt in (1, 2):
        reply, section = load_cluster_for_saving_or_404(db, g.user, questionnaire_id, iso3, code)
        if not can_write_reply(g.user, reply.state):
            abort(403)
        raw, bases = posted_answers(request.form, section.questions, reply.values_by_id)
        try:
            outcome = saving(db, reply, section, g.user, raw, bases)
            db.commit()
            return reply, section, bases, outcome
        except StaleDataError:
            db.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _posted_page_again(questionnaire_id: int, iso3: str, code: str, **shown) -> str:
    """The cluster page again, its form showing what was posted (``shown``: why, see ``render_cluster``)."""
    # the progress counts read the answers as they are now, with what was saved of the post in them; the page
    # and its form (choice labels) in the reply's language
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    section = reply.cluster_or_404(code)
    form = build_cluster_form(section.questions, reply.values_by_id, formdata=request.form)
    return render_cluster(reply, section, form, **shown)


@bp.post(CLUSTER)
def save(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, bases, result = _save(questionnaire_id, iso3, code, save_reply_answers)
    except AnswersRefused as refusal:
        get_session().rollback()
        return _posted_page_again(questionnaire_id, iso3, code, refusal=str(refusal)), 409
    if result.clean:
        flash(_("Your answers are saved."), "success")
        return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3, code=code,
                                _anchor=_more_rows_anchor(request.form.get("action", ""), section)))
    page = _posted_page_again(questionnaire_id, iso3, code, result=result, posted_bases=bases, writable=True)
    return page, 409 if result.conflicts else 422


@bp.post(CLUSTER + "/language")
def save_and_choose_language(questionnaire_id: int, iso3: str, code: str):
    """The reply's language changed from a cluster page, posted with the page's answers (so nothing typed is
    lost without JavaScript): the answers are saved as Save saves them, the language changes only when all
    of them were, and the same cluster page comes back in it."""
    saving = partial(save_answers_then_choose_language, language=request.form.get("language", ""))
    try:
        reply, _section, bases, outcome = _save(questionnaire_id, iso3, code, saving)
    except AnswersRefused as refusal:
        get_session().rollback()
        return _posted_page_again(questionnaire_id, iso3, code, refusal=str(refusal)), 409
    if not outcome.saved.clean:  # the page says the language stayed, beside what is to correct or settle
        page = _posted_page_again(questionnaire_id, iso3, code, result=outcome.saved, posted_bases=bases,
                                  writable=True, language_kept=True)
        return page, 409 if outcome.saved.conflicts else 422
    if outcome.saved.saved:
        flash(_("Your answers are saved."), "success")
    if outcome.changed:
        flash(_("The questionnaire is now shown in the language of your reply."), "success")
    elif outcome.refusal is not None:
        flash(outcome.refusal, "error")
    return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3, code=code))


def _more_rows_anchor(action: str, section: ClusterData) -> str | None:
    """After "Save and add more link rows", the page opens again at that question (its new rows)."""
    _sep, _colon, question_id = action.partition("more-links:")
    wanted = [question for question in section.questions if str(question.id) == question_id]
    return f"question-{wanted[0].id}" if wanted else None


@bp.post(CLUSTER + "/autosave")
def autosave(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, _bases, result = _save(questionnaire_id, iso3, code, save_reply_answers)
    except AnswersRefused as refusal:
        get_session().rollback()
        return jsonify(error=str(refusal)), 409
    names = {question.key: field_name(question) for question in section.questions}
    saved_at = to_viewer_time(utcnow()).strftime("%H:%M")
    return jsonify(
        saved_at=saved_at,
        bases={names[key]: result.base(key) for key in result.saved},
        errors={names[key]: message for key, message in result.errors.items()},
        conflicts=[names[key] for key in result.conflicts],
    )


REPLY = "/answers/<int:questionnaire_id>/<iso3>"


def _reply_url(endpoint: str, reply: Reply) -> str:
    return url_for(endpoint, questionnaire_id=reply.questionnaire.id, iso3=reply.state.iso3)


@bp.get("/responses/<int:response_id>")
def response(response_id: int):
    found = get_response_or_404(get_session(), g.user, response_id)
    return redirect(url_for(".review", questionnaire_id=found.questionnaire_id, iso3=found.state.iso3))


@bp.post(REPLY + "/language")
def choose_language(questionnaire_id: int, iso3: str):
    """The State's focal points and experts choose the language of its reply, from the dashboard, the review
    page or a cluster page, and come back to it (``back``)."""
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3, texts=False)
    if not can_write_reply(g.user, reply.state):
        abort(403)
    form = ReplyLanguageForm.for_reply(reply.model, reply.language)
    if form.validate_on_submit():
        try:
            choose_reply_language(db, reply.model, reply.state, g.user, form.language.data or "")
        except LanguageRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
        else:
            db.commit()
            flash(_("The questionnaire is now shown in the language of your reply."), "success")
    return redirect(page_after_language_choice(reply, request.form.get("back", "")))


@bp.get(REPLY + "/review")
def review(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    by_key = {question.key: question for question in reply.questions}
    history = changes_since_submission(db, reply.response, reply.values_by_id)
    changed = history.changed_question_ids
    asked = questions_to_state(db, g.user, reply.answers)
    return render_template(
        "forms/review.html", reply=reply, progress=reply.progress(), by_key=by_key, history=history,
        changed=[question for question in reply.questions if question.id in changed],
        nav=reply_nav(reply, reply.progress_by_cluster(), "review"), can_submit=can_submit_reply(g.user, reply.state),
        late=reply.is_late(utcnow()),
        form=EmptyForm(), language_form=language_choice_form(g.user, reply),
        questions=[(question, asked[question.id]) for question in reply.questions if question.id in asked],
    )


@bp.route(REPLY + "/submit", methods=["GET", "POST"])
def submit(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    if not can_submit_reply(g.user, reply.state):
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


@bp.post(REPLY + "/ready")
def ready(questionnaire_id: int, iso3: str):
    """An expert tells the focal points that the reply is ready for them to submit."""
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    if EmptyForm().validate_on_submit():
        try:
            mark_ready(db, reply, g.user)
        except SubmissionRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
        else:
            db.commit()
            flash(_("The focal points of %(state)s are told that the reply is ready.", state=reply.state.name),
                  "success")
    return redirect(_reply_url(".review", reply))


@bp.get(REPLY + "/receipt")
def receipt(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    if reply.response is None or not reply.response.is_submitted:
        return redirect(_reply_url(".review", reply))
    return render_template("forms/receipt.html", reply=reply, late=reply.is_late(utcnow()))


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
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    return render_template("forms/print.html", reply=reply, visible=reply.visible(),
                           workbook_url=workbook_url(reply), answer_text=answer_text, takes_answer=takes_answer,
                           answer_language=answer_language(reply),
                           reply_language=reply.response.language if reply.response is not None else None,
                           history=load_history(db, reply.response),
                           observations=questions_to_state(db, g.user, reply.answers))


@bp.get("/preview/<int:questionnaire_id>", defaults={"code": None})
@bp.get("/preview/<int:questionnaire_id>/<code>")
@roles_required(Role.SECRETARIAT, Role.REVIEWER)
def preview(questionnaire_id: int, code: str | None):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if not questionnaire.clusters:
        abort(404)
    reply = Reply(questionnaire, g.user.state, None, {}).localize(get_session())  # type: ignore[arg-type]
    section = reply.cluster_or_404(code or questionnaire.clusters[0].code)
    form = build_cluster_form(section.questions, {})
    return render_cluster(reply, section, form, preview=True)
