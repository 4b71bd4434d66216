"""The State's reply to a question a reviewer put to it (the reviewers' own pages are in exports)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request
from flask_babel import gettext as _

from questionnaire.auth.forms import EmptyForm
from questionnaire.db import get_session
from questionnaire.models import ObservationRefused
from questionnaire.observations.service import get_observation_or_404, reply_to_observation

bp = Blueprint("observations", __name__, template_folder="templates")


@bp.post("/observations/<int:observation_id>/reply")
def reply(observation_id: int):
    db = get_session()
    observation = get_observation_or_404(db, g.user, observation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reply_to_observation(db, g.user, observation, request.form.get("reply", ""))
    except ObservationRefused as refusal:
        db.rollback()
        flash(str(refusal), "error")
    else:
        db.commit()
        flash(_("Your reply is sent to the reviewers."), "success")
    return redirect(_back())


def _back() -> str:
    """Back to the page the form was on (only a path on this site)."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else "/"
