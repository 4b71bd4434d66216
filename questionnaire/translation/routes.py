"""Every URL of the translation pages: a questionnaire's languages, one language's texts side by side,
the translators' files, and the decision to open with a language incomplete (secretariat only)."""
from __future__ import annotations

import base64
import binascii
import io
import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.locale import LANGUAGE_NAMES, format_number, ngettext, writing_direction
from questionnaire.models import Role
from questionnaire.translation import forms as F
from questionnaire.translation import service
from questionnaire.translation.batch import fingerprint, posted_batch
from questionnaire.translation.roundtrip import (
    ChangedSincePreview,
    apply_import,
    export_file,
    last_saves,
    plan_import,
    shown_bases,
)
from questionnaire.translation.workbook import HEADINGS, STILL_RIGHT, STILL_RIGHT_YES

bp = Blueprint("translation", __name__, url_prefix="/builder/<int:questionnaire_id>/translations",
               template_folder="templates", cli_group=None)
secretariat_only = roles_required(Role.SECRETARIAT)


def _translated_language_or_404(questionnaire, language: str) -> str:
    if language not in questionnaire.translated_languages:
        abort(404)
    return language


def _done(message: str, endpoint: str = "translation.overview", **values):
    get_session().commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def _refused(message: str, endpoint: str = "translation.overview", **values):
    get_session().rollback()
    flash(message, "error")
    return redirect(url_for(endpoint, **values))


def _overview_page(questionnaire, decision_form=None):
    add_form = F.AddLanguageForm(formdata=None)
    add_form.language.choices = [SelectChoice(code, f"{LANGUAGE_NAMES.get(code, code)} ({code})")
                                 for code in service.addable_languages(questionnaire)]
    progress = service.overview(get_session(), questionnaire)
    return render_template("translation/overview.html", q=questionnaire, progress=progress, add_form=add_form,
                           decision_form=decision_form or F.OpenDecisionForm(formdata=None), action=EmptyForm(),
                           incomplete=[p for p in progress if not p.complete],
                           status_labels=F.STATUS_LABELS), 400 if decision_form else 200


@bp.get("/")
@secretariat_only
def overview(questionnaire_id: int):
    return _overview_page(get_questionnaire_or_404(get_session(), questionnaire_id))


