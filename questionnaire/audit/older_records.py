"""Audit records of an older shape, read as the same events are recorded now.

The trail is never rewritten, so a record keeps the shape its event had on the day: the page reads each in
today's shape, so that it tells what happened, not what the record happened to leave out. Older records
held: a reset of two-step sign-in or an unlock, what there was before and not what it left (nothing); a
cluster moved, its code as if it had changed; a proposal applied, the new wording as the change's ``after``.

Pure: reads the details as stored and returns new ones, leaving the event as it is.
"""
from __future__ import annotations

from typing import Any, Callable

Details = dict[str, Any]


def _left_as(after: Details) -> Callable[[Details], Details]:
    """A reset recorded with its ``before`` only: what it left was ``after``, whatever there was before."""

    def read(details: Details) -> Details:
        if isinstance(details.get("before"), dict) and "after" not in details:
            return {**details, "after": after}
        return details

    return read


def _cluster_moved(details: Details) -> Details:
    """A cluster moved: its code names the cluster (as a question's key names a moved question), not a change."""
    before = details.get("before")
    if isinstance(before, dict) and "code" in before and "code" not in details:
        return {**details, "code": before["code"], "before": {k: v for k, v in before.items() if k != "code"}}
    return details


def _proposal_applied(details: Details) -> Details:
    """A proposal applied: the wording it put into the draft."""
    if isinstance(details.get("after"), str) and "wording" not in details:
        return {**{k: v for k, v in details.items() if k != "after"}, "wording": details["after"]}
    return details


_READERS: dict[str, Callable[[Details], Details]] = {
    "user.second_factor_reset": _left_as({"enrolled": False}),
    "user.unlock": _left_as({"failed_logins": 0, "locked_until": None}),
    "questionnaire.cluster.move": _cluster_moved,
    "proposal.apply": _proposal_applied,
}


def as_recorded_now(action: str, details: Details | None) -> Details:
    """The details of an event of ``action`` in the shape such an event is recorded in now (a copy where they
    differ; those of any other event as they are)."""
    details = dict(details or {})
    read = _READERS.get(action)
    return read(details) if read is not None else details
