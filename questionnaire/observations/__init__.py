"""Observations on answers: reviewers' notes and questions to a State, and the State's replies.

The rules (who sees which observation, who may write, close or reply) live in ``service``; reviewers
write and close them from the exports stage's pages, States read and reply beside their answers on the
answering pages (through the include ``observations/_beside_answer.html`` and the reply route here).
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from questionnaire.observations.routes import bp

    app.register_blueprint(bp)
