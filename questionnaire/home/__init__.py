"""The home page: what the signed-in person can do today, by role."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from questionnaire.home.routes import bp

    app.register_blueprint(bp)
