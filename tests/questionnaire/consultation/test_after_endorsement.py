"""Once the Working Group has endorsed the draft, the consultation no longer changes it: no proposal is applied,
no State posts, changes, withdraws or supports, no consultation opens; each refusal says why, through the pages
and the services, and nothing is written (read back through a fresh session). Before the endorsement, the
same steps go through."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from questionnaire.consultation import dispositions
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.models import (
    AuditEvent, Consultation, Disposition, Meeting, Proposal, Questionnaire, Revision, Support, utcnow,
)

ENDORSED = "The draft was endorsed on Sep 13, 2017"
ORIGINAL = "Is smuggling a crime?"
APPLY = {"outcome": "accepted", "reply": "Agreed.", "wording": "Is the smuggling of migrants a crime?", "apply": "y"}


def _page(response) -> str:
    return response.get_data(as_text=True)


def _post(client, consultation, follow=True, **data):
    return client.post(f"/drafting/consultations/{consultation.id}/posts", data=data, follow_redirects=follow)


def written(session) -> dict[str, int]:
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (AuditEvent, Consultation, Disposition, Proposal, Revision, Support)}


@pytest.fixture
def disposed(db, client, login, round_, small):
    """``round_`` with Mexico's wording proposal on "crim" accepted (not applied), Nigeria's comment on "cases"
    without a disposition, and revision 2 issued without a consultation; the draft not endorsed yet."""
    c = round_["consultation"]
    login(round_["mex"])
    _post(client, c, question_key="crim", kind="wording", field="text", wording=APPLY["wording"],
          justification="The Protocol's words.")
    login(round_["nga"])
    _post(client, c, question_key="cases", kind="comment", justification="No figures.")
    proposal = db.scalar(select(Proposal).where(Proposal.kind == "wording"))
    login(round_["secretariat"])
    client.post(f"/drafting/proposals/{proposal.id}/disposition", data={"outcome": "accepted", "reply": "Agreed."})
    client.post(f"/drafting/questionnaires/{small.id}/revisions", data={"symbol": "CTOC/COP/WG.7/2017/2/Rev.1",
                                                                        "issued_on": "2017-08-01"})
    assert db.get(Proposal, proposal.id).disposition.outcome == "accepted"
    return {**round_, "proposal": proposal, "comment": db.scalar(select(Proposal).where(Proposal.kind == "comment"))}


def endorse(db, client, questionnaire: Questionnaire, stage: str = "endorsed") -> None:
    """Endorse the draft at the Working Group's session on 13 September 2017 (through the page, signed in as
    the secretariat), then take it on to ``stage``."""
    wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13),
                 place="Vienna")
    db.add(wg)
    db.commit()
    client.post(f"/builder/{questionnaire.id}/endorse", data={"meeting": wg.id, "date": "2017-09-13"})
    q = db.get(Questionnaire, questionnaire.id)
    assert q.status == "endorsed"
    if stage in ("adopted", "open"):
        q.status, q.adopted_at = "adopted", datetime(2018, 10, 19, 12)
    if stage == "open":
        q.status, q.opens_at, q.deadline = "open", datetime(2019, 1, 1), utcnow() + timedelta(days=30)
    db.commit()


def crim_text(session, questionnaire_id: int) -> str:
    return session.get(Questionnaire, questionnaire_id).clusters[0].questions[0].text


@pytest.mark.parametrize("stage", ["endorsed", "adopted", "open"])
def test_applying_a_proposal_after_the_endorsement_is_refused_through_the_page(db, client, login, disposed, small,
                                                                               fresh_db, stage):
    proposal = disposed["proposal"]
    login(disposed["secretariat"])
    endorse(db, client, small, stage)
    before = written(fresh_db())
    response = client.post(f"/drafting/proposals/{proposal.id}/disposition", data=APPLY)
    page = _page(response)
    assert response.status_code == 400
    assert f"{ENDORSED}: proposals are no longer applied to it." in page
    assert "Any further change is made in the builder" in page
    session = fresh_db()
    assert crim_text(session, small.id) == ORIGINAL
    assert session.get(Disposition, proposal.disposition.id).applied_at is None
    assert written(session) == before
    assert session.scalar(select(AuditEvent).where(AuditEvent.action.in_(
        ["proposal.apply", "questionnaire.question.edit", "questionnaire.question.correct"]))) is None


def test_applying_after_the_endorsement_is_refused_by_the_services(app, db, client, login, disposed, small,
                                                                   fresh_db):
    proposal, secretariat = disposed["proposal"], disposed["secretariat"]
    login(secretariat)
    endorse(db, client, small)
    proposal = db.get(Proposal, proposal.id)
    with app.app_context():  # as under the command line: the refusal words the date
        with pytest.raises(DraftingRefused, match=f"{ENDORSED}: proposals are no longer applied"):
            dispositions.dispose(db, proposal, secretariat, "accepted", "Agreed.", APPLY["wording"], apply=True)
        with pytest.raises(DraftingRefused, match=f"{ENDORSED}: proposals are no longer applied"):
            dispositions.apply_to_draft(db, proposal, secretariat, APPLY["wording"])
    db.commit()  # whatever the services left pending would be kept now
    session = fresh_db()
    assert crim_text(session, small.id) == ORIGINAL
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "proposal.apply")) is None
    assert session.get(Proposal, proposal.id).disposition.applied_at is None


def test_before_the_endorsement_the_page_offers_to_apply_and_applies(db, client, login, disposed, small, fresh_db):
    proposal = disposed["proposal"]
    login(disposed["secretariat"])
    page = _page(client.get(f"/drafting/consultations/{disposed['consultation'].id}"))
    assert f'id="apply-{proposal.id}" name="apply"' in page and "The draft was endorsed" not in page
    # the form starts from the disposition recorded, so sending it again keeps what is not changed
    assert f'<textarea id="reply-{proposal.id}" name="reply" dir="auto">Agreed.</textarea>' in page
    assert '<option value="accepted" selected>' in page
    client.post(f"/drafting/proposals/{proposal.id}/disposition", data=APPLY)
    session = fresh_db()
    assert crim_text(session, small.id) == APPLY["wording"]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "proposal.apply")) is not None


def test_after_the_endorsement_the_page_offers_no_apply_and_only_the_reply_changes(db, client, login, disposed,
                                                                                    small, fresh_db):
    proposal, comment = disposed["proposal"], disposed["comment"]
    login(disposed["secretariat"])
    endorse(db, client, small)
    page = _page(client.get(f"/drafting/consultations/{disposed['consultation'].id}"))
    assert 'name="apply"' not in page and f'id="dwording-{proposal.id}"' not in page
    assert f"{ENDORSED}: proposals are no longer applied to it." in page and f"/builder/{small.id}" in page
    assert f'id="outcome-{proposal.id}"' not in page
    assert '<input type="hidden" name="outcome" value="accepted">' in page
    assert f'id="outcome-{comment.id}"' in page  # a post without a disposition may still be given one
    assert "Close the consultation now" not in page
    # the outcome the Working Group saw stays; the reply may be completed
    response = client.post(f"/drafting/proposals/{proposal.id}/disposition", data={"outcome": "not_accepted",
                                                                                  "reply": "On reflection, no."})
    assert response.status_code == 400 and "its outcome stays as recorded" in _page(response)
    assert fresh_db().get(Proposal, proposal.id).disposition.outcome == "accepted"
    client.post(f"/drafting/proposals/{proposal.id}/disposition", data={"outcome": "accepted",
                                                                       "reply": "Agreed; see the endorsed text."})
    client.post(f"/drafting/proposals/{comment.id}/disposition", data={"outcome": "accepted", "reply": "Noted."})
    session = fresh_db()
    kept = session.get(Proposal, proposal.id).disposition
    assert (kept.outcome, kept.reply, kept.applied_at) == ("accepted", "Agreed; see the endorsed text.", None)
    assert session.get(Proposal, comment.id).disposition.reply == "Noted."
    assert crim_text(session, small.id) == ORIGINAL


def test_states_post_change_withdraw_or_support_nothing_after_the_endorsement(db, client, login, disposed, small,
                                                                             fresh_db):
    """The consultation is still open by its dates: the endorsement alone ends it."""
    c, proposal = disposed["consultation"], disposed["proposal"]
    login(disposed["secretariat"])
    listed = re.search(rf'consultations/{c.id}">.*?</li>', _page(client.get("/drafting/")), re.S).group(0)
    assert "(closed)" not in listed
    endorse(db, client, small)
    listed = re.search(rf'consultations/{c.id}">.*?</li>', _page(client.get("/drafting/")), re.S).group(0)
    assert "(closed)" in listed  # the list says so too
    before = written(fresh_db())
    refused = f"{ENDORSED}: the consultation takes no more posts or changes."
    login(disposed["mex"])
    page = _page(_post(client, c, follow=False, question_key="crim", kind="comment", justification="Too late."))
    assert refused in page and "Too late." in page  # the form comes back as typed
    page = _page(client.post(f"/drafting/proposals/{proposal.id}/edit", data={
        "kind": "wording", "field": "text", "wording": "Changed after the endorsement.", "justification": "Late."}))
    assert refused in page
    response = client.get(f"/drafting/proposals/{proposal.id}/edit", follow_redirects=True)
    assert refused in _page(response) and "Change your post" not in _page(response)
    assert refused in _page(client.post(f"/drafting/proposals/{proposal.id}/withdraw", follow_redirects=True))
    page = _page(client.get(f"/drafting/consultations/{c.id}"))
    assert refused in page and f"/drafting/consultations/{c.id}/posts" not in page
    assert f"/drafting/proposals/{proposal.id}/edit" not in page and "/withdraw" not in page
    login(disposed["nga"])
    assert refused in _page(client.post(f"/drafting/proposals/{proposal.id}/support", follow_redirects=True))
    assert "/support" not in _page(client.get(f"/drafting/consultations/{c.id}"))
    session = fresh_db()
    assert written(session) == before
    kept = session.get(Proposal, proposal.id)
    assert (kept.wording, kept.justification, kept.withdrawn_at) == (APPLY["wording"], "The Protocol's words.", None)


def test_no_consultation_opens_on_a_revision_of_an_endorsed_draft(db, client, login, disposed, small, fresh_db):
    login(disposed["secretariat"])
    second = db.scalar(select(Revision).where(Revision.number == 2))
    assert f"/drafting/revisions/{second.id}/consultation" in _page(client.get(f"/drafting/questionnaires/{small.id}"))
    endorse(db, client, small)
    assert f"/drafting/revisions/{second.id}/consultation" not in \
        _page(client.get(f"/drafting/questionnaires/{small.id}"))
    today = utcnow().date()
    response = client.post(f"/drafting/revisions/{second.id}/consultation", follow_redirects=True, data={
        "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=30)).isoformat(),
        "participants": "parties"})
    assert f"{ENDORSED}: its revisions are no longer consulted on." in _page(response)
    assert fresh_db().scalar(select(func.count(Consultation.id))) == 1
