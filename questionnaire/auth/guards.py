"""The current user of each request, the sign-in and second-factor requirements, the role checks every
view relies on, and what becomes of a post sent after the session ended."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from questionnaire.auth.second_factor import must_enrol
from questionnaire.auth.service import safe_next
from questionnaire.auth.sessions import session_user
from questionnaire.db import get_session
from questionnaire.models import Role

PUBLIC_ENDPOINTS = {"auth.login", "auth.second_step", "auth.forgot_password", "auth.choose_password", "static"}
# What a person who must enrol in two-step sign-in can still reach before doing so.
BEFORE_ENROLMENT = PUBLIC_ENDPOINTS | {"auth.enrol", "auth.logout", "auth.security", "auth.sign_out_everywhere"}

View = TypeVar("View", bound=Callable)


def load_current_user() -> None:
    """``g.user`` for a live session; a session that ended (signed out elsewhere, idle, deactivated) is cleared."""
    g.user, ended = session_user(get_session())
    if ended == "idle":
        flash(_("You were signed out after %(minutes)s minutes without activity.",
                minutes=current_app.config["IDLE_TIMEOUT_MINUTES"]), "info")
    elif ended == "ended":
        flash(_("Your session has ended. Please sign in again."), "info")


def current_user_of_request():
    """The signed-in user of a request that the CSRF check stopped (it runs before ``load_current_user``)."""
    load_current_user()
    return g.user


def register_post_stash(app: Flask, endpoint: str, stash: Callable[[], str | None]) -> None:
    """Let ``stash`` keep what a signed-out person posted to ``endpoint``.

    ``stash`` runs inside that request and returns the same-site path to reopen after signing in (where
    the owner shows the kept values back), or None when it kept nothing (no valid token for its owner).
    """
    app.extensions.setdefault("post_stashes", {})[endpoint] = stash


def keeps_posts(endpoint: str | None) -> bool:
    return endpoint in current_app.extensions.get("post_stashes", {})


def stash_post_for_after_login() -> str | None:
    """Keep a signed-out person's post through the endpoint's registered stash; the path to return to,
    or None when nothing was kept."""
    stash = current_app.extensions.get("post_stashes", {}).get(request.endpoint)
    return safe_next(stash()) if stash is not None else None


def signed_out_post():
    """The answer to a POST from someone not signed in: kept and sent to sign in when the form's token
    allows; refused with the "form expired" page (nothing stored) on a page that keeps posts otherwise;
    elsewhere, sent to sign in and back to the page the post came from (nothing stored)."""
    next_url = stash_post_for_after_login()
    if next_url:
        return redirect(url_for("auth.login", next=next_url))
    if keeps_posts(request.endpoint):
        from questionnaire.errors import form_expired

        return form_expired()
    return redirect(url_for("auth.login", next=request.referrer and urlsplit(request.referrer).path))


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
