"""The self-assessment questionnaire platform: the core package and its app factory."""
from __future__ import annotations

from typing import Any

from flask import Flask

from questionnaire.config import instance_path_from_env, load_config, require_secret_key


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database, language, security, then each stage's blueprints."""
    app = Flask(__name__, instance_path=instance_path_from_env(), instance_relative_config=True)
    load_config(app, test_config)
    require_secret_key(app)

    from questionnaire import auth, cli, db, errors, home, locale, navigation, security

    db.init_app(app)
    locale.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    navigation.init_app(app)
    home.init_app(app)
    cli.init_app(app)
    from questionnaire import administration, builder, monitoring_views

    for secretariat_pages in (builder, monitoring_views, administration):  # people, States, audit log
        secretariat_pages.init_app(app)

    import exports
    import forms

    forms.init_app(app)
    exports.init_app(app)
    return app
