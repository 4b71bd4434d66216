"""The secretariat's administration pages: people, States parties and the audit log."""
from __future__ import annotations

from flask import Flask

from questionnaire.i18n import _l
from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the people, States and audit blueprints and their menu entries (secretariat only)."""
    from questionnaire import audit_views, people_views, states_views
    from questionnaire.navigation import register_nav

    for blueprint in (people_views.bp, states_views.bp, audit_views.bp):
        app.register_blueprint(blueprint)
    secretariat = (Role.SECRETARIAT,)
    register_nav(app, "people.index", _l("People"),
                 _l("Create accounts, change roles and States, deactivate, reset passwords."), secretariat, 80)
    register_nav(app, "states.index", _l("States parties"),
                 _l("Mark which States are parties to the Protocol."), secretariat, 85)
    register_nav(app, "audit.index", _l("Audit log"),
                 _l("Every change to questionnaires, accounts and replies: who, when, before and after."),
                 secretariat, 90)
