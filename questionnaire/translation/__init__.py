"""Translating a questionnaire's texts: the secretariat's pages per language, the translators' XLIFF and
XLSX round trip and the `translations` commands."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the translation pages (reached from a questionnaire's builder page) and commands."""
    from questionnaire.translation.cli import translations_group
    from questionnaire.translation.routes import bp

    bp.cli.add_command(translations_group)
    app.register_blueprint(bp)
