"""Mail: the outbox written with each change that causes a message, its delivery by the worker, the
secretariat's outbox page and the `worker` command."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the outbox page, its menu entry (secretariat only) and the `worker` command."""
    from questionnaire.mail.cli import worker_command
    from questionnaire.mail.routes import bp
    from questionnaire.navigation import register_nav

    bp.cli.add_command(worker_command)
    app.register_blueprint(bp)
    register_nav(app, "mail.outbox", _l("Outbox"),
                 _l("Mail the platform sends: queued, sent, or failed with the error."), (Role.SECRETARIAT,), 95)
