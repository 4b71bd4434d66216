"""The audit log: every change, by whom, when, before and after; filtered and paged."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the audit log page and its menu entry (secretariat only)."""
    from questionnaire.audit.routes import bp
    from questionnaire.navigation import register_nav

    app.register_blueprint(bp)
    register_nav(app, "audit.index", _l("Audit log"),
                 _l("Every change to questionnaires, accounts and replies: who, when, before and after."),
                 (Role.SECRETARIAT,), 90)
