"""A questionnaire's life: endorsement, adoption, opening and closing, a new version, deleting a draft."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _

from questionnaire import lifecycle
from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.builder import forms as F
from questionnaire.builder import steps, versions
from questionnaire.builder.views.questionnaires import show_page
from questionnaire.builder.views.shared import confirm_page, confirmed, done, refused, secretariat_only
from questionnaire.db import get_session
from questionnaire.replies.status_labels import status_label

#: Each step's form, and the step taken with what the form holds.
STEPS = {
    "endorse": (F.EndorseForm, lambda db, q, f: steps.endorse(db, q, g.user, f.meeting.data, f.date.data)),
    "adopt": (F.AdoptForm, lambda db, q, f: steps.adopt(db, q, g.user, f.meeting.data, f.date.data,
                                                         f.resolution.data)),
    "open": (F.OpenForm, lambda db, q, f: steps.open_for_answers(db, q, g.user, f.deadline.data)),
    "close": (EmptyForm, lambda db, q, f: steps.close(db, q, g.user)),
}


@secretariat_only
def step(questionnaire_id: int, step: str):
    db = get_session()
    questionnaire = get_questionnaire_or_404(db, questionnaire_id)
    form_class, take = STEPS[step]
    form = form_class()
    if not form.validate_on_submit():
        if not form.errors.keys() - {"csrf_token"} and form.errors:
            abort(400)
        return show_page(questionnaire, step_form=form)  # each error beside its field and in the summary
    try:
        take(db, questionnaire, form)
    except lifecycle.TransitionRefused as error:
        return refused(error, questionnaire.id)
    return done(_("The questionnaire is now %(status)s.", status=status_label(questionnaire.status).lower()),
                questionnaire.id)


@secretariat_only
def start_new_version(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    started = versions.start_new_version(get_session(), questionnaire, g.user)
    if not started.created:  # one working draft per questionnaire: go on with it
        flash(_("Version %(version)s is already the working draft of this questionnaire: continue there.",
                version=started.questionnaire.version), "warning")
        return redirect(url_for("builder.show", questionnaire_id=started.questionnaire.id))
    return done(_("Version %(version)s was created as a draft.", version=started.questionnaire.version),
                started.questionnaire.id)


@secretariat_only
def delete_draft(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if not confirmed():
        goes = [_("%(code)s. %(title)s", code=cluster.code, title=cluster.title) for cluster in questionnaire.clusters]
        return confirm_page(questionnaire, _("Delete the draft %(title)s, version %(version)s?",
                                             title=questionnaire.title, version=questionnaire.version), goes, [])
    try:
        versions.delete_draft(get_session(), questionnaire, g.user)
    except versions.DraftNotDeletable as error:
        get_session().rollback()
        flash(str(error), "error")
        return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))
    get_session().commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("builder.index"))
