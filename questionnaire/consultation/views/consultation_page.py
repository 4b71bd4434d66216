"""One consultation's page, and what is sent from it: a State's posts (comments and proposals), their
changes, withdrawals and support, and the secretariat's dispositions."""
from __future__ import annotations

from flask import abort, flash, g, render_template, request
from flask_babel import gettext as _

from questionnaire.locale import reader_language
from questionnaire.auth.forms import EmptyForm
from questionnaire.consultation import compilation, consultations, dispositions, proposals
from questionnaire.consultation import forms as F
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.consultation.reading import consultation_page
from questionnaire.consultation.views.shared import (
    consultation_or_404, done, flash_form_errors, own_proposal_or_403, page_of, proposal_or_404, readers, refused,
    secretariat_only,
)
from questionnaire.db import get_session
from questionnaire.models import Consultation, Proposal


@readers
def show(consultation_id: int):
    return _page(consultation_or_404(consultation_id))


def _page(consultation: Consultation, refused_disposition: tuple[int, F.DispositionForm] | None = None):
    """The consultation page; ``refused_disposition``: a disposition the secretariat sent that was refused,
    shown again open and as it was typed beside its post (status 400)."""
    page = consultation_page(consultation, g.user, reader_language())
    return render_template(
        "consultation/show.html", **vars(page), action=EmptyForm(), proposal_form=F.ProposalForm(),
        disposition_form=F.DispositionForm(), refused_disposition=refused_disposition,
        current_wording=dispositions.current_wording, word_diff=compilation.word_diff,
    ), 400 if refused_disposition else 200


def _proposal_input(form: F.ProposalForm) -> proposals.ProposalInput:
    return proposals.ProposalInput(form.kind.data, form.question_key.data, form.cluster_code.data, form.field.data,
                                   form.wording.data, form.to_cluster.data, form.justification.data or "")


def _post_form(form: F.ProposalForm, consultation: Consultation, proposal: Proposal | None = None):
    """The page of one post's form (a change of one's post, or a new post sent back with its errors)."""
    return render_template("consultation/edit.html", form=form, proposal=proposal, consultation=consultation), \
        400 if (form.errors or request.method == "POST") else 200


def _refuse_post(error: DraftingRefused, form: F.ProposalForm, consultation: Consultation,
                 proposal: Proposal | None = None):
    """A refused post or change: 403 for another State's post; otherwise the form again, as it was typed,
    with the reason (nothing the delegate wrote is lost)."""
    get_session().rollback()
    if isinstance(error, proposals.NotYours):
        abort(403)
    flash(str(error), "error")
    return _post_form(form, consultation, proposal)


@readers
def post(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    form = F.ProposalForm()
    if not form.validate_on_submit():
        return _post_form(form, consultation)
    try:
        proposals.post(get_session(), consultation, g.user, _proposal_input(form))
    except DraftingRefused as error:
        return _refuse_post(error, form, consultation)
    return done(_("Your post is published to the participants."), page_of(consultation))


@readers
def edit(proposal_id: int):
    proposal = own_proposal_or_403(proposal_id)
    closed = consultations.posts_refused(proposal.consultation)
    if closed is not None and request.method == "GET":
        return refused(closed, page_of(proposal.consultation))
    form = F.ProposalForm(obj=proposal)
    if form.validate_on_submit():
        try:
            changed = proposals.edit(get_session(), proposal, g.user, _proposal_input(form))
        except DraftingRefused as error:
            return _refuse_post(error, form, proposal.consultation, proposal)
        return done(_("Your post was changed.") if changed else _("Nothing was changed."),
                    page_of(proposal.consultation))
    return _post_form(form, proposal.consultation, proposal)


@readers
def proposal_step(proposal_id: int, step: str):
    """Withdraw one's own proposal, or support another State's."""
    proposal = proposal_or_404(proposal_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        (proposals.withdraw if step == "withdraw" else proposals.support)(get_session(), proposal, g.user)
    except DraftingRefused as error:
        if isinstance(error, proposals.NotYours):
            get_session().rollback()
            abort(403)
        return refused(error, page_of(proposal.consultation))
    return done(_("The proposal was withdrawn.") if step == "withdraw" else _("Your State supports the proposal."),
                page_of(proposal.consultation))


@secretariat_only
def dispose(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    form = F.DispositionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _page(proposal.consultation, (proposal.id, form))
    try:
        disposition = dispositions.dispose(get_session(), proposal, g.user, form.outcome.data, form.reply.data or "",
                                           form.wording.data, apply=form.apply.data)
    except DraftingRefused as error:
        get_session().rollback()
        flash(str(error), "error")
        return _page(consultation_or_404(proposal.consultation_id), (proposal.id, form))
    return done(_("The disposition was recorded and the wording applied to the working draft.")
                if disposition.applied_at else _("The disposition was recorded."), page_of(proposal.consultation))
