"""The secretariat's States page: the UN member States, their regional group, and which are parties."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import ngettext

from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import Role
from questionnaire.states.service import PartiesError, list_states, set_parties
from questionnaire.states.forms import PartiesForm, StatesFilterForm

bp = Blueprint("states", __name__, url_prefix="/states", template_folder="templates", cli_group=None)


@bp.before_request
@roles_required(Role.SECRETARIAT)
def secretariat_only() -> None:
    """Every page here is the secretariat's (403 for anyone else, GET or POST)."""


@bp.get("/")
def index():
    filters = StatesFilterForm(request.args)
    states = list_states(get_session(), **filters.criteria())
    return render_template("states/index.html", filters=filters, states=states, form=PartiesForm(),
                           query=request.query_string.decode())


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
            flash(ngettext("Saved: %(num)d State changed.", "Saved: %(num)d States changed.", len(changed)), "success")
    return redirect(url_for("states.index", **request.args))
