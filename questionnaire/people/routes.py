"""The secretariat's people pages: list, create and edit accounts, deactivate, reset passwords.

A generated password is shown once, in the response to the POST that made it: never in a URL, a flash
message or the session cookie, and the page is marked not to be stored.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from questionnaire.people import service as people
from questionnaire.auth import second_factor
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.service import unlock
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import Role, User, utcnow
from questionnaire.states.service import list_states
from questionnaire.people.forms import PeopleFilterForm, UserForm

bp = Blueprint("people", __name__, url_prefix="/people", template_folder="templates", cli_group=None)


@bp.before_request
@roles_required(Role.SECRETARIAT)
def secretariat_only() -> None:
    """Every page here is the secretariat's (403 for anyone else, GET or POST)."""


def _user_or_404(user_id: int) -> User:
    return get_session().get(User, user_id) or abort(404)


def _show_password(user: User, password: str, created: bool):
    response = make_response(render_template("people/password.html", person=user, password=password, created=created))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def index():
    db = get_session()
    filters = PeopleFilterForm(request.args).load_states(list_states(db))
    return render_template("people/index.html", filters=filters, people=people.list_users(db, **filters.criteria()))


@bp.route("/new", methods=["GET", "POST"])
def create():
    db = get_session()
    form = UserForm().load_states(list_states(db))
    if form.validate_on_submit():
        try:
            user = people.create_user(db, g.user, **form.values())
        except people.PeopleError as error:
            form.show(error)
        else:
            db.commit()
            flash(_("Created the account of %(name)s and e-mailed them a link to choose their password.",
                    name=user.name), "success")
            return redirect(url_for("people.edit", user_id=user.id))
    return render_template("people/form.html", form=form, person=None), 400 if form.errors else 200


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
def edit(user_id: int):
    db = get_session()
    user = _user_or_404(user_id)
    form = UserForm.for_user(user).load_states(list_states(db))
    if form.validate_on_submit():
        try:
            changed = people.update_user(db, g.user, user, **form.values())
        except people.PeopleError as error:
            form.show(error)
        else:
            db.commit()
            flash(_("Saved the changes to %(name)s.", name=user.name) if changed else _("Nothing was changed."), "success")
            return redirect(url_for("people.index"))
    return render_template("people/form.html", form=form, person=user, action_form=EmptyForm(),
                           now=utcnow()), 400 if form.errors else 200


def _set_active(user_id: int, active: bool):
    db = get_session()
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            people.set_active(db, g.user, user, active)
        except people.PeopleError as error:
            flash(str(error), "error")
        else:
            db.commit()
            flash(_("%(name)s can sign in again.", name=user.name) if active
                  else _("%(name)s is deactivated and signed out.", name=user.name), "success")
    return redirect(url_for("people.edit", user_id=user.id))


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id: int):
    return _set_active(user_id, True)


@bp.post("/<int:user_id>/password")
def reset_password(user_id: int):
    db = get_session()
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("people.edit", user_id=user.id))
    password = people.reset_password(db, g.user, user)
    db.commit()
    return _show_password(user, password, created=False)


@bp.post("/<int:user_id>/invite")
def invite(user_id: int):
    """E-mail the person a new link to choose their password."""
    db = get_session()
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit():
        try:
            people.resend_invitation(db, g.user, user)
        except people.PeopleError as error:
            flash(str(error), "error")
        else:
            db.commit()
            flash(_("A new link to choose a password is on its way to %(email)s.", email=user.email), "success")
    return redirect(url_for("people.edit", user_id=user.id))


@bp.post("/<int:user_id>/unlock")
def unlock_account(user_id: int):
    """Let a person locked after repeated failed sign-ins try again at once."""
    db = get_session()
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit() and unlock(db, g.user, user):
        db.commit()
        flash(_("%(name)s can sign in again now.", name=user.name), "success")
    return redirect(url_for("people.edit", user_id=user.id))


@bp.post("/<int:user_id>/second-factor/reset")
def reset_second_factor(user_id: int):
    """Remove a person's two-step sign-in (a lost phone); their sessions end and they enrol again."""
    db = get_session()
    user = _user_or_404(user_id)
    if EmptyForm().validate_on_submit() and second_factor.reset(db, g.user, user):
        db.commit()
        flash(_("Two-step sign-in of %(name)s is reset; they set it up again at their next sign-in.", name=user.name),
              "success")
    return redirect(url_for("people.edit", user_id=user.id))
