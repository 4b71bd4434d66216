"""The secretariat's monitoring pages: who has answered an open questionnaire, the CSV, and reopening."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask import Response as HttpResponse
from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select

from questionnaire.access import get_answered_questionnaire_or_404, get_reply_rows_or_404
from questionnaire.replies.answering import effective_deadline
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.instruments import instrument_name
from questionnaire.locale import reader_language, state_name, to_viewer_time
from questionnaire.models import ANSWERING_STAGES, Questionnaire, Role, utcnow
from questionnaire.structure import kept_content
from questionnaire.monitoring.service import STATUS_LABELS, Monitoring, monitor
from questionnaire.monitoring.csv_download import monitoring_csv
from questionnaire.monitoring import deadlines
from questionnaire.monitoring.forms import DeadlineForm, FilterForm, ReopenForm
from questionnaire.replies.reopening import ReopenRefused, reopen_response
from questionnaire.texts import LocalizedQuestionnaire, localized, localized_each

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring", template_folder="templates")


def monitoring_for_request(questionnaire_id: int) -> tuple[Monitoring, FilterForm]:
    """The monitoring table for this request's filters (unknown filter values are shown as errors)."""
    db = get_session()
    questionnaire = get_answered_questionnaire_or_404(db, questionnaire_id)  # monitor reads what it needs
    filters = FilterForm(request.args)
    regional_group, status = filters.chosen()
    return monitor(db, questionnaire, utcnow(), regional_group, status, kept=kept_content().progress), filters


def _as_read(questionnaire: Questionnaire) -> LocalizedQuestionnaire:
    """The questionnaire a monitoring page is about, its title in the reader's language."""
    return localized(get_session(), questionnaire, reader_language(), kept=True)


@bp.get("/")
@roles_required(Role.SECRETARIAT)
def index():
    db = get_session()
    questionnaires = db.scalars(
        select(Questionnaire).where(Questionnaire.status.in_(ANSWERING_STAGES))
        .order_by(Questionnaire.status.desc(), Questionnaire.slug, Questionnaire.version.desc())
    ).all()
    return render_template("monitoring/index.html",
                           questionnaires=localized_each(db, questionnaires, reader_language()))


@bp.get("/<int:questionnaire_id>")
@roles_required(Role.SECRETARIAT)
def table(questionnaire_id: int):
    monitoring, filters = monitoring_for_request(questionnaire_id)
    return render_template("monitoring/table.html", monitoring=monitoring, filters=filters,
                           shown_questionnaire=_as_read(monitoring.questionnaire), instrument_name=instrument_name,
                           status_labels=STATUS_LABELS,
                           csv_args=request.args.to_dict())


@bp.get("/<int:questionnaire_id>.csv")
@roles_required(Role.SECRETARIAT)
def download(questionnaire_id: int):
    monitoring, _filters = monitoring_for_request(questionnaire_id)
    questionnaire = monitoring.questionnaire
    body = monitoring_csv(monitoring, to_viewer_time, str(get_timezone()))
    name = f"monitoring-{questionnaire.slug}-v{questionnaire.version}.csv"
    return HttpResponse(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/<int:questionnaire_id>/<iso3>/reopen", methods=["GET", "POST"])
@roles_required(Role.SECRETARIAT)
def reopen(questionnaire_id: int, iso3: str):
    db = get_session()
    questionnaire, state, reply = get_reply_rows_or_404(db, g.user, questionnaire_id, iso3)
    form = ReopenForm()
    if reply is not None and form.validate_on_submit():
        back = url_for(".table", questionnaire_id=questionnaire.id, _anchor=f"state-{state.iso3}")
        try:
            reopen_response(db, reply, g.user, form.reason.data or "")
        except ReopenRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
            return redirect(back)
        db.commit()
        flash(_("The reply of %(state)s is open for changes again.", state=state_name(state)), "success")
        return redirect(back)
    return render_template("monitoring/reopen.html", questionnaire=questionnaire, state=state, reply=reply,
                           form=form, shown_questionnaire=_as_read(questionnaire)), 400 if form.errors else 200


@bp.route("/<int:questionnaire_id>/deadline", methods=["GET", "POST"])
@roles_required(Role.SECRETARIAT)
def change_deadline(questionnaire_id: int):
    """Move the questionnaire's deadline for every State (with a reason they are told)."""
    db = get_session()
    questionnaire = get_answered_questionnaire_or_404(db, questionnaire_id)
    form = DeadlineForm()
    if form.validate_on_submit():
        try:
            deadlines.change_deadline(db, questionnaire, g.user, form.end_of_day(), form.reason.data or "")
        except deadlines.DeadlineRefused as refusal:
            db.rollback()
            form.deadline.errors = [str(refusal)]
        else:
            db.commit()
            flash(_("The deadline is moved; every State's users are told."), "success")
            return redirect(url_for(".table", questionnaire_id=questionnaire.id))
    return render_template("monitoring/deadline.html", questionnaire=questionnaire, state=None, form=form,
                           in_force=questionnaire.deadline,
                           shown_questionnaire=_as_read(questionnaire)), 400 if form.errors else 200


@bp.route("/<int:questionnaire_id>/<iso3>/extend", methods=["GET", "POST"])
@roles_required(Role.SECRETARIAT)
def extend(questionnaire_id: int, iso3: str):
    """Give one State a later deadline (with a reason that State is told)."""
    db = get_session()
    questionnaire, state, reply = get_reply_rows_or_404(db, g.user, questionnaire_id, iso3)
    form = DeadlineForm()
    if form.validate_on_submit():
        try:
            deadlines.grant_extension_to_reply(db, questionnaire, state, reply, g.user, form.end_of_day(),
                                               form.reason.data or "")
        except deadlines.DeadlineRefused as refusal:
            db.rollback()
            form.deadline.errors = [str(refusal)]
        else:
            db.commit()
            flash(_("%(state)s has a new deadline; its users are told.", state=state_name(state)), "success")
            return redirect(url_for(".table", questionnaire_id=questionnaire.id, _anchor=f"state-{state.iso3}"))
    return render_template("monitoring/deadline.html", questionnaire=questionnaire, state=state, form=form,
                           in_force=effective_deadline(questionnaire, reply),
                           shown_questionnaire=_as_read(questionnaire)), 400 if form.errors else 200
