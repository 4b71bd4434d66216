"""The secretariat's outbox page: every message queued, sent or failed, with its last error."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from questionnaire.auth.forms import EmptyForm
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.mail.delivery import retry_now
from questionnaire.models import MailStatus, OutboxMessage, Role

bp = Blueprint("mail", __name__, url_prefix="/mail", template_folder="templates", cli_group=None)

STATUS_LABELS = {
    MailStatus.QUEUED: _l("Queued"),
    MailStatus.SENDING: _l("Being sent"),
    MailStatus.SENT: _l("Sent"),
    MailStatus.FAILED: _l("Failed"),
}
PAGE_SIZE = 200


@bp.before_request
@roles_required(Role.SECRETARIAT)
def secretariat_only() -> None:
    """Every page here is the secretariat's."""


@bp.get("/")
def outbox():
    db = get_session()
    status = request.args.get("status")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE)
    if status in set(MailStatus):
        query = query.where(OutboxMessage.status == status)
    counts = dict(db.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return render_template("mail/outbox.html", messages=db.scalars(query).all(), counts=counts,
                           status=status, labels=STATUS_LABELS, form=EmptyForm())


@bp.post("/<int:message_id>/retry")
def retry(message_id: int):
    db = get_session()
    message = db.get(OutboxMessage, message_id) or abort(404)
    if EmptyForm().validate_on_submit():
        retry_now(db, message)
        db.commit()
        flash(_("The message will be sent at the worker's next run."), "success")
    return redirect(url_for("mail.outbox"))
