"""The cluster pages a State answers on: a reply's first page, a cluster page (with a post kept over a
sign-in restored), its save and autosave, and the reply's language changed with the page's answers saved
first."""
from __future__ import annotations

from functools import partial
from typing import Callable, Mapping, TypeVar

from flask import abort, flash, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from forms.answers import AnswersRefused, SaveResult, save_reply_answers
from forms.form_factory import build_cluster_form, field_name
from forms.language import language_asked_in, save_answers_then_choose_language
from forms import kept_pages
from forms.pages import ClusterContent, cluster_content, draw_cluster_page
from forms.posting import posted_answers
from forms.replies import Reply, load_cluster_for_saving_or_404, load_reply_or_404, reply_version_or_404
from forms.stash import pending_form
from questionnaire.access import can_write_reply, can_write_state_id
from questionnaire.db import get_session
from questionnaire.locale import to_viewer_time
from questionnaire.models import utcnow
from questionnaire.structure import ClusterData

Saved = TypeVar("Saved")


def overview(questionnaire_id: int, iso3: str):
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3,
                            code=reply.questionnaire.clusters[0].code))


def cluster(questionnaire_id: int, iso3: str, code: str):
    db = get_session()
    restoring = request.args.get("restore")
    version = reply_version_or_404(db, g.user, questionnaire_id, iso3)
    writable = can_write_state_id(g.user, version.state_id)

    def rendered() -> ClusterContent:  # read after the version: what is kept is never older than its stamp
        reply = load_reply_or_404(db, g.user, questionnaire_id, iso3)
        section = reply.cluster_or_404(code)
        post = pending_form(db, restoring, request.path, g.user.id)  # kept over a sign-in
        form = build_cluster_form(section.questions, reply.values_by_id, formdata=post) if post is not None else None
        bases = posted_answers(post, section.questions, reply.values_by_id)[1] if post else None
        return cluster_content(reply, section, form, posted_bases=bases, writable=writable, restored=post is not None,
                               language_asked=language_asked_in(reply, post))

    return draw_cluster_page(kept_pages.cluster_content_through_kept(version, writable, rendered, keep=not restoring))


def _save(questionnaire_id: int, iso3: str, code: str, saving: Callable[..., Saved]
          ) -> tuple[Reply, ClusterData, dict, Saved]:
    """Load what the cluster's save needs (the reply locked first, its language settled), check the writer,
    save the posted answers with ``saving`` once (again once if another save of this reply got in first) and
    commit."""
    db = get_session()
    for attempt in (1, 2):
        reply, section = load_cluster_for_saving_or_404(db, g.user, questionnaire_id, iso3, code)
        if not can_write_reply(g.user, reply.state):
            abort(403)
        raw, bases = posted_answers(request.form, section.questions, reply.values_by_id)
        try:
            outcome = saving(db, reply, section, g.user, raw, bases)
            db.commit()
            return reply, section, bases, outcome
        except StaleDataError:
            db.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _posted_page_again(questionnaire_id: int, iso3: str, code: str, *, refusal: str | None = None,
                       result: SaveResult | None = None, posted_bases: Mapping[str, str] | None = None,
                       writable: bool = False, language_kept: bool = False) -> str:
    """The cluster page again, its form showing what was posted (the keywords say why: see
    ``forms.pages.cluster_content``)."""
    # the progress counts read the answers as they are now, with what was saved of the post in them; the page
    # and its form (choice labels) in the reply's language
    reply = load_reply_or_404(get_session(), g.user, questionnaire_id, iso3)
    section = reply.cluster_or_404(code)
    form = build_cluster_form(section.questions, reply.values_by_id, formdata=request.form)
    return draw_cluster_page(cluster_content(reply, section, form, refusal=refusal, result=result,
                                             posted_bases=posted_bases, writable=writable,
                                             language_kept=language_kept))


def save(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, bases, result = _save(questionnaire_id, iso3, code, save_reply_answers)
    except AnswersRefused as refusal:
        get_session().rollback()
        return _posted_page_again(questionnaire_id, iso3, code, refusal=str(refusal)), 409
    if result.clean:
        flash(_("Your answers are saved."), "success")
        return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3, code=code,
                                _anchor=_more_rows_anchor(request.form.get("action", ""), section)))
    page = _posted_page_again(questionnaire_id, iso3, code, result=result, posted_bases=bases, writable=True)
    return page, 409 if result.conflicts else 422


def save_and_choose_language(questionnaire_id: int, iso3: str, code: str):
    """The reply's language changed from a cluster page, posted with the page's answers (so nothing typed is
    lost without JavaScript): the answers are saved as Save saves them, the language changes only when all
    of them were, and the same cluster page comes back in it."""
    saving = partial(save_answers_then_choose_language, language=request.form.get("language", ""))
    try:
        reply, _section, bases, outcome = _save(questionnaire_id, iso3, code, saving)
    except AnswersRefused as refusal:
        get_session().rollback()
        return _posted_page_again(questionnaire_id, iso3, code, refusal=str(refusal)), 409
    if not outcome.saved.clean:  # the page says the language stayed, beside what is to correct or settle
        page = _posted_page_again(questionnaire_id, iso3, code, result=outcome.saved, posted_bases=bases,
                                  writable=True, language_kept=True)
        return page, 409 if outcome.saved.conflicts else 422
    if outcome.saved.saved:
        flash(_("Your answers are saved."), "success")
    if outcome.changed:
        flash(_("The questionnaire is now shown in the language of your reply."), "success")
    elif outcome.refusal is not None:
        flash(outcome.refusal, "error")
    return redirect(url_for(".cluster", questionnaire_id=questionnaire_id, iso3=reply.state.iso3, code=code))


def _more_rows_anchor(action: str, section: ClusterData) -> str | None:
    """After "Save and add more link rows", the page opens again at that question (its new rows)."""
    _sep, _colon, question_id = action.partition("more-links:")
    wanted = [question for question in section.questions if str(question.id) == question_id]
    return f"question-{wanted[0].id}" if wanted else None


def autosave(questionnaire_id: int, iso3: str, code: str):
    try:
        reply, section, _bases, result = _save(questionnaire_id, iso3, code, save_reply_answers)
    except AnswersRefused as refusal:
        get_session().rollback()
        return jsonify(error=str(refusal)), 409
    names = {question.key: field_name(question) for question in section.questions}
    saved_at = to_viewer_time(utcnow()).strftime("%H:%M")
    return jsonify(
        saved_at=saved_at,
        bases={names[key]: result.base(key) for key in result.saved},
        errors={names[key]: message for key, message in result.errors.items()},
        conflicts=[names[key] for key in result.conflicts],
    )
