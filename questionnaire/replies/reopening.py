"""Reopening a submitted response (secretariat only, with a reason) so the State can change and resubmit it.

Both the monitoring page and the answering stage's review page reopen through :func:`reopen_response`,
so the rule and the audit trail are the same wherever the secretariat does it.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.mail import notices
from questionnaire.models import Response, ResponseStatus, Role, User
from questionnaire.models.audit import record

#: The audit action written when a response is reopened.
REOPEN_ACTION = "response.reopened"


class ReopenRefused(Exception):
    """The response was not reopened; ``str()`` says why in words for the person who asked."""


def reopen_response(db: Session, response: Response, user: User, reason: str) -> None:
    """Turn the submitted ``response`` back into an editable "reopened" one and audit why.

    The audit event records who, the reason, the status before and after, the State and the
    questionnaire. Only flushes. Raises ReopenRefused (changing nothing) unless ``user`` is the
    secretariat, ``reason`` has some text, ``response`` is submitted and its questionnaire is still
    open (else the State could not change it).
    """
    if not user.has_role(Role.SECRETARIAT):
        raise ReopenRefused(_("Only the secretariat can reopen a reply."))
    reason = (reason or "").strip()
    if not reason:
        raise ReopenRefused(_("Give the reason for reopening: the State will need to know what to change."))
    if not response.is_submitted:
        raise ReopenRefused(_("Only a submitted reply can be reopened."))
    if not response.questionnaire.is_open:
        raise ReopenRefused(_("The questionnaire is closed, so the State could not change a reopened reply."))
    before = response.status
    response.mark_reopened(reason)
    record(
        db, user, REOPEN_ACTION, f"response:{response.id}",
        before={"status": before}, after={"status": ResponseStatus.REOPENED}, reason=reason,
        state=response.state.iso3, questionnaire=response.questionnaire_id,
    )
    notices.reply_reopened(db, response, reason)
    db.flush()
