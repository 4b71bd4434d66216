"""The home page: what the signed-in person can do today, by role."""
from __future__ import annotations

from flask import Blueprint, current_app, g, render_template
from sqlalchemy import select

from questionnaire.db import get_session
from questionnaire.locale import reader_language
from questionnaire.models import Questionnaire, QuestionnaireStatus
from questionnaire.navigation import items_for
from questionnaire.texts import localized_each

bp = Blueprint("home", __name__, template_folder="templates")


@bp.route("/")
def index():
    db = get_session()
    open_questionnaires = db.scalars(
        select(Questionnaire)
        .where(Questionnaire.status == QuestionnaireStatus.OPEN)
        .order_by(Questionnaire.slug, Questionnaire.version)
    ).all()
    return render_template(
        "home/index.html",
        entries=items_for(current_app, g.user),
        open_questionnaires=localized_each(db, open_questionnaires, reader_language()),
    )
