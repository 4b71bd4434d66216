"""The names of the details audit events record, and their values, in words: "Two-step sign-in set up" for
``enrolled``, a stored moment in the reader's time zone, a status, role or sign-in failure in words.

Pure: reads the details as stored, of any age; the reader's language and time zone come from Flask-Babel.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from questionnaire.auth.second_factor import UNFINISHED_ENROLMENT
from questionnaire.locale import LANGUAGE_NAMES, format_date_value, format_datetime_value
from questionnaire.navigation import role_label
from questionnaire.replies.status_labels import regional_group_label, status_label

#: The names of the details events record, in words; a name not listed is shown with its underscores as spaces.
DETAIL_LABELS = {
    "active": _l("Active"),
    "as_at": _l("As at"),
    "body": _l("Body"),
    "changes": _l("Changes"),
    "cluster": _l("Cluster"),
    "clusters": _l("Clusters"),
    "code": _l("Code"),
    "confirmed": _l("Confirmed"),
    "date": _l("Decided on"),
    "deadline": _l("Deadline"),
    "description": _l("Description"),
    "discarded": _l("Discarded"),
    "email": _l("E-mail address"),
    "ends_on": _l("Ends on"),
    "enrolled": _l("Two-step sign-in set up"),
    "failed_logins": _l("Failed sign-ins"),
    "failures": _l("Failed sign-ins"),
    "file": _l("File"),
    "guidance": _l("Guidance"),
    "issued_on": _l("Issued on"),
    "key": _l("Key"),
    "kind": _l("Kind"),
    "language": _l("Language"),
    "languages": _l("Languages"),
    "late": _l("Late"),
    "locked_until": _l("Locked until"),
    "name": _l("Name"),
    "number": _l("Number"),
    "opens_on": _l("Opens on"),
    "options": _l("Options"),
    "place": _l("Venue"),
    "position": _l("Position"),
    "proposal": _l("Proposal"),
    "provisions": _l("Provisions"),
    "purpose": _l("Purpose"),
    "questionnaire": _l("Questionnaire"),
    "questions": _l("Questions"),
    "reason": _l("Reason"),
    "regional_group": _l("Regional group"),
    "remaining": _l("Recovery codes left"),
    "required": _l("Required"),
    "revision": _l("Revision"),
    "role": _l("Role"),
    "session": _l("Session"),
    "session_number": _l("Session"),
    "show_if": _l("Shown when"),
    "slug": _l("Short name"),
    "som_party": _l("Party to the Protocol"),
    "source": _l("Source"),
    "starts_on": _l("Starts on"),
    "state": _l("State"),
    "states": _l("States"),
    "status": _l("Status"),
    "submitted": _l("Submitted"),
    "symbol": _l("Symbol"),
    "text": _l("Text"),
    "title": _l("Title"),
    "translations": _l("Translations"),
    "until": _l("Until"),
    "version": _l("Version"),
    "outcome": _l("Disposition"),
    "reply": _l("Reply"),
    "field": _l("Field"),
    "question": _l("Question"),
    "question_key": _l("Question"),
    "cluster_code": _l("Cluster"),
    "wording": _l("Wording"),
    "to_cluster": _l("To cluster"),
    "justification": _l("Justification"),
    "closes_on": _l("Closes on"),
    "participants": _l("Taking part"),
    "meeting": _l("Meeting"),
    "resolution": _l("Resolution"),
}


#: Code words some details hold (why a sign-in failed), in words.
REASON_LABELS = {
    "unknown": _l("unknown account"),
    "locked": _l("account locked"),
    "inactive": _l("account deactivated"),
    "password": _l("wrong password"),
}

#: Why a password was chosen (the link it was chosen through), in words.
PURPOSE_LABELS = {
    "invitation": _l("accepting an invitation"),
    "reset": _l("replacing a forgotten password"),
}

#: What a reset of two-step sign-in discarded, in words.
DISCARDED_LABELS = {
    UNFINISHED_ENROLMENT: _l("a set-up of two-step sign-in that was begun and never finished"),
}

#: The details whose values are codes with a word of their own in another room.
_WORDED_BY = {"status": status_label, "role": role_label, "regional_group": regional_group_label}


@cache
def _code_words() -> dict[str, dict[str, Any]]:
    """The words (lazy: read in each reader's language) of the code values details hold, by detail name: why a
    sign-in failed, why a password was chosen, what a reset of two-step sign-in discarded, and from the drafting
    forms' choices a proposal's kind and field, a disposition, a meeting's body and who takes part; a language
    (``before``/``after`` of older records of a reply's language) by name."""
    from questionnaire.consultation.forms import (BODY_CHOICES, FIELD_CHOICES, KIND_CHOICES, OUTCOME_CHOICES,
                                                  PARTICIPANT_CHOICES)

    words: dict[str, dict[str, Any]] = {name: {choice.value: choice.label for choice in choices} for name, choices in (
        ("kind", KIND_CHOICES), ("field", FIELD_CHOICES), ("outcome", OUTCOME_CHOICES), ("body", BODY_CHOICES),
        ("participants", PARTICIPANT_CHOICES))}
    words["reason"] = REASON_LABELS
    words["purpose"] = PURPOSE_LABELS
    words["discarded"] = DISCARDED_LABELS
    for name in ("language", "before", "after"):
        words[name] = LANGUAGE_NAMES
    return words


def detail_label(key: str) -> str:
    """A detail's name in the reader's language."""
    label = DETAIL_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_text(value: Any, key: str | None = None) -> str:
    """A detail value as plain text: a stored moment or day in the reader's time zone and language, a status,
    role, regional group or sign-in failure in words, other text as is, lists joined, empty as a dash, the rest as JSON."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        return format_datetime_value(datetime.fromisoformat(value))
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_date_value(date.fromisoformat(value))
    if isinstance(value, str):
        if key in _WORDED_BY:
            return _WORDED_BY[key](value)
        return str(_code_words().get(key or "", {}).get(value, value))
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
