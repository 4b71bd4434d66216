"""The reviewers' pages over the replies: the submitted replies of a version, one reply to read and
print, one question compared across States, and observations (write, close). Reviewers and the
secretariat only; the State's own reply to a question lives in questionnaire.observations."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from questionnaire.locale import reader_language
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import REGIONAL_GROUPS, ObservationRefused, Role
from questionnaire.observations.service import (
    add_observation,
    close_observation,
    get_observation_or_404,
    observations_by_answer,
)
from questionnaire.replies.status_labels import regional_group_label
from questionnaire.replies.written import written_language
from questionnaire.texts import localized
from exports.comparison import compare
from exports.observation_forms import ObservationForm
from exports.reading import (
    answer_text,
    checked_region,
    default_version,
    load_questionnaire_or_404,
    load_submitted_reply_or_404,
    submitted_replies,
    takes_answer,
    versions_with_counts,
)

bp = Blueprint("replies", __name__, template_folder="templates")

REVIEWERS = (Role.SECRETARIAT, Role.REVIEWER)


def _page_language() -> str:
    """The reader's interface language: these pages read the questionnaire in it where it is offered."""
    return reader_language()


@bp.get("/replies/")
@roles_required(*REVIEWERS)
def index():
    db = get_session()
    versions = versions_with_counts(db, g.user, _page_language())
    chosen = request.args.get("questionnaire", type=int)
    questionnaire = next((q for q, _count in versions if q.id == chosen), None) or default_version(versions)
    region = checked_region(request.args.get("region"))
    replies = submitted_replies(db, g.user, questionnaire, region) if questionnaire else []
    first_question = next((q for q in questionnaire.questions_in_order() if takes_answer(q)), None) if questionnaire else None
    return render_template("replies/index.html", versions=versions, questionnaire=questionnaire, region=region,
                           regions=REGIONAL_GROUPS, group_label=regional_group_label, replies=replies,
                           first_question=first_question)


@bp.get("/replies/<int:questionnaire_id>/<iso3>")
@roles_required(*REVIEWERS)
def read(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_submitted_reply_or_404(db, g.user, questionnaire_id, iso3)
    page_language = _page_language()
    reply.questionnaire = localized(db, reply.questionnaire, page_language)
    observations = observations_by_answer(db, g.user, [answer.id for answer in reply.answers.values()])

    def answer_language(question, answer) -> str | None:
        return written_language(question, answer.language or reply.response.language, page_language)

    return render_template("replies/read.html", reply=reply, visible=reply.visible(), answer_text=answer_text,
                           takes_answer=takes_answer, answer_language=answer_language,
                           reply_language=reply.response.language, observations=observations,
                           form=ObservationForm(), close_form=EmptyForm())


@bp.get("/replies/<int:questionnaire_id>/questions/<int:question_id>")
@roles_required(*REVIEWERS)
def compare_question(questionnaire_id: int, question_id: int):
    db = get_session()
    page_language = _page_language()
    questionnaire = localized(db, load_questionnaire_or_404(db, questionnaire_id), page_language)
    questions = [q for q in questionnaire.questions_in_order() if takes_answer(q)]
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        abort(404)
    region = checked_region(request.args.get("region"))
    comparison = compare(db, g.user, questionnaire, question, region, request.args.get("answer") or None)
    observations = observations_by_answer(db, g.user, [a.answer_id for a in comparison.answers])
    in_cluster = [q for q in questions if q.cluster_id == question.cluster_id]
    at = in_cluster.index(question)
    return render_template(
        "replies/compare.html", questionnaire=questionnaire, comparison=comparison, region=region,
        regions=REGIONAL_GROUPS, group_label=regional_group_label, answer=request.args.get("answer", ""),
        observations=observations,
        previous=in_cluster[at - 1] if at else None, following=in_cluster[at + 1] if at + 1 < len(in_cluster) else None,
        questions=questions, form=ObservationForm(), close_form=EmptyForm(),
        answer_language=lambda a: written_language(question, a.language, page_language),
    )


@bp.post("/replies/<int:questionnaire_id>/<iso3>/observations")
@roles_required(*REVIEWERS)
def observe(questionnaire_id: int, iso3: str):
    db = get_session()
    reply = load_submitted_reply_or_404(db, g.user, questionnaire_id, iso3)
    form = ObservationForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(" ".join(str(error) for errors in form.errors.values() for error in errors), "error")
        return redirect(_back(form, reply))
    answer = next((a for a in reply.answers.values() if a.id == form.answer_id.data), None)
    if answer is None:  # an answer of another State or another questionnaire
        abort(404)
    try:
        add_observation(db, g.user, answer, form.kind.data, form.text.data)
    except ObservationRefused as refusal:
        db.rollback()
        flash(str(refusal), "error")
        return redirect(_back(form, reply))
    db.commit()
    flash(_("The observation is saved."), "success")
    return redirect(_back(form, reply))


@bp.post("/replies/observations/<int:observation_id>/close")
@roles_required(*REVIEWERS)
def close(observation_id: int):
    db = get_session()
    observation = get_observation_or_404(db, g.user, observation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        close_observation(db, g.user, observation)
    except ObservationRefused as refusal:
        db.rollback()
        flash(str(refusal), "error")
    else:
        db.commit()
        flash(_("The observation is closed."), "success")
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for(".index"))


def _back(form: ObservationForm, reply) -> str:
    target = form.next.data or ""
    if target.startswith("/") and not target.startswith("//"):
        return target
    return url_for(".read", questionnaire_id=reply.questionnaire.id, iso3=reply.state.iso3)
