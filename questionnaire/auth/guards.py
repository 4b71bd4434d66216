"""The current user of each request, the sign-in requirement and the role checks every view relies on."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from questionnaire.auth.service import safe_next
from questionnaire.db import get_session
from questionnaire.models import Role, User

PUBLIC_ENDPOINTS = {"auth.login", "static"}

View = TypeVar("View", bound=Callable)


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
