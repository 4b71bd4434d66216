"""The national dashboard and the cluster pages: show, save (button) and autosave (JSON)."""
from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from forms.answers import AnswersRefused, SaveResult, base_of, save_answers
from forms.blueprint import bp
from forms.builder import build_cluster_form, field_name
from forms.dashboard import dashboard_rows
from forms.pages import render_cluster
from forms.posting import posted_answers
from forms.replies import Reply, can_write, load_reply_or_404
from forms.stash import pending_form
from questionnaire.auth import roles_required
from questionnaire.db import get_session
from questionnaire.i18n import _
from questionnaire.locale import to_viewer_time
from questionnaire.models import Role, utcnow

CLUSTER = "/answers/<int:questionnaire_id>/<iso3>/section/<code>"


@bp.get("/answers/")
@roles_required(Role.FOCAL_POINT, Role.EXPERT)
def dashboard():
    return render_template("forms/dashboard.html", rows=dashboard_rows(get_session(), g.user))


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
    form = build_cluster_form(section.questions, reply.values_by_id, formdata=kept)
    bases = posted_answers(kept, form, section.questions)[1] if kept else None
    return render_cluster(reply, section, form, posted_bases=bases, writable=can_write(g.user, reply.state),
                          restored=kept is not None)


def _save(questionnaire_id: int, iso3: str, code: str) -> tuple[Reply, object, object, dict, SaveResult]:
    """Load, check the writer, save once (again once if another save of this reply got in first)."""
    db = get_session()
    for attempt in (1, 2):
        reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
        if not can_write(g.user, reply.state):
            abort(403)
        section = reply.cluster_or_404(code)
        form = build_cluster_form(section.questions, reply.values_by_id, formdata=request.form)
        raw, bases = posted_answers(request.form, form, section.questions)
        try:
            result = save_answers(db, reply.questionnaire, reply.state, g.user, section, raw, bases)
            db.commit()
            return reply, section, form, bases, result
        except StaleDataError:
            db.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@bp.post(CLUSTER)
def save(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, form, bases, result = _save(questionnaire_id, iso3, code)
    except AnswersRefused as refusal:
        get_session().rollback()
        reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
        section = reply.cluster_or_404(code)
        form = build_cluster_form(section.questions, reply.values_by_id, formdata=request.form)
        return render_cluster(reply, section, form, refusal=str(refusal)), 409
    if result.clean:
        flash(_("Your answers are saved."), "success")
        return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3, code=code))
    status = 409 if result.conflicts else 422
    return render_cluster(reply, section, form, result=result, posted_bases=bases, writable=True), status


@bp.post(CLUSTER + "/autosave")
def autosave(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, _form, _bases, result = _save(questionnaire_id, iso3, code)
    except AnswersRefused as refusal:
        get_session().rollback()
        return jsonify(error=str(refusal)), 409
    names = {question.key: field_name(question) for question in section.questions}
    saved_at = to_viewer_time(utcnow()).strftime("%H:%M")
    return jsonify(
        saved_at=saved_at,
        bases={names[key]: base_of(answer) for key, answer in result.saved.items()},
        errors={names[key]: message for key, message in result.errors.items()},
        conflicts=[names[key] for key in result.conflicts],
    )
