"""A reply's review page and what follows it: submission by a focal point, an expert's word that the reply
is ready, the receipt, and reopening by the secretariat; a response's old address leads to its review."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forms.history import changes_since_submission
from forms.language import language_choice_form
from forms.replies import Reply, load_reply_or_404
from forms.reply_nav import reply_nav
from forms.submission import SubmissionRefused, mark_ready, reopen_reply, submit_reply
from questionnaire.access import can_submit_reply, get_response_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.locale import state_name
from questionnaire.models import Role, utcnow
from questionnaire.observations.service import questions_to_state


def _reply_url(endpoint: str, reply: Reply) -> str:
    return url_for(endpoint, questionnaire_id=reply.questionnaire.id, iso3=reply.state.iso3)


def response(response_id: int):
    found = get_response_or_404(get_session(), g.user, response_id)
    return redirect(url_for(".review", questionnaire_id=found.questionnaire_id, iso3=found.state.iso3))


def review(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    by_key = {question.key: question for question in reply.questions}
    history = changes_since_submission(db, reply.response, reply.values_by_id)
    changed = history.changed_question_ids
    asked = questions_to_state(db, g.user, reply.answers)
    return render_template(
        "forms/review.html", reply=reply, progress=reply.progress(), by_key=by_key, history=history,
        changed=[question for question in reply.questions if question.id in changed],
        nav=reply_nav(reply, reply.progress_by_cluster(), "review"), can_submit=can_submit_reply(g.user, reply.state),
        late=reply.is_late(utcnow()),
        form=EmptyForm(), language_form=language_choice_form(g.user, reply),
        questions=[(question, asked[question.id]) for question in reply.questions if question.id in asked],
    )


def submit(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    if not can_submit_reply(g.user, reply.state):
        abort(403)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            submit_reply(db, reply, g.user)
        except SubmissionRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
            return redirect(_reply_url(".review", reply))
        db.commit()
        return redirect(_reply_url(".receipt", reply))
    return render_template("forms/submit.html", reply=reply, progress=reply.progress(), form=form)


def ready(questionnaire_id: int, iso3: str):
    """An expert tells the focal points that the reply is ready for them to submit."""
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    if EmptyForm().validate_on_submit():
        try:
            mark_ready(db, reply, g.user)
        except SubmissionRefused as refusal:
            db.rollback()
            flash(str(refusal), "error")
        else:
            db.commit()
            flash(_("The focal points of %(state)s are told that the reply is ready.", state=state_name(reply.state)),
                  "success")
    return redirect(_reply_url(".review", reply))


def receipt(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    if reply.response is None or not reply.response.is_submitted:
        return redirect(_reply_url(".review", reply))
    return render_template("forms/receipt.html", reply=reply, late=reply.is_late(utcnow()))


@roles_required(Role.SECRETARIAT)
def reopen(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
    try:
        reopen_reply(db, reply, g.user, request.form.get("reason", ""))
    except SubmissionRefused as refusal:
        db.rollback()
        flash(str(refusal), "error")
        return redirect(_reply_url(".review", reply))
    db.commit()
    flash(_("The reply of %(state)s is open for changes again.", state=state_name(reply.state)), "success")
    return redirect(_reply_url(".review", reply))
