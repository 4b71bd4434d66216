"""Monitoring: each State party's reply to an open questionnaire, reopening, the CSV download."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the monitoring pages and their menu entry (secretariat only)."""
    from questionnaire.monitoring.routes import bp
    from questionnaire.navigation import register_nav

    app.register_blueprint(bp)
    register_nav(app, "monitoring.index", _l("Monitoring"),
                 _l("Follow each State party's reply to an open questionnaire, reopen a submission, "
                    "download the table."), (Role.SECRETARIAT,), order=40)
