"""The national dashboard of a focal point's or an expert's open replies, and the reply's language chosen
from it (or from the review page or a cluster page without the page's answers)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request
from flask_babel import gettext as _

from forms.dashboard import dashboard_rows
from forms.language import (
    LanguageRefused, ReplyLanguageForm, choose_reply_language, language_choice_form, page_after_language_choice,
)
from forms.replies import load_reply_or_404
from questionnaire.access import can_write_reply
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import Role


@roles_required(Role.FOCAL_POINT, Role.EXPERT)
def dashboard():
    rows = dashboard_rows(get_session(), g.user)
    return render_template("forms/dashboard.html", rows=rows,
                           language_forms={row.reply.model.id: language_choice_form(g.user, row.reply) for row in rows})


def choose_language(questionnaire_id: int, iso3: str):
    """The State's focal points and experts choose the language of its reply, from the dashboard, the review
    page or a cluster page, and come back to it (``back``)."""
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3, texts=False)
    if not can_write_reply(g.user, reply.state):
        abort(403)
    form = ReplyLanguageForm.for_reply(reply.model, reply.language)
    if form.validate_on_submit():
        try:
            choose_reply_language(db, reply.model, reply.state, g.user, form.language.data or "")
        except LanguageRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
        else:
            db.commit()
            flash(_("The questionnaire is now shown in the language of your reply."), "success")
    return redirect(page_after_language_choice(reply, request.form.get("back", "")))
