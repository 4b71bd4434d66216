"""Signing in and out."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from questionnaire.auth.forms import LoginForm
from questionnaire.auth.service import authenticate, safe_next
from questionnaire.db import get_session
from questionnaire.models import utcnow
from questionnaire.models.audit import record

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        user = authenticate(db, form.email.data or "", form.password.data or "")
        if user is not None:
            next_url = safe_next(request.args.get("next"))
            session.clear()
            session.permanent = True
            session["user_id"] = user.id
            user.last_login_at = utcnow()
            record(db, user, "user.login", f"user:{user.id}")
            db.commit()
            return redirect(next_url or url_for("home.index"))
        flash(_("The e-mail or password is not right, or the account is not active."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
