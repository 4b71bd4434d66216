"""A State changing its own post: a change is saved, timed and logged; a post sent back as it stands changes
nothing (not its time, not the audit log) and the delegate is told so. Read back through a fresh session."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from questionnaire.models import AuditEvent, Proposal

LONG_AGO = datetime(2017, 6, 2, 9, 30)
WORDING = {"kind": "wording", "field": "text", "wording": "Is smuggling a crime?", "justification": "Shorter."}


def _edit(client, proposal_id: int, **data) -> str:
    response = client.post(f"/drafting/proposals/{proposal_id}/edit", data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _edits_logged(session, proposal_id: int) -> list[AuditEvent]:
    return [event for event in session.scalars(select(AuditEvent).where(AuditEvent.action == "proposal.edit"))
            if event.details["proposal"] == proposal_id]


@pytest.fixture
def posted(db, client, login, round_, fresh_db) -> int:
    """Mexico's wording proposal on "crim", logged in as Mexico's delegate, last changed ``LONG_AGO``."""
    login(round_["mex"])
    client.post(f"/drafting/consultations/{round_['consultation'].id}/posts", data={"question_key": "crim", **WORDING})
    proposal = fresh_db().scalar(select(Proposal))
    proposal.updated_at = LONG_AGO
    db.commit()
    return proposal.id


@pytest.mark.parametrize(("sent", "why"), [
    (WORDING, "the same fields"),
    ({**WORDING, "wording": "  Is smuggling a crime?\n", "justification": " Shorter. "}, "spaces around kept text"),
])
def test_a_post_sent_back_as_it_stands_changes_nothing_and_says_so(client, posted, fresh_db, sent, why):
    page = _edit(client, posted, **sent)

    assert "Nothing was changed." in page and "Your post was changed." not in page, why
    session = fresh_db()
    proposal = session.get(Proposal, posted)
    assert proposal.updated_at == LONG_AGO, why
    assert (proposal.wording, proposal.justification) == ("Is smuggling a crime?", "Shorter.")
    assert _edits_logged(session, posted) == [], why


@pytest.mark.parametrize(("sent", "before", "after"), [
    ({**WORDING, "wording": "Is smuggling an offence?"},
     {"wording": "Is smuggling a crime?"}, {"wording": "Is smuggling an offence?"}),
    ({**WORDING, "justification": "Shorter still."},
     {"justification": "Shorter."}, {"justification": "Shorter still."}),
    ({**WORDING, "field": "guidance"}, {"field": "text"}, {"field": "guidance"}),
    ({"kind": "delete", "justification": "Shorter."},
     {"kind": "wording", "field": "text", "wording": "Is smuggling a crime?"},
     {"kind": "delete", "field": None, "wording": None}),
])
def test_a_real_change_is_saved_timed_and_logged_with_what_changed(client, posted, fresh_db, sent, before, after):
    page = _edit(client, posted, **sent)

    assert "Your post was changed." in page and "Nothing was changed." not in page
    session = fresh_db()
    proposal = session.get(Proposal, posted)
    assert proposal.updated_at > LONG_AGO
    assert {name: getattr(proposal, name) for name in after} == after
    [logged] = _edits_logged(session, posted)
    assert (logged.details["before"], logged.details["after"]) == (before, after)
