"""What every view of the drafting round uses: the role checks, the lookups that answer 404 (or 403), and
the ways a POST ends: committed and sent back with a message, or refused with the reason."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_wtf import FlaskForm

from questionnaire.auth.guards import roles_required
from questionnaire.consultation import consultations
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.db import get_session
from questionnaire.models import Consultation, Proposal, Revision, Role

secretariat_only = roles_required(Role.SECRETARIAT)
readers = roles_required(Role.SECRETARIAT, Role.DELEGATE, Role.FOCAL_POINT)


def done(message: str, url: str):
    """Commit the request's changes, say what was done and go to ``url``."""
    get_session().commit()
    flash(message, "success")
    return redirect(url)


def refused(error: DraftingRefused | str, url: str):
    """Write nothing, say why and go to ``url``."""
    get_session().rollback()
    flash(str(error), "error")
    return redirect(url)


def flash_form_errors(form: FlaskForm) -> None:
    for errors in form.errors.values():
        flash(" ".join(str(error) for error in errors), "error")


def form_refused(form: FlaskForm, url: str):
    """A form that did not validate: its errors said, nothing written, back to ``url``."""
    flash_form_errors(form)
    return redirect(url)


def consultation_or_404(consultation_id: int) -> Consultation:
    """The consultation with its posts, when the current user may read it; 404 otherwise."""
    consultation = consultations.load_consultation(get_session(), consultation_id)
    if consultation is None or not consultations.may_read(g.user, consultation):
        abort(404)
    return consultation


def proposal_or_404(proposal_id: int) -> Proposal:
    """A post of a consultation the current user may read; 404 otherwise."""
    proposal = get_session().get(Proposal, proposal_id)
    if proposal is None or not consultations.may_read(g.user, proposal.consultation):
        abort(404)
    return proposal


def own_proposal_or_403(proposal_id: int) -> Proposal:
    """A post of the current user's State; 404 when it cannot be read, 403 when another State posted it."""
    proposal = proposal_or_404(proposal_id)
    if proposal.state_id != g.user.state_id:
        abort(403)
    return proposal


def revision_or_404(revision_id: int) -> Revision:
    return get_session().get(Revision, revision_id) or abort(404)


def page_of(consultation: Consultation) -> str:
    return url_for("consultation.show", consultation_id=consultation.id)
