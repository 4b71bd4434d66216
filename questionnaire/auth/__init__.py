"""Accounts in use: signing in and out, the current user and the role checks of every page."""
from __future__ import annotations

from flask import Flask, g

from questionnaire.models import Role


def init_app(app: Flask) -> None:
    """Load the current user before every request, require sign-in, register the sign-in pages."""
    from questionnaire.auth.forms import EmptyForm
    from questionnaire.auth.guards import load_current_user, require_login, require_second_factor
    from questionnaire.auth.kept_posts import FIELD, page_token
    from questionnaire.auth.routes import bp
    from questionnaire.locale import remember_language

    app.before_request(load_current_user)
    app.before_request(remember_language)
    app.before_request(require_login)
    app.before_request(require_second_factor)
    app.register_blueprint(bp)

    # the signed token an answer form carries so a post sent after the session ended can be kept
    app.add_template_global(page_token, "kept_post_token")

    app.jinja_env.globals["kept_post_field"] = FIELD

    @app.context_processor
    def user_context() -> dict[str, object]:
        return {"current_user": g.get("user"), "Role": Role}
