"""The questionnaires: the list, a blank one, an imported definition (and replacing a draft's content by
it), a questionnaire's page, its short name and title, and its definition file."""
from __future__ import annotations

import io
from datetime import timedelta

from flask import abort, current_app, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.builder import forms as F
from questionnaire.builder import structure
from questionnaire.builder.importing import DraftExists
from questionnaire.builder.kept_definitions import (
    AlreadyReplaced, ConfirmationRefused, ReplacementOffered, replace_with_kept,
)
from questionnaire.builder.loading import (
    definition_file, list_questionnaires, meetings_of, questionnaire_overview, upload_definition,
)
from questionnaire.builder.views.shared import done, secretariat_only
from questionnaire.builder.wording import follow_up_rule, kind_label
from questionnaire.consultation.meetings import meeting_label
from questionnaire.db import get_session
from questionnaire.definitions.problems import DefinitionInvalid
from questionnaire.locale import format_datetime_value
from questionnaire.models import Body, utcnow


@secretariat_only
def index():
    return render_template("builder/index.html", rows=list_questionnaires(get_session()))


@secretariat_only
def new():
    form = F.NewQuestionnaireForm()
    if form.validate_on_submit():
        try:
            questionnaire = structure.create_blank(get_session(), g.user, form.slug.data, form.title.data)
            return done(_("The questionnaire was created: add its first cluster."), questionnaire.id)
        except structure.StructureError as error:
            form.slug.errors = [error.message]
    return render_template("builder/new.html", form=form), 400 if form.errors else 200


def _upload_page(status: int, form=None, **shown):
    """The upload page, with the ``problems`` of the file, the draft that blocked it (``existing``), the
    replacement ``offered`` with the file kept, or the ``refusal`` of a confirmation."""
    offered = shown.get("offered")
    replace_form = F.ReplaceDraftForm(formdata=None, token=offered.token) if offered else None
    return render_template("builder/upload.html", form=form or F.UploadForm(formdata=None),
                           replace_form=replace_form, problems=shown.pop("problems", []), **shown), status


@secretariat_only
def upload():
    form = F.UploadForm()
    if not form.validate_on_submit():
        return _upload_page(400 if form.errors else 200, form)
    db = get_session()
    filename, data = form.read_file()
    keep_for = timedelta(minutes=current_app.config["KEPT_DEFINITION_MINUTES"])
    try:
        outcome = upload_definition(db, filename, data, g.user, now=utcnow(), keep_for=keep_for)
    except DefinitionInvalid as error:
        db.rollback()
        return _upload_page(400, form, problems=[str(problem) for problem in error.problems])
    except DraftExists as error:  # its content may not be replaced: nothing is kept
        db.rollback()
        return _upload_page(409, form, existing=error)
    if isinstance(outcome, ReplacementOffered):
        db.commit()  # the kept file only: nothing is written to the questionnaire before the confirmation
        return _upload_page(409, form, offered=outcome)
    return done(_("The definition was imported as a new draft."), outcome.questionnaire.id)


@secretariat_only
def replace_draft():
    form = F.ReplaceDraftForm()
    if not form.validate_on_submit():  # not sent from the page that offered it (CSRF), or no token
        abort(400)
    db = get_session()
    try:
        imported = replace_with_kept(db, form.token.data, g.user, now=utcnow())
    except ConfirmationRefused as error:
        db.rollback()
        return _upload_page(409 if error.draft else 400, refusal=error)
    except AlreadyReplaced as already:  # the same confirmation sent again (a double click): it was done
        db.rollback()
        flash(_("The draft's content was already replaced by the file “%(file)s” on %(when)s; this "
                "confirmation had been sent before, and nothing more was changed.",
                file=already.filename, when=format_datetime_value(already.used_at)), "info")
        return redirect(url_for("builder.show", questionnaire_id=already.draft.id))
    return done(_("The draft's content was replaced by the file."), imported.questionnaire.id)


def show_page(questionnaire, step_form=None):
    """The questionnaire's page; ``step_form`` is a refused life-cycle form, shown with its errors."""
    db = get_session()
    forms = {"endorse": F.EndorseForm(formdata=None), "adopt": F.AdoptForm(formdata=None),
             "open_form": F.OpenForm(formdata=None)}
    for name in forms:
        if step_form is not None and isinstance(step_form, type(forms[name])):
            forms[name] = step_form
    meetings = meetings_of(db)
    for name, body in (("endorse", Body.WORKING_GROUP), ("adopt", Body.CONFERENCE)):
        forms[name].meeting.choices = [SelectChoice(m.id, meeting_label(m)) for m in meetings[body]]
    return render_template(
        "builder/show.html", q=questionnaire, action=EmptyForm(), move=F.MoveForm(), step_form=step_form,
        kind_label=kind_label, follow_up_rule=follow_up_rule,
        **questionnaire_overview(db, questionnaire).as_context(), **forms,
    ), 400 if step_form is not None else 200


@secretariat_only
def show(questionnaire_id: int):
    return show_page(get_questionnaire_or_404(get_session(), questionnaire_id))


@secretariat_only
def edit(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    form = F.MetadataForm(obj=questionnaire)
    if form.validate_on_submit():
        try:
            structure.edit_metadata(get_session(), questionnaire, g.user, form.slug.data, form.title.data)
            return done(_("The questionnaire was saved."), questionnaire.id)
        except structure.StructureError as error:
            get_session().rollback()
            form.slug.errors = [error.message]
    return render_template("builder/metadata.html", q=questionnaire, form=form), 400 if form.errors else 200


@secretariat_only
def download(questionnaire_id: int, fmt: str):
    db = get_session()
    file = definition_file(db, get_questionnaire_or_404(db, questionnaire_id), fmt)
    return send_file(io.BytesIO(file.data), mimetype=file.mimetype, as_attachment=True, download_name=file.name)
