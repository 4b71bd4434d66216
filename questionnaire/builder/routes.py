"""Every URL of the builder: the secretariat drafts questionnaires and moves them through their life."""
from __future__ import annotations

import io
from datetime import datetime, time

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from questionnaire import lifecycle
from questionnaire.builder import questions
from questionnaire.builder import structure
from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.builder import forms as F
from questionnaire.builder.loading import (
    cluster_or_404,
    dependents,
    import_upload,
    list_questionnaires,
    question_or_404,
    quality_report,
)
from questionnaire.db import get_session
from questionnaire.replies.status_labels import status_label
from questionnaire.definitions import xlsx
from questionnaire.definitions.checks import definition_problems
from questionnaire.definitions.document import dump_json, export_definition, export_document
from questionnaire.definitions.problems import DefinitionInvalid
from questionnaire.instruments import SOM_PROTOCOL, get_instrument
from questionnaire.models import Body, Meeting, Role
from wtforms.fields.choices import SelectChoice
from questionnaire.consultation.meetings import list_meetings, meeting_label, questionnaire_path
from questionnaire.builder.question_fields import FieldInvalid
from questionnaire.builder import versions
from questionnaire.builder.importing import DraftExists
from questionnaire.builder.versions import new_version, working_draft
from questionnaire.builder.wording import follow_up_rule, kind_label

bp = Blueprint("builder", __name__, url_prefix="/builder", template_folder="templates", cli_group=None)
secretariat_only = roles_required(Role.SECRETARIAT)


def _done(message: str, questionnaire_id: int):
    get_session().commit()
    flash(message, "success")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))


def _refused(error: structure.StructureError | lifecycle.TransitionRefused, questionnaire_id: int):
    get_session().rollback()
    for message in [error.message, *error.problems]:
        flash(message, "error")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))


@bp.get("/")
@secretariat_only
def index():
    return render_template("builder/index.html", rows=list_questionnaires(get_session()))


@bp.route("/new", methods=["GET", "POST"])
@secretariat_only
def new():
    form = F.NewQuestionnaireForm()
    if form.validate_on_submit():
        try:
            questionnaire = structure.create_blank(get_session(), g.user, form.slug.data, form.title.data)
            return _done(_("The questionnaire was created: add its first cluster."), questionnaire.id)
        except structure.StructureError as error:
            form.slug.errors = [error.message]
    return render_template("builder/new.html", form=form), 400 if form.errors else 200


@bp.route("/upload", methods=["GET", "POST"])
@secretariat_only
def upload():
    form, problems, existing = F.UploadForm(), [], None
    if form.validate_on_submit():
        try:
            upload = form.file.data
            imported = import_upload(get_session(), upload.filename or "", upload.read(), g.user,
                                     form.draft_to_replace())
            return _done(_("The draft's content was replaced by the file.") if imported.replaced
                         else _("The definition was imported as a new draft."), imported.questionnaire.id)
        except DefinitionInvalid as error:
            get_session().rollback()
            problems = [str(problem) for problem in error.problems]
        except DraftExists as error:
            get_session().rollback()
            existing = error
    replace_form = F.UploadForm(formdata=None, draft=str(existing.draft.id)) if existing else None
    status = 409 if existing else 400 if (problems or form.errors) else 200
    return render_template("builder/upload.html", form=form, problems=problems, existing=existing,
                           replace_form=replace_form), status


def _show_page(questionnaire, step_form=None):
    """The questionnaire page; ``step_form`` is a refused life-cycle form, shown with its errors."""
    db = get_session()
    document = export_document(questionnaire)
    forms = {"endorse": F.EndorseForm(formdata=None), "adopt": F.AdoptForm(formdata=None),
             "open_form": F.OpenForm(formdata=None)}
    for name in forms:
        if step_form is not None and isinstance(step_form, type(forms[name])):
            forms[name] = step_form
    for name, body in (("endorse", Body.WORKING_GROUP), ("adopt", Body.CONFERENCE)):
        forms[name].meeting.choices = [SelectChoice(m.id, meeting_label(m)) for m in list_meetings(db, body)]
    return render_template(
        "builder/show.html", q=questionnaire, problems=definition_problems(questionnaire),
        quality=quality_report(document), action=EmptyForm(), move=F.MoveForm(), step_form=step_form,
        by_key={question.key: question for question in questionnaire.questions_in_order()},
        kind_label=kind_label, follow_up_rule=follow_up_rule,
        path=questionnaire_path(db, questionnaire), undisposed=lifecycle.undisposed_proposals(db, questionnaire),
        frozen_reason=lifecycle.structure_frozen_reason(questionnaire),
        **forms,
    ), 400 if step_form is not None else 200


@bp.get("/<int:questionnaire_id>")
@secretariat_only
def show(questionnaire_id: int):
    return _show_page(get_questionnaire_or_404(get_session(), questionnaire_id))


