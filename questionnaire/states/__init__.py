"""States parties: the list of States and which of them are parties to the Protocol."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the States page and its menu entry (secretariat only)."""
    from questionnaire.navigation import register_nav
    from questionnaire.states.cli import parties_group
    from questionnaire.states.routes import bp

    bp.cli.add_command(parties_group)
    app.register_blueprint(bp)
    register_nav(app, "states.index", _l("States parties"),
                 _l("Mark which States are parties to the Protocol."), (Role.SECRETARIAT,), 85)
