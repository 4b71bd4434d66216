"""What every builder view shares: the role check, and the answers to a saved change, a refused change, a
frozen structure and a deletion that asks first."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from questionnaire import lifecycle
from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.builder import structure
from questionnaire.db import get_session
from questionnaire.models import Questionnaire, Role

secretariat_only = roles_required(Role.SECRETARIAT)


def done(message: str, questionnaire_id: int):
    """Commit the request's change and go back to the questionnaire's page, saying what was done."""
    get_session().commit()
    flash(message, "success")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))


def refused(error: structure.StructureError | lifecycle.TransitionRefused, questionnaire_id: int):
    """Undo the request's change and go back to the questionnaire's page with every reason."""
    get_session().rollback()
    for message in [error.message, *error.problems]:
        flash(message, "error")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire_id))


def frozen(questionnaire: Questionnaire):
    """An address that would change the structure of an endorsed (or later) questionnaire, typed or kept:
    the page says since when and what is still possible."""
    flash(lifecycle.structure_frozen_reason(questionnaire), "error")
    return redirect(url_for("builder.show", questionnaire_id=questionnaire.id))


def confirm_page(questionnaire: Questionnaire, title: str, goes: list[str], blockers: list):
    """A deletion asks first: what goes with it, and what stops it (follow-ups elsewhere pointing to it)."""
    return render_template("builder/confirm_delete.html", q=questionnaire, title=title, goes=goes,
                           blockers=blockers, url=request.path, action=EmptyForm())


def confirmed() -> bool:
    """A POST sent from the confirmation page (with its CSRF token); a GET asks; anything else is refused."""
    if request.method == "GET":
        return False
    if not EmptyForm().validate_on_submit():
        abort(400)
    return request.form.get("confirmed") == "yes"
