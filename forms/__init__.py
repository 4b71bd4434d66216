"""Answering: the States parties' web forms built from a questionnaire."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Register the answering stage's blueprint, its menu entry and the kept-post hook."""
    from forms.routes import bp
    from forms.stash import stash_posted_form
    from questionnaire.auth.signed_out_posts import register_post_stash
    from questionnaire.navigation import register_nav

    app.register_blueprint(bp)
    register_nav(
        app, "forms.dashboard", _l("Our reply"),
        _l("Answer the open questionnaires for your State, follow progress and submit."),
        (Role.FOCAL_POINT, Role.EXPERT), order=10,
    )
    for endpoint in ("forms.save", "forms.autosave", "forms.save_and_choose_language"):
        register_post_stash(app, endpoint, stash_posted_form)
