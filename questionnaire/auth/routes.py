"""Signing in (password, then the second step where enrolled), signing out, and the person's own
security page: two-step sign-in enrolment and "sign out everywhere"."""
from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from questionnaire.auth import password_links, passwords, second_factor
from questionnaire.auth.forms import (
    ChangePasswordForm, ChoosePasswordForm, EmptyForm, EnrolForm, ForgotPasswordForm, LoginForm, SecondStepForm,
)
from questionnaire.auth.service import (
    Throttle, check_password, complete_sign_in, count_failure, is_locked, is_waiting, safe_next,
)
from questionnaire.auth.sessions import end_all_sessions, keep_this_session, start_session
from questionnaire.db import get_session
from questionnaire.durations import duration_words
from questionnaire.models import User, utcnow
from questionnaire.models.audit import record
from questionnaire.security import limiter, sign_in_rate_limit

bp = Blueprint("auth", __name__, template_folder="templates")

SECOND_STEP = "second_step"
SECOND_STEP_SECONDS = 5 * 60


def _failed() -> None:
    flash(_("The e-mail or password is not right, or the account is not active."), "error")


def _no_store(page: str):
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        throttle = Throttle.from_config(current_app.config)
        attempt = check_password(db, form.email.data or "", form.password.data or "", throttle)
        next_url = safe_next(request.args.get("next"))
        if attempt.user is not None and attempt.user.has_second_factor:
            language = session.get("lang")
            session.clear()
            if language:
                session["lang"] = language
            session[SECOND_STEP] = {"user": attempt.user.id, "version": attempt.user.session_version,
                                    "at": int(time.time()), "next": next_url}
            return redirect(url_for("auth.second_step"))  # a right password writes nothing until the second step
        if attempt.user is not None:
            return _signed_in(attempt.user, next_url)
        db.commit()
        _failed()
    return render_template("auth/login.html", form=form)


def _signed_in(user: User, next_url: str | None):
    db = get_session()
    complete_sign_in(db, user)
    db.commit()
    start_session(user)
    return redirect(next_url or url_for("home.index"))


def _waiting_for_second_step() -> User | None:
    """The person who gave the right password in this browser in the last five minutes, if any."""
    pending = session.get(SECOND_STEP)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > SECOND_STEP_SECONDS:
        return None
    user = get_session().get(User, pending.get("user"))
    if user is None or not user.active or not user.has_second_factor or user.session_version != pending.get("version"):
        return None
    return user


@bp.route("/login/second-step", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def second_step():
    user = _waiting_for_second_step()
    if user is None:
        session.pop(SECOND_STEP, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = SecondStepForm()
    if form.validate_on_submit():
        db, now, throttle = get_session(), utcnow(), Throttle.from_config(current_app.config)
        if is_locked(user, throttle, now):
            record(db, user, "user.login_failed", f"user:{user.id}", reason="locked")
        elif not is_waiting(user, now) and second_factor.verify(db, user, form.code.data or ""):
            return _signed_in(user, session[SECOND_STEP].get("next"))
        else:
            count_failure(db, user, throttle, now, reason="second_factor")
        db.commit()
        flash(_("The code is not right. Type the code your app shows now, or one of your recovery codes."), "error")
    return render_template("auth/second_step.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out: every session of this person ends for good (a copied cookie no longer works)."""
    if g.user is not None:
        db = get_session()
        end_all_sessions(g.user)
        record(db, g.user, "user.logout", f"user:{g.user.id}")
        db.commit()
    language = g.user.locale if g.user is not None and g.user.locale else session.get("lang")
    session.clear()
    if language:
        session["lang"] = language  # the sign-in page stays in the person's language
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/account/security")
def security():
    return render_template("auth/security.html", form=EmptyForm(),
                           required=second_factor.required_roles(current_app.config))


@bp.post("/account/sign-out-everywhere")
def sign_out_everywhere():
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("auth.security"))
    db = get_session()
    end_all_sessions(g.user)
    record(db, g.user, "user.sign_out_everywhere", f"user:{g.user.id}")
    db.commit()
    flash(_("You are signed out on every device and browser."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/second-factor", methods=["GET", "POST"])
def enrol():
    db, user = get_session(), g.user
    if user.has_second_factor:
        return redirect(url_for("auth.security"))
    second_factor.start_enrolment(db, user)
    db.commit()
    form = EnrolForm()
    if form.validate_on_submit():
        codes = second_factor.confirm_enrolment(db, user, form.code.data or "")
        db.commit()
        if codes is not None:
            keep_this_session(user)
            return _no_store(render_template("auth/recovery_codes.html", codes=codes))
        form.code.errors = [_("That code is not right. Type the code the app shows now.")]
    uri = second_factor.provisioning_uri(user)
    page = render_template("auth/enrol.html", form=form, qr_code=second_factor.qr_code_data_uri(uri),
                           secret=user.totp_secret, required=second_factor.must_enrol(user, current_app.config))
    response = _no_store(page)
    response.status_code = 400 if form.errors else 200
    return response


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        db = get_session()
        passwords.queue_reset(db, form.email.data or "")
        db.commit()
        flash(_("If an active account uses this address, a link to choose a new password is on its way. "
                "It can be used once, within %(duration)s.",
                duration=duration_words(current_app.config["PASSWORD_RESET_HOURS"] * 60)),
              "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


LINK_REFUSALS = {
    "expired": _l("This link has expired. Ask for a new one."),
    "used": _l("This link has already been used, or a newer one replaced it. Ask for a new one."),
    "inactive": _l("This account is deactivated. Ask the secretariat."),
    "tampered": _l("This link is not valid. Check that it was copied whole, or ask for a new one."),
}


@bp.route("/account/choose-password/<token>", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def choose_password(token: str):
    """The page an invitation or a reset link opens: choose a password, then be signed in."""
    db = get_session()
    try:
        user, purpose = password_links.resolve(db, token)
    except password_links.LinkRefused as refusal:
        return _no_store(render_template("auth/link_refused.html", message=LINK_REFUSALS[refusal.reason])), 400
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            passwords.choose_password(db, user, purpose, form.password.data or "", form.confirmation.data or "")
        except passwords.PasswordRefused as refusal:
            form.password.errors = [str(refusal)]
        else:
            flash(_("Your password is saved."), "success")
            if user.has_second_factor:
                db.commit()
                session.clear()
                return redirect(url_for("auth.login"))
            return _signed_in(user, None)
    page = render_template("auth/choose_password.html", form=form, person=user, purpose=purpose)
    response = _no_store(page)
    response.headers["Referrer-Policy"] = "no-referrer"  # the token never leaves in a Referer header
    response.status_code = 400 if form.errors else 200
    return response


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """A signed-in person changes their password (the current one first); their other sessions end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            passwords.change_password(db, g.user, form.current.data or "", form.password.data or "",
                                      form.confirmation.data or "")
        except passwords.PasswordRefused as refusal:
            form.password.errors = [str(refusal)]
        else:
            db.commit()
            keep_this_session(g.user)
            flash(_("Your password is changed; you are signed out everywhere else."), "success")
            return redirect(url_for("auth.security"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200