@bp.route("/<int:questionnaire_id>/edit", methods=["GET", "POST"])
@secretariat_only
def edit(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    form = F.MetadataForm(obj=questionnaire)
    if form.validate_on_submit():
        try:
            structure.edit_metadata(get_session(), questionnaire, g.user, form.slug.data, form.title.data)
            return _done(_("The questionnaire was saved."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.slug.errors = [error.message]
    return render_template("builder/metadata.html", q=questionnaire, form=form), 400 if form.errors else 200


def _day(value, end: bool = False) -> datetime:
    return datetime.combine(value, time(23, 59, 59) if end else time(12, 0))


def _meeting(db, form) -> Meeting:
    meeting = db.get(Meeting, form.meeting.data) if form.meeting.data else None
    if meeting is None:
        raise lifecycle.TransitionRefused(_("Choose the session (record it first on the drafting round page)."))
    return meeting


STEPS = {
    "endorse": (F.EndorseForm, lambda db, q, f: lifecycle.endorse(db, q, g.user, _meeting(db, f), at=f.date.data)),
    "adopt": (F.AdoptForm, lambda db, q, f: lifecycle.adopt(db, q, g.user, at=f.date.data, meeting=_meeting(db, f),
                                                             resolution=f.resolution.data)),
    "open": (F.OpenForm, lambda db, q, f: lifecycle.open_for_answers(db, q, g.user, _day(f.deadline.data, end=True))),
    "close": (EmptyForm, lambda db, q, f: lifecycle.close(db, q, g.user)),
}


@bp.post("/<int:questionnaire_id>/<any(endorse, adopt, open, close):step>")
@secretariat_only
def step(questionnaire_id: int, step: str):
    db = get_session()
    questionnaire = get_questionnaire_or_404(db, questionnaire_id)
    form_class, run = STEPS[step]
    form = form_class()
    if not form.validate_on_submit():
        if not form.errors.keys() - {"csrf_token"} and form.errors:
            abort(400)
        return _show_page(questionnaire, step_form=form)  # each error beside its field and in the summary
    try:
        run(db, questionnaire, form)
    except lifecycle.TransitionRefused as error:
        return _refused(error, questionnaire.id)
    return _done(_("The questionnaire is now %(status)s.", status=status_label(questionnaire.status).lower()), questionnaire.id)


@bp.post("/<int:questionnaire_id>/new-version")
@secretariat_only
def start_new_version(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    draft = working_draft(get_session(), questionnaire.slug)
    if draft is not None:  # one working draft per questionnaire: go on with it
        flash(_("Version %(version)s is already the working draft of this questionnaire: continue there.",
                version=draft.version), "warning")
        return redirect(url_for("builder.show", questionnaire_id=draft.id))
    copy = new_version(get_session(), questionnaire, g.user)
    return _done(_("Version %(version)s was created as a draft.", version=copy.version), copy.id)


@bp.route("/<int:questionnaire_id>/delete", methods=["GET", "POST"])
@secretariat_only
def delete_draft(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if request.method == "GET" or not _confirmed():
        goes = [_("%(code)s. %(title)s", code=cluster.code, title=cluster.title) for cluster in questionnaire.clusters]
        return _confirm_page(questionnaire, _("Delete the draft %(title)s, version %(version)s?", title=questionnaire.title,
                                              version=questionnaire.version), goes, [], request.path)
    try:
        versions.delete_draft(get_session(), questionnaire, g.user)
    except versions.DraftNotDeletable as error:
        get_session().rollback()
        flash(str(error), "error")
        return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))
    get_session().commit()
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("builder.index"))


@bp.get("/<int:questionnaire_id>/definition.<any(json, xlsx):fmt>")
@secretariat_only
def download(questionnaire_id: int, fmt: str):
    db = get_session()
    document = export_definition(db, get_questionnaire_or_404(db, questionnaire_id))
    name = f"{document['slug']}-v{document['version']}.{fmt}"
    if fmt == "json":
        data, mimetype = dump_json(document).encode("utf-8"), "application/json"
    else:
        data = xlsx.write_workbook(document)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


# --- clusters ------------------------------------------------------------------------------------


def _frozen(questionnaire):
    """An address that would change the structure of an endorsed (or later) questionnaire, typed or kept:
    the page says since when and what is still possible."""
    flash(lifecycle.structure_frozen_reason(questionnaire), "error")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire.id))


