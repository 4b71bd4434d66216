"""Every URL of the drafting round: meetings, issued revisions, consultations, posts, dispositions, compare."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.consultation import (
    changes, compilation, consultations, dispositions, history, meetings, proposals, revisions,
)
from questionnaire.consultation import forms as F
from questionnaire.consultation.comparing import compare_revisions
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.db import get_session
from questionnaire.locale import known_language
from questionnaire.models import Consultation, Proposal, Revision, Role

bp = Blueprint("consultation", __name__, url_prefix="/drafting", template_folder="templates", cli_group=None)
secretariat_only = roles_required(Role.SECRETARIAT)
readers = roles_required(Role.SECRETARIAT, Role.DELEGATE, Role.FOCAL_POINT)


def _done(message: str, url: str):
    get_session().commit()
    flash(message, "success")
    return redirect(url)


def _refused(error: DraftingRefused | str, url: str):
    get_session().rollback()
    flash(str(error), "error")
    return redirect(url)


def _form_refused(form, url: str):
    for errors in form.errors.values():
        flash(" ".join(str(error) for error in errors), "error")
    return redirect(url)


def _consultation_or_404(consultation_id: int) -> Consultation:
    consultation = consultations.load_consultation(get_session(), consultation_id)
    if consultation is None or not consultations.may_read(g.user, consultation):
        abort(404)
    return consultation


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = get_session().get(Proposal, proposal_id)
    if proposal is None or not consultations.may_read(g.user, proposal.consultation):
        abort(404)
    return proposal


def _revision_or_404(revision_id: int) -> Revision:
    return get_session().get(Revision, revision_id) or abort(404)


def _page_of(consultation: Consultation) -> str:
    return url_for("consultation.show", consultation_id=consultation.id)


@bp.get("/")
@readers
def index():
    db = get_session()
    meeting_form = F.MeetingForm() if g.user.role is Role.SECRETARIAT else None
    listed = consultations.consultations_for(db, g.user)
    # a consultation on a draft the Working Group has endorsed takes nothing more, whatever its dates
    ended = {c.id for c in listed if c.closed_at or consultations.endorsed_on(consultations.questionnaire_of(c))}
    return render_template("consultation/index.html", meetings=meetings.list_meetings(db), consultations=listed,
                           ended=ended, meeting_form=meeting_form, meeting_label=meetings.meeting_label)


@bp.post("/meetings")
@secretariat_only
def create_meeting():
    form = F.MeetingForm()
    if not form.validate_on_submit():
        return _form_refused(form, url_for("consultation.index"))
    try:
        meetings.create_meeting(get_session(), g.user, form.body.data, form.session.data, form.starts_on.data,
                                form.ends_on.data, form.place.data)
    except DraftingRefused as error:
        return _refused(error, url_for("consultation.index"))
    return _done(_("The session was recorded."), url_for("consultation.index"))


@bp.get("/questionnaires/<int:questionnaire_id>")
@secretariat_only
def questionnaire(questionnaire_id: int):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    issued = revisions.revisions_of(db, q)
    issue = F.IssueForm(data={"symbol": revisions.suggested_symbol(issued), "issued_on": consultations.today()})
    return render_template("consultation/questionnaire.html", q=q, revisions=issued, issue=issue,
                           open_form=F.OpenConsultationForm(), path=meetings.questionnaire_path(db, q),
                           today=consultations.today(), endorsed_on=consultations.endorsed_on(q))


@bp.post("/questionnaires/<int:questionnaire_id>/revisions")
@secretariat_only
def issue_revision(questionnaire_id: int):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    form, back = F.IssueForm(), url_for("consultation.questionnaire", questionnaire_id=questionnaire_id)
    if not form.validate_on_submit():
        return _form_refused(form, back)
    try:
        revision = revisions.issue_revision(db, q, g.user, form.symbol.data, form.issued_on.data)
    except DraftingRefused as error:
        return _refused(error, back)
    return _done(_("Revision %(number)s was issued as %(symbol)s.", number=revision.number, symbol=revision.symbol),
                 back)


@bp.post("/revisions/<int:revision_id>/consultation")
@secretariat_only
def open_consultation(revision_id: int):
    revision = _revision_or_404(revision_id)
    form, back = F.OpenConsultationForm(), url_for("consultation.questionnaire", questionnaire_id=revision.questionnaire_id)
    if not form.validate_on_submit():
        return _form_refused(form, back)
    try:
        consultation = consultations.open_consultation(get_session(), revision, g.user, form.opens_on.data,
                                                       form.closes_on.data, form.participants.data)
    except DraftingRefused as error:
        return _refused(error, back)
    return _done(_("The consultation on %(symbol)s is open.", symbol=revision.symbol), _page_of(consultation))


@bp.post("/consultations/<int:consultation_id>/close")
@secretariat_only
def close_consultation(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        consultations.close_consultation(get_session(), consultation, g.user)
    except DraftingRefused as error:
        return _refused(error, _page_of(consultation))
    return _done(_("The consultation is closed."), _page_of(consultation))


@bp.get("/consultations/<int:consultation_id>")
@readers
def show(consultation_id: int):
    return _show(_consultation_or_404(consultation_id))


def _show(consultation: Consultation, refused: tuple[int, F.DispositionForm] | None = None):
    """The consultation page; ``refused``: a disposition the secretariat sent that was refused, shown again
    open and as it was typed beside its post (status 400)."""
    by_target: dict[str, list[Proposal]] = {}
    for proposal in consultation.proposals:
        by_target.setdefault(proposal.question_key or f"cluster:{proposal.cluster_code}", []).append(proposal)
    revision = consultation.revision
    shown = revisions.snapshot_in_language(revision.snapshot, str(get_locale()).split("_")[0])
    return render_template(
        "consultation/show.html", consultation=consultation, revision=revision, by_target=by_target,
        shown=shown, source_language=revision.snapshot.get("source_language", "en"),
        issued={q["key"]: q for c in revision.snapshot["clusters"] for q in c["questions"]},
        is_open=consultations.posts_refused(consultation) is None,
        endorsed_on=consultations.endorsed_on(consultations.questionnaire_of(consultation)),
        taking_part=consultations.may_take_part(g.user, consultation), action=EmptyForm(),
        proposal_form=F.ProposalForm(), disposition_form=F.DispositionForm(),
        refused_disposition=refused,
        current_wording=dispositions.current_wording, word_diff=compilation.word_diff), 400 if refused else 200


def _proposal_input(form: F.ProposalForm) -> proposals.ProposalInput:
    return proposals.ProposalInput(form.kind.data, form.question_key.data, form.cluster_code.data, form.field.data,
                                   form.wording.data, form.to_cluster.data, form.justification.data or "")


def _refuse_post(error: DraftingRefused, form: F.ProposalForm, consultation: Consultation,
                 proposal: Proposal | None = None):
    """A refused post or change: 403 for another State's post; otherwise the form again, as it was typed,
    with the reason (nothing the delegate wrote is lost)."""
    get_session().rollback()
    if isinstance(error, proposals.NotYours):
        abort(403)
    flash(str(error), "error")
    return _post_form(form, consultation, proposal)


def _post_form(form: F.ProposalForm, consultation: Consultation, proposal: Proposal | None = None):
    """The page of one post's form (a change of one's post, or a new post sent back with its errors)."""
    return render_template("consultation/edit.html", form=form, proposal=proposal, consultation=consultation), \
        400 if (form.errors or request.method == "POST") else 200


@bp.post("/consultations/<int:consultation_id>/posts")
@readers
def post(consultation_id: int):
    consultation = _consultation_or_404(consultation_id)
    form = F.ProposalForm()
    if not form.validate_on_submit():
        return _post_form(form, consultation)
    try:
        proposals.post(get_session(), consultation, g.user, _proposal_input(form))
    except DraftingRefused as error:
        return _refuse_post(error, form, consultation)
    return _done(_("Your post is published to the participants."), _page_of(consultation))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@readers
def edit(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    if proposal.state_id != g.user.state_id:
        abort(403)
    closed = consultations.posts_refused(proposal.consultation)
    if closed is not None and request.method == "GET":
        return _refused(closed, _page_of(proposal.consultation))
    form = F.ProposalForm(obj=proposal)
    if form.validate_on_submit():
        try:
            proposals.edit(get_session(), proposal, g.user, _proposal_input(form))
        except DraftingRefused as error:
            return _refuse_post(error, form, proposal.consultation, proposal)
        return _done(_("Your post was changed."), _page_of(proposal.consultation))
    return _post_form(form, proposal.consultation, proposal)


@bp.post("/proposals/<int:proposal_id>/<any(withdraw, support):step>")
@readers
def proposal_step(proposal_id: int, step: str):
    proposal = _proposal_or_404(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        (proposals.withdraw if step == "withdraw" else proposals.support)(get_session(), proposal, g.user)
    except DraftingRefused as error:
        if isinstance(error, proposals.NotYours):
            get_session().rollback()
            abort(403)
        return _refused(error, _page_of(proposal.consultation))
    return _done(_("The proposal was withdrawn.") if step == "withdraw" else _("Your State supports the proposal."),
                 _page_of(proposal.consultation))


@bp.post("/proposals/<int:proposal_id>/disposition")
@secretariat_only
def dispose(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    form = F.DispositionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(error) for error in errors), "error")
        return _show(proposal.consultation, (proposal.id, form))
    try:
        disposition = dispositions.dispose(get_session(), proposal, g.user, form.outcome.data, form.reply.data or "",
                                           form.wording.data, apply=form.apply.data)
    except DraftingRefused as error:
        get_session().rollback()
        flash(str(error), "error")
        return _show(_consultation_or_404(proposal.consultation_id), (proposal.id, form))
    return _done(_("The disposition was recorded and the wording applied to the working draft.")
                 if disposition.applied_at else _("The disposition was recorded."), _page_of(proposal.consultation))


def _comparison_or_404(questionnaire_id: int):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    try:
        return compare_revisions(db, q, request.args.get("from", "1"), request.args.get("to", "draft"))
    except DraftingRefused:
        abort(404)


def _document_language() -> str:
    """The language a downloaded document is written in: ``?language=`` when it is an interface language,
    else the reader's own (``?lang=`` is not used: it would change the reader's interface language)."""
    return known_language(request.args.get("language")) or str(get_locale())


@bp.get("/questionnaires/<int:questionnaire_id>/compare")
@secretariat_only
def compare(questionnaire_id: int):
    comparison = _comparison_or_404(questionnaire_id)
    return render_template("consultation/compare.html", q=comparison.questionnaire, comparison=comparison,
                           old=request.args.get("from", "1"), new=request.args.get("to", "draft"),
                           revisions=revisions.revisions_of(get_session(), comparison.questionnaire))


@bp.get("/questionnaires/<int:questionnaire_id>/changes.<any(docx, xlsx):fmt>")
@secretariat_only
def download_changes(questionnaire_id: int, fmt: str):
    comparison = _comparison_or_404(questionnaire_id)
    data, mimetype = changes.changes_file(comparison, fmt, _document_language())
    name = f"changes-{comparison.old.number or 'draft'}-{comparison.new.number or 'draft'}.{fmt}"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


@bp.get("/questionnaires/<int:questionnaire_id>/questions/<key>/history")
@readers
def question_history(questionnaire_id: int, key: str):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    appearances = history.question_history(db, q, key, g.user)
    if not appearances:
        abort(404)
    return render_template("consultation/history.html", q=q, key=key, appearances=appearances)


@bp.get("/consultations/<int:consultation_id>/compilation.<any(docx, xlsx):fmt>")
@readers
def download_compilation(consultation_id: int, fmt: str):
    consultation = _consultation_or_404(consultation_id)
    data, mimetype = compilation.compilation_file(get_session(), consultation, fmt, _document_language())
    name = f"compilation-{consultation.revision.number}.{fmt}"
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
