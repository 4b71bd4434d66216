"""A cluster's questions: adding, editing, deleting (after asking) and moving one."""
from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import gettext as _

from questionnaire.access import get_questionnaire_or_404
from questionnaire.builder import forms as F
from questionnaire.builder import questions, structure
from questionnaire.builder.loading import cluster_or_404, dependents, question_line, question_or_404
from questionnaire.builder.question_fields import FieldInvalid
from questionnaire.builder.views.shared import confirm_page, confirmed, done, frozen, refused, secretariat_only
from questionnaire.db import get_session
from questionnaire.instruments import SOM_PROTOCOL, get_instrument


def _question_page(questionnaire, cluster, question, form):
    return render_template("builder/question.html", q=questionnaire, cluster=cluster, question=question,
                           form=form, option_groups=F.option_groups(),
                           kinds_without_options=F.kinds_without_options()), 400 if form.errors else 200


def _saved(form, questionnaire, save) -> bool:
    """Run ``save(fields)`` with the form's fields; on a refusal put the messages on the form, return False."""
    try:
        save(F.fields_from_form(form, get_instrument(questionnaire.instrument) or SOM_PROTOCOL))
        return True
    except FieldInvalid as error:
        getattr(form, error.field).errors = [error.message]
    except structure.StructureError as error:
        get_session().rollback()
        form.form_errors.extend([error.message, *error.problems])
    return False


@secretariat_only
def add_question(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if questionnaire.structure_frozen:
        return frozen(questionnaire)
    cluster = cluster_or_404(questionnaire, cluster_id)
    form = F.QuestionForm()
    F.prepare_question_form(form, SOM_PROTOCOL, questions.possible_parents(questionnaire))
    if form.validate_on_submit() and _saved(
        form, questionnaire, lambda fields: questions.add_question(get_session(), cluster, g.user, fields)
    ):
        return done(_("The question was added."), questionnaire.id)
    return _question_page(questionnaire, cluster, None, form)


@secretariat_only
def edit_question(questionnaire_id: int, question_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    question = question_or_404(questionnaire, question_id)
    form = F.QuestionForm()
    F.prepare_question_form(form, SOM_PROTOCOL, questions.possible_parents(questionnaire, question))
    if request.method == "GET":
        F.fill_question_form(form, question)
    elif form.validate_on_submit() and _saved(
        form, questionnaire, lambda fields: questions.edit_question(get_session(), question, g.user, fields)
    ):
        return done(_("The question was saved."), questionnaire.id)
    return _question_page(questionnaire, question.cluster, question, form)


@secretariat_only
def delete_question(questionnaire_id: int, question_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    question = question_or_404(questionnaire, question_id)
    if questionnaire.structure_frozen:
        return frozen(questionnaire)
    if not confirmed():
        return confirm_page(questionnaire, _("Delete question %(number)s?", number=question.number or question.key),
                            [question_line(question)], dependents(questionnaire, [question]))
    try:
        questions.delete_question(get_session(), question, g.user)
    except structure.StructureError as error:
        return refused(error, questionnaire.id)
    return done(_("The question was deleted."), questionnaire.id)


@secretariat_only
def move_question(questionnaire_id: int, question_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    question = question_or_404(questionnaire, question_id)
    form = F.MoveForm()
    if not form.validate_on_submit():
        abort(400)
    target = cluster_or_404(questionnaire, int(form.cluster.data)) if (form.cluster.data or "").isdigit() else None
    try:
        questions.move_question(get_session(), question, g.user, form.position.data, cluster=target)
    except structure.StructureError as error:
        return refused(error, questionnaire.id)
    return done(_("The question was moved."), questionnaire.id)
