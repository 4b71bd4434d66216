"""Exporting: spreadsheets of the answers for the review mechanism's analysis."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the export stage's blueprints and commands."""
