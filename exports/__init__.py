"""Exporting: spreadsheets of the answers for the review mechanism's analysis."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the export stage's blueprints, commands and menu entries."""
    from flask_babel import lazy_gettext as _l

    from questionnaire.models import Role
    from questionnaire.navigation import register_nav
    from exports import cli, replies, routes

    routes.bp.cli.add_command(cli.export_command)
    routes.bp.cli.add_command(cli.demo_group)
    app.register_blueprint(routes.bp)
    app.register_blueprint(replies.bp)
    register_nav(app, "replies.index", _l("Replies"),
                 _l("Read the submitted replies, compare one question across States, write observations."),
                 (Role.SECRETARIAT, Role.REVIEWER), order=55)
    register_nav(app, "exports.index", _l("Exports"),
                 _l("Download the answers as spreadsheets, or read a summary with charts."),
                 (Role.SECRETARIAT, Role.REVIEWER), order=60)