@bp.route("/<int:questionnaire_id>/clusters/new", methods=["GET", "POST"])
@secretariat_only
def add_cluster(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if questionnaire.structure_frozen:
        return _frozen(questionnaire)
    form = F.ClusterForm()
    if form.validate_on_submit():
        try:
            structure.add_cluster(get_session(), questionnaire, g.user, form.code.data, form.title.data,
                                  form.description.data or "")
            return _done(_("The cluster was added."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.code.errors = [error.message, *error.problems]
    return render_template("builder/cluster.html", q=questionnaire, form=form, cluster=None), 400 if form.errors else 200


@bp.route("/<int:questionnaire_id>/clusters/<int:cluster_id>", methods=["GET", "POST"])
@secretariat_only
def edit_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    form = F.ClusterForm(obj=cluster)
    if form.validate_on_submit():
        try:
            structure.edit_cluster(get_session(), cluster, g.user, form.code.data, form.title.data,
                                   form.description.data or "")
            return _done(_("The cluster was saved."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.code.errors = [error.message, *error.problems]
    return render_template("builder/cluster.html", q=questionnaire, form=form, cluster=cluster), 400 if form.errors else 200


def _confirm_page(questionnaire, title: str, goes: list[str], blockers: list, url: str):
    """A deletion asks first: what goes with it, and what stops it (follow-ups elsewhere pointing to it)."""
    return render_template("builder/confirm_delete.html", q=questionnaire, title=title, goes=goes,
                           blockers=blockers, url=url, action=EmptyForm())


def _confirmed() -> bool:
    """A POST sent from the confirmation page (with its CSRF token); anything else is refused."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    return request.form.get("confirmed") == "yes"


@bp.route("/<int:questionnaire_id>/clusters/<int:cluster_id>/delete", methods=["GET", "POST"])
@secretariat_only
def delete_cluster(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    cluster = cluster_or_404(questionnaire, cluster_id)
    if questionnaire.structure_frozen:
        return _frozen(questionnaire)
    if request.method == "GET" or not _confirmed():
        goes = [f"{question.number} {question.text}".strip() for question in cluster.questions]
        return _confirm_page(questionnaire, _("Delete cluster %(code)s. %(title)s?", code=cluster.code, title=cluster.title),
                             goes, dependents(questionnaire, cluster.questions), request.path)
    try:
        structure.delete_cluster(get_session(), cluster, g.user)
    except structure.StructureError as error:
        return _refused(error, questionnaire.id)
    return _done(_("The cluster was deleted."), questionnaire.id)


@bp.post("/<int:questionnaire_id>/clusters/<int:cluster_id>/move")
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
        return _refused(error, questionnaire.id)
    return _done(_("The cluster was moved."), questionnaire.id)


# --- questions ------------------------------------------------------------------------------------


def _question_page(questionnaire, cluster, question, form):
    return render_template("builder/question.html", q=questionnaire, cluster=cluster, question=question,
                           form=form, option_groups=F.option_groups(),
                           kinds_without_options=F.kinds_without_options()), 400 if form.errors else 200


def _save_question(form, questionnaire, save) -> bool:
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


@bp.route("/<int:questionnaire_id>/clusters/<int:cluster_id>/questions/new", methods=["GET", "POST"])
@secretariat_only
def add_question(questionnaire_id: int, cluster_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if questionnaire.structure_frozen:
        return _frozen(questionnaire)
    cluster = cluster_or_404(questionnaire, cluster_id)
    form = F.QuestionForm()
    F.prepare_question_form(form, SOM_PROTOCOL, questions.possible_parents(questionnaire))
    if form.validate_on_submit() and _save_question(
        form, questionnaire, lambda fields: questions.add_question(get_session(), cluster, g.user, fields)
    ):
        return _done(_("The question was added."), questionnaire.id)
    return _question_page(questionnaire, cluster, None, form)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>", methods=["GET", "POST"])
@secretariat_only
def edit_question(questionnaire_id: int, question_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    question = question_or_404(questionnaire, question_id)
    form = F.QuestionForm()
    F.prepare_question_form(form, SOM_PROTOCOL, questions.possible_parents(questionnaire, question))
    if request.method == "GET":
        F.fill_question_form(form, question)
    elif form.validate_on_submit() and _save_question(
        form, questionnaire, lambda fields: questions.edit_question(get_session(), question, g.user, fields)
    ):
        return _done(_("The question was saved."), questionnaire.id)
    return _question_page(questionnaire, question.cluster, question, form)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
@secretariat_only
def delete_question(questionnaire_id: int, question_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    question = question_or_404(questionnaire, question_id)
    if questionnaire.structure_frozen:
        return _frozen(questionnaire)
    if request.method == "GET" or not _confirmed():
        return _confirm_page(questionnaire, _("Delete question %(number)s?", number=question.number or question.key),
                             [f"{question.number} {question.text}".strip()], dependents(questionnaire, [question]),
                             request.path)
    try:
        questions.delete_question(get_session(), question, g.user)
    except structure.StructureError as error:
        return _refused(error, questionnaire.id)
    return _done(_("The question was deleted."), questionnaire.id)


@bp.post("/<int:questionnaire_id>/questions/<int:question_id>/move")
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
        return _refused(error, questionnaire.id)
    return _done(_("The question was moved."), questionnaire.id)