@bp.post("/add")
@secretariat_only
def add_language(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    form = F.AddLanguageForm()
    form.language.choices = service.addable_languages(questionnaire)
    if not form.validate_on_submit():
        return _refused(_("Choose one of the languages offered."), questionnaire_id=questionnaire_id)
    try:
        service.add_language(get_session(), questionnaire, g.user, form.language.data)
    except service.TranslationError as error:
        return _refused(error.message, questionnaire_id=questionnaire_id)
    return _done(_("The language was added."), questionnaire_id=questionnaire_id)


@bp.post("/<language>/remove")
@secretariat_only
def remove_language(questionnaire_id: int, language: str):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.remove_language(get_session(), questionnaire, g.user, language)
    except service.TranslationError as error:
        return _refused(error.message, questionnaire_id=questionnaire_id)
    return _done(_("The language was removed; its translations are kept should it be added again."),
                 questionnaire_id=questionnaire_id)


@bp.post("/open-decision")
@secretariat_only
def record_open_decision(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    form = F.OpenDecisionForm()
    if not form.validate_on_submit():
        return _overview_page(questionnaire, decision_form=form)
    try:
        service.record_open_decision(get_session(), questionnaire, g.user, form.reason.data)
    except service.TranslationError as error:
        get_session().rollback()
        form.reason.errors = [error.message]
        return _overview_page(questionnaire, decision_form=form)
    return _done(_("The decision was recorded: the questionnaire can be opened with the source text standing in."),
                 questionnaire_id=questionnaire_id)


@bp.post("/open-decision/withdraw")
@secretariat_only
def withdraw_open_decision(questionnaire_id: int):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.withdraw_open_decision(get_session(), questionnaire, g.user)
    except service.TranslationError as error:
        return _refused(error.message, questionnaire_id=questionnaire_id)
    return _done(_("The decision was withdrawn."), questionnaire_id=questionnaire_id)


def _language_page(questionnaire, language: str, batch=None, errors=None, upload_form=None, plan=None,
                   apply_form=None, changed_since_preview=None, saved: bool = False, status: int = 200):
    """The page of one language; ``batch`` (a :class:`service.BatchResult`) shows a save's typed texts again,
    each with the base it was checked against, and its conflicts (shown whatever the filter), and — when
    ``saved`` — what it stored; ``plan`` previews a file, marking the texts in ``changed_since_preview``
    (saved since an earlier preview of it: key → :class:`~questionnaire.translation.roundtrip.LastSave`)."""
    show = request.args.get("show", "all")
    batch = batch or service.BatchResult()
    page = service.language_page(get_session(), questionnaire, language, show if show in service.FILTERS else "all",
                                 keep=[*batch.typed, *batch.conflicts, *(errors or {})])
    status_form = F.StatusForm(formdata=None, status=questionnaire.language_status(language))
    return render_template("translation/language.html", q=questionnaire, page=page, show=show,
                           typed=batch.typed, row_bases=batch.bases, conflicts=batch.conflicts,
                           fingerprint=fingerprint, errors=errors or {}, batch=F.BatchForm(formdata=None),
                           status_form=status_form, upload_form=upload_form or F.UploadForm(formdata=None),
                           plan=plan, apply_form=apply_form, changed_since_preview=changed_since_preview or {},
                           saved_batch=batch if saved else None, change_kinds=F.CHANGE_KIND_LABELS,
                           still_right_column=HEADINGS[STILL_RIGHT], still_right_yes=STILL_RIGHT_YES,
                           direction=writing_direction,
                           language_name=LANGUAGE_NAMES.get(language, language)), status


@bp.get("/<language>")
@secretariat_only
def language(questionnaire_id: int, language: str):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    return _language_page(questionnaire, _translated_language_or_404(questionnaire, language))


@bp.post("/<language>")
@secretariat_only
def save(questionnaire_id: int, language: str):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    _translated_language_or_404(questionnaire, language)
    if not F.BatchForm().validate_on_submit():
        abort(400)
    posted = posted_batch(request.form)
    try:
        result = service.save_batch(get_session(), questionnaire, language, g.user, posted.texts,
                                    posted.still_right, posted.bases, source_bases=posted.source_bases,
                                    shown_sources=posted.shown_sources)
    except service.BatchRefused as error:
        get_session().rollback()
        flash(error.message, "error")
        return _language_page(questionnaire, language, batch=error.result, errors=error.errors,
                              status=409 if error.result.conflicts else 400)
    saved = ngettext("%(num)s translation saved, %(confirmed)s confirmed.",
                     "%(num)s translations saved, %(confirmed)s confirmed.", result.saved, confirmed=format_number(result.confirmed))
    if result.conflicts:  # the other texts are saved; the conflicting ones come back with both versions
        get_session().commit()
        flash(saved, "success")
        return _language_page(questionnaire, language, batch=result, saved=True, status=409)
    return _done(saved, "translation.language", questionnaire_id=questionnaire_id, language=language,
                 show=request.args.get("show", "all"))


@bp.post("/<language>/status")
@secretariat_only
def set_status(questionnaire_id: int, language: str):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    _translated_language_or_404(questionnaire, language)
    form = F.StatusForm()
    if not form.validate_on_submit():
        return _refused(_("Choose one of the statuses offered."), "translation.language",
                        questionnaire_id=questionnaire_id, language=language)
    service.change_status(get_session(), questionnaire, language, g.user, form.status.data)
    return _done(_("The status of the language was saved."), "translation.language",
                 questionnaire_id=questionnaire_id, language=language)


@bp.get("/<language>/file.<any(xlf, xlsx):fmt>")
@secretariat_only
def download(questionnaire_id: int, language: str, fmt: str):
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    name, data = export_file(get_session(), questionnaire, _translated_language_or_404(questionnaire, language), fmt)
    mimetype = ("application/x-xliff+xml" if fmt == "xlf"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


def _plan_for_page(questionnaire, language: str, data: bytes, lock: bool = False):
    plan = plan_import(get_session(), data, lock=lock)
    if plan.valid and (plan.questionnaire.id != questionnaire.id or plan.language != language):
        plan.problems.append(_("The file holds the %(language)s texts of %(slug)s version %(version)s, not those "
                               "of this page.", language=plan.language, slug=plan.questionnaire.slug,
                               version=plan.questionnaire.version))
    return plan


def _apply_form(plan, data: bytes, filename: str):
    """The form that applies a previewed file: the file itself and what the preview showed as "Now"; none
    when the file has problems or changes nothing."""
    if not (plan.valid and plan.changes):
        return None
    return F.ApplyForm(formdata=None, content=base64.b64encode(data).decode("ascii"), filename=filename,
                       shown=json.dumps(shown_bases(plan), separators=(",", ":")))


def _posted_preview(form) -> tuple[bytes, dict[str, str]]:
    """The file and what its preview showed, from a posted apply form; 400 when they did not come back
    intact."""
    try:
        data = base64.b64decode(form.content.data, validate=True)
        shown = json.loads(form.shown.data)
    except (binascii.Error, ValueError):
        abort(400)
    if not isinstance(shown, dict) or not all(isinstance(value, str) for value in shown.values()):
        abort(400)
    return data, shown


@bp.post("/<language>/import")
@secretariat_only
def check_import(questionnaire_id: int, language: str):
    """The dry run: what the uploaded file would change, or every problem; nothing is written."""
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    _translated_language_or_404(questionnaire, language)
    form = F.UploadForm()
    if not form.validate_on_submit():
        return _language_page(questionnaire, language, upload_form=form, status=400)
    data = form.file.data.read()
    plan = _plan_for_page(questionnaire, language, data)
    return _language_page(questionnaire, language, upload_form=form, plan=plan,
                          apply_form=_apply_form(plan, data, form.file.data.filename or ""),
                          status=200 if plan.valid else 400)


@bp.post("/<language>/import/apply")
@secretariat_only
def apply(questionnaire_id: int, language: str):
    """Apply what the preview of a file listed, planned again under the texts' lock. When a listed text was
    saved since the preview, nothing is written and the file is previewed again against today's texts."""
    questionnaire = get_questionnaire_or_404(get_session(), questionnaire_id)
    _translated_language_or_404(questionnaire, language)
    form = F.ApplyForm()
    if not form.validate_on_submit():
        abort(400)
    data, shown = _posted_preview(form)
    plan = _plan_for_page(questionnaire, language, data, lock=True)
    if not plan.valid:  # the source texts changed since the preview: show why, write nothing
        return _language_page(questionnaire, language, plan=plan, status=400)
    try:
        count = apply_import(get_session(), plan, g.user, form.filename.data or "", shown)
    except ChangedSincePreview as changed:
        get_session().rollback()
        flash(_("Nothing was imported: some of the translations this file changes were saved after your preview. "
                "The preview below shows them as they are now; check the marked ones, then apply again."), "error")
        saved_since = last_saves(get_session(), questionnaire, language, changed.keys)
        return _language_page(questionnaire, language, plan=plan, changed_since_preview=saved_since,
                              apply_form=_apply_form(plan, data, form.filename.data or ""), status=409)
    return _done(ngettext("%(num)s translation was imported.", "%(num)s translations were imported.", count),
                 "translation.language", questionnaire_id=questionnaire_id, language=language)
