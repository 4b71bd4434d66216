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


@secretariat_only
def add_cluster(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if questionnaire.structure_frozen:
        return frozen(questionnaire)
    form = F.ClusterForm()
    if form.validate_on_submit():
        try:
            structure.add_cluster(get_session(), questionnaire, g.user, form.code.data, form.title.data,
                                  form.description.data or "")
            return done(_("The cluster was added."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.code.errors = [error.message, *error.problems]
    return _cluster_page(questionnaire, form)


@secretariat_only
def edit_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    form = F.ClusterForm(obj=cluster)
    if form.validate_on_submit():
        try:
            structure.edit_cluster(get_session(), cluster, g.user, form.code.data, form.title.data,
                                   form.description.data or "")
            return done(_("The cluster was saved."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.code.errors = [error.message, *error.problems]
    return _cluster_page(questionnaire, form, cluster)


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
