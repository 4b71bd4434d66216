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


#: The UN regional groups (``questionnaire.models.REGIONAL_GROUPS``, kept in English in the database) in words.
REGIONAL_GROUP_LABELS = {
    "African States": _l("African States"),
    "Asia-Pacific States": _l("Asia-Pacific States"),
    "Eastern European States": _l("Eastern European States"),
    "Latin American and Caribbean States": _l("Latin American and Caribbean States"),
    "Western European and other States": _l("Western European and other States"),
    # the groups a participant outside the UN regional groups is listed under (see models.states)
    "Regional economic integration organization": _l("Regional economic integration organization"),
    "No UN regional group": _l("No UN regional group"),
}


def regional_group_label(group: str | None) -> str:
    """A regional group's name in the current language (the stored name if unknown, "" for none)."""
    label = REGIONAL_GROUP_LABELS.get(group or "")
    return str(label) if label is not None else (group or "")


def regional_group_names() -> dict[str, str]:
    """Every regional group's name in the current language, each looked up once, for a page or a file that
    names the groups of many States (``names.get(group, group)``)."""
    return {group: str(label) for group, label in REGIONAL_GROUP_LABELS.items()}
