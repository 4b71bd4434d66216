"""The words shown for each status of a questionnaire or a reply, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

NOT_STARTED = "not_started"

QUESTIONNAIRE_STATUS_LABELS = {
    "draft": _l("Draft"),
    "endorsed": _l("Endorsed"),
    "adopted": _l("Adopted"),
    "open": _l("Open"),
    "closed": _l("Closed"),
}

REPLY_STATUS_LABELS = {
    NOT_STARTED: _l("Not started"),
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "reopened": _l("Reopened"),
}


def status_label(status: str) -> str:
    """The label of a questionnaire or reply status in the current language (the code itself if unknown)."""
    label = QUESTIONNAIRE_STATUS_LABELS.get(status) or REPLY_STATUS_LABELS.get(status)
    return str(label) if label is not None else status
