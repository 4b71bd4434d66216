"""Audit records of an older shape, read as the same events are recorded now.

The trail is never rewritten, so a record keeps the shape its event had on the day: the page reads each in
today's shape, so that it tells what happened, not what the record happened to leave out. Older records
held: a reset of two-step sign-in or an unlock, what there was before and not what it left (nothing), and a
reset of a set-up begun and never finished as two-step sign-in going from "not set up" to "not set up"; a
cluster moved or edited, its code as if it had changed; a proposal applied, the new wording as the change's
``after``; a draft replaced by an upload, the file and the translations it stored as if they had changed from
nothing.

Pure: reads the details as stored and returns new ones, leaving the event as it is.
"""
from __future__ import annotations

from typing import Any, Callable

from questionnaire.auth.second_factor import UNFINISHED_ENROLMENT

Details = dict[str, Any]


def _left_as(after: Details) -> Callable[[Details], Details]:
    """A reset recorded with its ``before`` only: what it left was ``after``, whatever there was before."""

    def read(details: Details) -> Details:
        if isinstance(details.get("before"), dict) and "after" not in details:
            return {**details, "after": after}
        return details

    return read


def _second_factor_reset(details: Details) -> Details:
    """A reset of two-step sign-in: what it took away; a set-up begun and never finished, discarded."""
    before = details.get("before")
    if isinstance(before, dict) and before.get("enrolled") is False:
        rest = {k: v for k, v in details.items() if k not in ("before", "after")}
        return {**rest, "discarded": UNFINISHED_ENROLMENT}
    return _left_as({"enrolled": False})(details)


def _cluster_named(details: Details) -> Details:
    """A cluster moved or edited: its code names the cluster (as a question's key names a question), a change
    only where it changed (the cluster then named by its new code)."""
    before, after = details.get("before"), details.get("after")
    if not isinstance(before, dict) or "code" not in before or "code" in details:
        return details
    code = before["code"]
    if isinstance(after, dict) and after.get("code", code) != code:
        return {**details, "code": after["code"]}
    named = {**details, "code": code, "before": {k: v for k, v in before.items() if k != "code"}}
    if isinstance(after, dict):
        named["after"] = {k: v for k, v in after.items() if k != "code"}
    return named


def _draft_replaced(details: Details) -> Details:
    """A draft replaced by an upload: the file it came from, and the translations it stored where the record
    did not count those it replaced."""
    after = details.get("after")
    if not isinstance(after, dict):
        return details
    before = details.get("before") if isinstance(details.get("before"), dict) else {}
    moved = [key for key in ("file", "translations") if key in after and key not in before and key not in details]
    if not moved:
        return details
    return {**details, **{key: after[key] for key in moved},
            "after": {k: v for k, v in after.items() if k not in moved}}


def _proposal_applied(details: Details) -> Details:
    """A proposal applied: the wording it put into the draft."""
    if isinstance(details.get("after"), str) and "wording" not in details:
        return {**{k: v for k, v in details.items() if k != "after"}, "wording": details["after"]}
    return details


def _endorsed_at_a_session(details: Details) -> Details:
    """An endorsement at a session of the Working Group: the session names the body (an older record also kept
    the body's name in English words, which the session's name in the reader's language now replaces); one
    recorded by a body named in words keeps those words."""
    if "meeting" in details and "body" in details:
        return {k: v for k, v in details.items() if k != "body"}
    return details


_READERS: dict[str, Callable[[Details], Details]] = {
    "questionnaire.endorsed": _endorsed_at_a_session,
    "user.second_factor_reset": _second_factor_reset,
    "user.unlock": _left_as({"failed_logins": 0, "locked_until": None}),
    "questionnaire.cluster.move": _cluster_named,
    "questionnaire.cluster.edit": _cluster_named,
    "questionnaire.cluster.correct": _cluster_named,
    "questionnaire.replace_draft": _draft_replaced,
    "proposal.apply": _proposal_applied,
}


def as_recorded_now(action: str, details: Details | None) -> Details:
    """The details of an event of ``action`` in the shape such an event is recorded in now (a copy where they
    differ; those of any other event as they are)."""
    details = dict(details or {})
    read = _READERS.get(action)
    return read(details) if read is not None else details
