"""Friendly error pages; the 500 handler rolls the request's transaction back first."""
from __future__ import annotations

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import inspect
from werkzeug.exceptions import HTTPException

from questionnaire.auth.guards import current_user_of_request
from questionnaire.auth.signed_out_posts import keeps_posts, signed_out_post
from questionnaire.db import discard_session
from questionnaire.error_pages import form_expired, render_error


def keep_signed_in_user(session) -> None:
    """Detach the signed-in user (and their State) as loaded, so the page header can still show them
    after the rollback expires everything left in the session."""
    user = g.get("user")
    if user is None:
        return
    for loaded in (user, inspect(user).dict.get("state")):
        if loaded is not None and loaded in session:
            session.expunge(loaded)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if keeps_posts(request.endpoint) and current_user_of_request() is None:
            # The session ended while the person typed: their post is kept only when the form's signed
            # token names them (never on the strength of the missing CSRF token alone), then they sign in.
            return signed_out_post()
        return form_expired()

    @app.errorhandler(429)
    def too_many_requests(error: HTTPException) -> tuple[str, int]:
        return render_error(
            429, _("Too many attempts"),
            _("There were too many sign-in attempts from your network. Wait a minute and try again."),
        )

    @app.errorhandler(403)
    def forbidden(error: HTTPException) -> tuple[str, int]:
        return render_error(403, _("Not allowed"), _("Your role does not give access to this page."))

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> tuple[str, int]:
        return render_error(404, _("Page not found"), _("There is no page at this address, or it is not yours to see."))

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> tuple[str, int]:
        limit_mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return render_error(
            413, _("File too large"), _("Uploads are limited to %(limit)s MB.", limit=limit_mb)
        )

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        # Roll back first, without raising even when the connection is gone, so this page is what
        # the person gets (the page itself needs no database).
        session = g.pop("db_session", None)
        if session is not None:
            keep_signed_in_user(session)
            discard_session(session)
        return render_error(
            500, _("Something went wrong"), _("The error has been logged. Nothing was saved by the last action; please try again.")
        )
