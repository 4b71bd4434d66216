"""The secretariat's questionnaire builder: drafting, importing, checking and the life cycle pages."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the builder's pages, its `definition` commands and its menu entry (secretariat only)."""
    from questionnaire.builder.cli import definition_group
    from questionnaire.builder.routes import bp
    from questionnaire.navigation import register_nav

    bp.cli.add_command(definition_group)
    app.register_blueprint(bp)
    register_nav(app, "builder.index", _l("Questionnaires"),
                 _l("Draft questionnaires, check them against the Protocol, and move them through endorsement, "
                    "adoption and the answering period."), (Role.SECRETARIAT,), order=20)
