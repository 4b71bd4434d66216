"""Answering: the States parties' web forms built from a questionnaire."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the answering stage's blueprints and commands."""
