"""The secretariat's States page: States and other participants, their group and party status "as at" a
date; adding a non-member State or an organization; importing the depositary's participants table."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.locale import ngettext
from questionnaire.models import Role
from questionnaire.states.forms import (AddParticipantForm, ApplyImportForm, ImportForm, PartiesForm,
                                        StatesFilterForm)
from questionnaire.states.importing import apply_staged, stage
from questionnaire.states.parties import PartiesTableInvalid
from questionnaire.states.service import (CHANGED_FIELD_LABELS, KIND_LABELS, STATUS_LABELS, PartiesError,
                                         add_participant, list_states, oldest_as_at, set_parties, source_label)

bp = Blueprint("states", __name__, url_prefix="/states", template_folder="templates", cli_group=None)


@bp.before_request
@roles_required(Role.SECRETARIAT)
def secretariat_only() -> None:
    """Every page here is the secretariat's (403 for anyone else, GET or POST)."""


@bp.context_processor
def labels() -> dict:
    return {"party_status_label": lambda status: STATUS_LABELS.get(status, status),
            "kind_label": lambda kind: KIND_LABELS.get(kind, kind),
            "changed_field_label": lambda field: CHANGED_FIELD_LABELS.get(field, field)}


@bp.get("/")
def index():
    filters = StatesFilterForm(request.args)
    states = list_states(get_session(), **filters.criteria())
    return render_template("states/index.html", filters=filters, states=states, form=PartiesForm(),
                           as_at=oldest_as_at(states), query=request.query_string.decode(), source_label=source_label)


@bp.post("/")
def save():
    db = get_session()
    form = PartiesForm()
    if form.validate_on_submit():
        try:
            changed = set_parties(db, g.user, form.listed.data or [], form.party.data or [])
        except PartiesError as error:
            flash(str(error), "error")
        else:
            db.commit()
            flash(ngettext("Saved: %(num)s State changed.", "Saved: %(num)s States changed.", len(changed)), "success")
    return redirect(url_for("states.index", **request.args))


@bp.route("/new", methods=["GET", "POST"])
def add():
    db = get_session()
    form = AddParticipantForm()
    if form.validate_on_submit():
        try:
            state = add_participant(db, g.user, code=form.code.data, name=form.name.data, kind=form.kind.data,
                                    regional_group=form.regional_group.data)
        except PartiesError as error:
            field = getattr(form, error.field, form.code)
            field.errors = [*field.errors, str(error)]
        else:
            db.commit()
            flash(_("Added %(name)s. Tick it on the list once it is a party.", name=state.name), "success")
            return redirect(url_for("states.index"))
    return render_template("states/add.html", form=form), 400 if form.errors else 200


@bp.route("/import", methods=["GET", "POST"])
def import_table():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            staged = stage(get_session(), upload.read(), upload.filename or "", form.source.data, form.as_at.data)
        except PartiesTableInvalid as invalid:
            return render_template("states/import.html", form=form, problems=invalid.problems), 400
        confirm = ApplyImportForm(formdata=None, table=staged.data, filename=staged.filename, source=staged.source,
                                  as_at=staged.as_at.isoformat(), digest=staged.digest)
        return render_template("states/preview.html", staged=staged, confirm=confirm)
    return render_template("states/import.html", form=form, problems=[]), 400 if form.errors else 200


@bp.post("/import/apply")
def apply_import():
    db = get_session()
    form = ApplyImportForm()
    if not form.validate_on_submit():
        flash(_("The previewed table did not come back intact; upload it again."), "error")
        return redirect(url_for("states.import_table"))
    try:
        count = apply_staged(db, g.user, form.table.data, form.filename.data, form.source.data, form.as_at.data,
                             form.digest.data)
    except PartiesTableInvalid as invalid:
        for problem in invalid.problems:
            flash(problem, "error")
        return redirect(url_for("states.import_table"))
    db.commit()
    flash(ngettext("Applied %(num)s change.", "Applied %(num)s changes.", count), "success")
    return redirect(url_for("states.index"))
