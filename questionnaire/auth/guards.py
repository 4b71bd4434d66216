"""The current user of each request, the sign-in and second-factor requirements and the role checks every
view relies on (a post sent after the session ended is answered by ``questionnaire.auth.signed_out_posts``)."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

from flask import abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from questionnaire.auth.second_factor import must_enrol
from questionnaire.auth.sessions import session_user
from questionnaire.auth.signed_out_posts import signed_out_post
from questionnaire.db import get_session
from questionnaire.durations import duration_words
from questionnaire.models import Role

PUBLIC_ENDPOINTS = {"auth.login", "auth.second_step", "auth.forgot_password", "auth.choose_password", "static"}
# What a person who must enrol in two-step sign-in can still reach before doing so.
BEFORE_ENROLMENT = PUBLIC_ENDPOINTS | {"auth.enrol", "auth.logout", "auth.security", "auth.sign_out_everywhere"}

View = TypeVar("View", bound=Callable)


def load_current_user() -> None:
    """``g.user`` for a live session; a session that ended (signed out elsewhere, idle, deactivated) is cleared."""
    g.user, ended = session_user(get_session())
    if ended == "idle":
        flash(_("You were signed out after %(duration)s without activity.",
                duration=duration_words(current_app.config["IDLE_TIMEOUT_MINUTES"])), "info")
    elif ended == "ended":
        flash(_("Your session has ended. Please sign in again."), "info")


def current_user_of_request():
    """The signed-in user of a request that the CSRF check stopped (it runs before ``load_current_user``)."""
    load_current_user()
    return g.user


def require_login():
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if g.user is None:
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return signed_out_post()
    return None


def require_second_factor():
    """Roles in ``MFA_REQUIRED_ROLES`` enrol in two-step sign-in before anything else."""
    if g.user is None or request.endpoint in BEFORE_ENROLMENT or request.endpoint is None:
        return None
    if must_enrol(g.user, current_app.config):
        flash(_("Your role requires two-step sign-in: set it up to continue."), "info")
        return redirect(url_for("auth.enrol"))
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
