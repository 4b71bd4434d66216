"""A questionnaire's clusters: adding, editing, deleting (after asking) and moving one."""
from __future__ import annotations

from flask import abort, g, render_template
from flask_babel import gettext as _

from questionnaire.access import get_questionnaire_or_404
from questionnaire.builder import forms as F
from questionnaire.builder import structure
from questionnaire.builder.loading import cluster_or_404, dependents, question_line
from questionnaire.builder.views.shared import confirm_page, confirmed, done, frozen, refused, secretariat_only
from questionnaire.db import get_session


def _cluster_page(questionnaire, form, cluster=None):
    return render_template("builder/cluster.html", q=questionnaire, form=form, cluster=cluster), \
        400 if form.errors else 200


def _posted(form) -> tuple[str, str, str]:
    return form.code.data, form.title.data, form.description.data or ""


def _saved_or_page(questionnaire, form, message: str, save, cluster=None):
    """Save a posted cluster form (``save(form)``) and go back to the questionnaire; the page again, with what
    was typed and why it was refused (nothing written), for a form that does not validate or a refused change."""
    if form.validate_on_submit():
        try:
            save(form)
            return done(message, questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.code.errors = [error.message, *error.problems]
    return _cluster_page(questionnaire, form, cluster)


@secretariat_only
def add_cluster(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if questionnaire.structure_frozen:
        return frozen(questionnaire)
    return _saved_or_page(questionnaire, F.ClusterForm(), _("The cluster was added."),
                          lambda form: structure.add_cluster(get_session(), questionnaire, g.user, *_posted(form)))


@secretariat_only
def edit_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    return _saved_or_page(questionnaire, F.ClusterForm(obj=cluster), _("The cluster was saved."),
                          lambda form: structure.edit_cluster(get_session(), cluster, g.user, *_posted(form)),
                          cluster)


@secretariat_only
def delete_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    if questionnaire.structure_frozen:
        return frozen(questionnaire)
    if not confirmed():
        return confirm_page(questionnaire, _("Delete cluster %(code)s. %(title)s?", code=cluster.code, title=cluster.title),
                            [question_line(question) for question in cluster.questions],
                            dependents(questionnaire, cluster.questions))
    try:
        structure.delete_cluster(get_session(), cluster, g.user)
    except structure.StructureError as error:
        return refused(error, questionnaire.id)
    return done(_("The cluster was deleted."), questionnaire.id)


@secretariat_only
def move_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    form = F.MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        structure.move_cluster(get_session(), cluster, g.user, form.position.data)
    except structure.StructureError as error:
        return refused(error, questionnaire.id)
    return done(_("The cluster was moved."), questionnaire.id)
