"""People: the secretariat's pages and commands for accounts, roles, States and passwords."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the people pages, the `users` commands and the menu entry (secretariat only)."""
    from questionnaire.navigation import register_nav
    from questionnaire.people.cli import users_group
    from questionnaire.people.routes import bp

    bp.cli.add_command(users_group)
    app.register_blueprint(bp)
    register_nav(app, "people.index", _l("People"),
                 _l("Create accounts, change roles and States, deactivate, reset passwords."),
                 (Role.SECRETARIAT,), 80)
