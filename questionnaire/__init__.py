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
    # "/monitoring" and "/monitoring/" (as people type them, and as the README writes them) reach the same
    # page in every room; set before any blueprint adds its rules, which read it when they are bound
    app.url_map.strict_slashes = False

    from questionnaire import audit, auth, builder, cli, consultation, db, errors, home, kinds, locale, mail
    from questionnaire import monitoring, navigation, observations, people, security, states, translation

    for infrastructure in (db, locale, kinds, security, errors, navigation, cli):
        infrastructure.init_app(app)
    for feature_room in (auth, home, builder, translation, consultation, monitoring, observations, people, states, audit,
                         mail):
        feature_room.init_app(app)

    import exports
    import forms

    forms.init_app(app)
    exports.init_app(app)
    return app
