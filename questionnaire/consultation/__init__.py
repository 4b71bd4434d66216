"""The Working Group's drafting round: meetings and decisions, issued revisions, the consultation of States
(delegates' comments, proposals and support), the secretariat's dispositions, comparisons and compilations."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the drafting pages, the `consultation` commands, `definition diff`, the menu entry and the
    demo's drafting round."""
    from questionnaire.builder.cli import definition_group
    from questionnaire.consultation.cli import consultation_group, definition_diff
    from questionnaire.consultation.routes import bp
    from questionnaire.consultation.demo import create_demo_round
    from questionnaire.navigation import register_nav
    from questionnaire.seed import register_demo_step

    bp.cli.add_command(consultation_group)
    definition_group.add_command(definition_diff)
    app.register_blueprint(bp)
    register_demo_step(app, create_demo_round)
    register_nav(app, "consultation.index", _l("Drafting round"),
                 _l("Sessions of the Working Group and the Conference, issued drafts, consultations of States, "
                    "proposals and dispositions."), (Role.SECRETARIAT, Role.DELEGATE, Role.FOCAL_POINT), order=25)
