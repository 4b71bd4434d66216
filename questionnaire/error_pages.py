"""The app's own error pages: one template with a status, a title and a message, and the "form expired" page
that both the CSRF check and a post sent after the session ended can answer with."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _


def render_error(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, title=title, message=message), status


def form_expired() -> tuple[str, int]:
    return render_error(
        400,
        _("This form has expired"),
        _("The page was open too long or came from elsewhere. Go back, reload it and try again; "
          "copy any long text you typed first."),
    )
