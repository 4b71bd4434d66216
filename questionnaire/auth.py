"""Signing in and out, the current user, and the role checks every view relies on."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired

from questionnaire.db import get_session
from questionnaire.models import Role, User, utcnow
from questionnaire.models.audit import record

bp = Blueprint("auth", __name__)

PUBLIC_ENDPOINTS = {"auth.login", "static"}

View = TypeVar("View", bound=Callable)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    submit = SubmitField(_l("Sign in"))


class EmptyForm(FlaskForm):
    """Only a CSRF token and a button: for POST-only actions."""

    submit = SubmitField(_l("Confirm"))


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (the caller must not say which part failed)."""
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None for anything else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


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


def load_current_user() -> None:
    user_id = session.get("user_id")
    g.user = None
    if user_id is not None:
        user = get_session().get(User, user_id)
        if user is not None and user.active:
            g.user = user
        else:
            session.clear()


def register_post_stash(app: Flask, endpoint: str, stash: Callable[[], str | None]) -> None:
    """Let ``stash`` keep what a signed-out person posted to ``endpoint``.

    ``stash`` runs inside that request and returns the same-site path to reopen after signing in (where
    the owner shows the kept values back), or None to fall back to the page the post came from.
    """
    app.extensions.setdefault("post_stashes", {})[endpoint] = stash


def stash_post_for_after_login() -> str | None:
    """Keep a signed-out person's post through the endpoint's registered stash; the path to return to."""
    stash = current_app.extensions.get("post_stashes", {}).get(request.endpoint)
    return safe_next(stash()) if stash is not None else None


def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if g.user is None:
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        next_url = stash_post_for_after_login() or (request.referrer and urlsplit(request.referrer).path)
        return redirect(url_for("auth.login", next=next_url))
    return None


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Let the view run only for users holding one of ``roles``; others get 403."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if g.user is None or not g.user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def init_app(app: Flask) -> None:
    app.before_request(load_current_user)
    app.before_request(require_login)
    app.register_blueprint(bp)

    @app.context_processor
    def user_context() -> dict[str, object]:
        return {"current_user": g.get("user"), "Role": Role, "logout_form": EmptyForm(formdata=None)}
