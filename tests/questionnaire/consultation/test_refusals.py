"""The drafting round's bad input, one refusal at a time, each through the pages as a crafted request would
come: a clear message or the right status, and nothing written (read back through a fresh session)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question
from questionnaire.consultation import consultations, proposals, revisions
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.definitions.document import import_document
from questionnaire.models import (
    AuditEvent, Consultation, Decision, Disposition, Meeting, Proposal, Questionnaire, Revision, Support, utcnow,
)
from tests.factories import small_document

WRITTEN = (AuditEvent, Consultation, Decision, Disposition, Meeting, Proposal, Revision, Support)


def counts(session) -> dict[str, int]:
    """How many rows each table of the drafting round (and the audit log) holds."""
    return {model.__name__: session.scalar(select(func.count()).select_from(model)) for model in WRITTEN}


def _post(client, consultation, follow=False, **data):
    return client.post(f"/drafting/consultations/{consultation.id}/posts", data=data, follow_redirects=follow)


@pytest.fixture
def posted(db, client, login, round_):
    """``round_`` with Mexico's wording proposal on "crim" (``proposal``) and Nigeria's comment on "cases"."""
    login(round_["mex"])
    _post(client, round_["consultation"], question_key="crim", kind="wording", field="text",
          wording="Is the smuggling of migrants a crime?", justification="The Protocol's words.")
    login(round_["nga"])
    _post(client, round_["consultation"], question_key="cases", kind="comment", justification="No figures.")
    proposal = db.scalar(select(Proposal).where(Proposal.kind == "wording"))
    assert proposal is not None and db.scalar(select(func.count(Proposal.id))) == 2
    return {**round_, "proposal": proposal}


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_nothing_is_posted_changed_or_supported_once_the_consultation_closed(db, client, login, posted, fresh_db):
    c, proposal = posted["consultation"], posted["proposal"]
    login(posted["secretariat"])
    client.post(f"/drafting/consultations/{c.id}/close")
    before = counts(fresh_db())
    login(posted["mex"])
    page = _page(_post(client, c, follow=True, question_key="crim", kind="comment", justification="Too late."))
    assert "The consultation is not open: nothing can be posted or changed." in page
    page = _page(client.post(f"/drafting/proposals/{proposal.id}/edit", follow_redirects=True, data={
        "kind": "wording", "field": "text", "wording": "Changed after the close.", "justification": "Late."}))
    assert "The consultation is not open" in page
    client.post(f"/drafting/proposals/{proposal.id}/withdraw")
    login(posted["nga"])
    page = _page(client.post(f"/drafting/proposals/{proposal.id}/support", follow_redirects=True))
    assert "The consultation is not open" in page
    session = fresh_db()
    assert counts(session) == before
    kept = session.get(Proposal, proposal.id)
    assert (kept.wording, kept.justification, kept.withdrawn_at) == (
        "Is the smuggling of migrants a crime?", "The Protocol's words.", None)


def test_a_consultation_past_its_closing_date_takes_no_post(db, client, login, round_, fresh_db):
    c = db.get(Consultation, round_["consultation"].id)
    c.opens_on, c.closes_on = utcnow().date() - timedelta(days=30), utcnow().date() - timedelta(days=1)
    db.commit()
    login(round_["mex"])
    page = _page(_post(client, c, follow=True, question_key="crim", kind="comment", justification="Too late."))
    assert "The consultation is not open" in page
    assert fresh_db().scalar(select(Proposal)) is None


def test_a_post_on_a_question_or_cluster_the_revision_does_not_hold_is_refused(db, client, login, round_, small,
                                                                               fresh_db):
    # "later" is in the working draft, added after revision 1 was issued: not in the revision
    add_question(db, small.clusters[0], None, QuestionFields(key="later", text="Added later?", kind="short_text",
                                                             number="8"))
    db.commit()
    c = round_["consultation"]
    login(round_["mex"])
    for data, message in [
        ({"question_key": "later", "kind": "comment", "justification": "?"}, "That question is not in the revision."),
        ({"question_key": "not.there", "kind": "delete", "justification": "?"}, "That question is not in the revision."),
        ({"cluster_code": "Z", "kind": "comment", "justification": "?"}, "That cluster is not in the revision."),
        ({"question_key": "crim", "kind": "move", "to_cluster": "Z"}, "Choose a cluster of the revision"),
        ({"question_key": "crim", "kind": "wording", "field": "title", "wording": "x"}, "Say which wording"),
        ({"question_key": "crim", "kind": "vote"}, "Choose what you propose."),
    ]:
        assert message in _page(_post(client, c, follow=True, **data)), data
    assert fresh_db().scalar(select(Proposal)) is None


def test_a_state_neither_edits_nor_withdraws_another_states_proposal_nor_supports_its_own(
        db, client, login, posted, make_user, fresh_db):
    proposal = posted["proposal"]
    before = counts(fresh_db())
    login(posted["nga"])
    assert client.get(f"/drafting/proposals/{proposal.id}/edit").status_code == 403
    assert client.post(f"/drafting/proposals/{proposal.id}/edit", data={
        "kind": "comment", "justification": "Nigeria's words in Mexico's name."}).status_code == 403
    assert client.post(f"/drafting/proposals/{proposal.id}/withdraw").status_code == 403
    # neither the delegate who posted it nor the focal point of the same State supports it
    for user in (posted["mex"], make_user("focal_point", state="MEX")):
        login(user)
        page = _page(client.post(f"/drafting/proposals/{proposal.id}/support", follow_redirects=True))
        assert "A State does not support its own proposal." in page
    session = fresh_db()
    assert counts(session) == before
    kept = session.get(Proposal, proposal.id)
    assert (kept.kind, kept.justification, kept.withdrawn_at) == ("wording", "The Protocol's words.", None)


def test_a_comment_is_not_supported_and_no_state_supports_twice(db, client, login, posted, fresh_db):
    comment = db.scalar(select(Proposal).where(Proposal.kind == "comment"))
    login(posted["mex"])
    assert "Only proposals standing can be supported." in _page(
        client.post(f"/drafting/proposals/{comment.id}/support", follow_redirects=True))
    login(posted["nga"])
    client.post(f"/drafting/proposals/{posted['proposal'].id}/support")
    assert "supports this proposal already" in _page(
        client.post(f"/drafting/proposals/{posted['proposal'].id}/support", follow_redirects=True))
    assert [s.state.iso3 for s in fresh_db().scalars(select(Support))] == ["NGA"]


def test_a_state_not_invited_reaches_nothing_by_its_ids(db, client, login, posted, make_user, fresh_db):
    c, proposal = posted["consultation"], posted["proposal"]
    before = counts(fresh_db())
    for user in (make_user("delegate", state="FRA"), make_user("focal_point", state="FRA")):
        login(user)
        assert client.get(f"/drafting/consultations/{c.id}").status_code == 404
        assert client.get(f"/drafting/consultations/{c.id}/compilation.docx").status_code == 404
        assert _post(client, c, question_key="crim", kind="comment", justification="Not invited.").status_code == 404
        assert client.get(f"/drafting/proposals/{proposal.id}/edit").status_code == 404
        assert client.post(f"/drafting/proposals/{proposal.id}/edit", data={
            "kind": "comment", "justification": "x"}).status_code == 404
        for step in ("support", "withdraw"):
            assert client.post(f"/drafting/proposals/{proposal.id}/{step}").status_code == 404
        assert client.get(f"/drafting/questionnaires/{c.revision.questionnaire_id}/questions/crim/history"
                          ).status_code == 404
        assert "CTOC/COP/WG.7/2017/2" not in _page(client.get("/drafting/"))
    # an expert of an invited State does not speak for it in the consultation
    login(make_user("expert", state="MEX"))
    assert _post(client, c, question_key="crim", kind="comment", justification="An expert.").status_code in (403, 404)
    assert counts(fresh_db()) == before


def test_only_the_secretariat_records_a_disposition(db, client, login, posted, make_user, fresh_db):
    proposal = posted["proposal"]
    before = counts(fresh_db())
    data = {"outcome": "accepted", "reply": "Agreed.", "wording": "Is it a crime?", "apply": "y"}
    for user in (posted["mex"], posted["nga"], make_user("focal_point", state="NGA"), make_user("reviewer"),
                 make_user("expert", state="MEX")):
        login(user)
        assert client.post(f"/drafting/proposals/{proposal.id}/disposition", data=data).status_code == 403, user.role
    session = fresh_db()
    assert counts(session) == before
    assert session.get(Questionnaire, posted["revision"].questionnaire_id).clusters[0].questions[0].text == \
        "Is smuggling a crime?"


def test_a_disposition_the_draft_cannot_take_is_refused_whole(db, client, login, posted, fresh_db):
    comment = db.scalar(select(Proposal).where(Proposal.kind == "comment"))
    login(posted["secretariat"])
    for proposal_id, data, message in [
        (posted["proposal"].id, {"outcome": "not_accepted", "reply": "No.", "apply": "y"},
         "Only an accepted proposal is applied to the draft."),
        (comment.id, {"outcome": "accepted", "reply": "Noted.", "apply": "y"}, "Only wording proposals are applied"),
        (posted["proposal"].id, {"outcome": "maybe"}, "Choose the disposition."),
        (posted["proposal"].id, {"outcome": "accepted", "reply": "x" * 2001}, "2000"),
    ]:
        page = _page(client.post(f"/drafting/proposals/{proposal_id}/disposition", data=data, follow_redirects=True))
        assert message in page, data
    session = fresh_db()
    assert session.scalar(select(Disposition)) is None
    assert session.get(Questionnaire, posted["revision"].questionnaire_id).clusters[0].questions[0].text == \
        "Is smuggling a crime?"


@pytest.mark.parametrize(("keys", "waiting", "warned", "refused"), [
    (("crim",), "1 proposal of the consultations has no disposition yet",
     "the questionnaire cannot be endorsed until it has one.", "answer it before the endorsement."),
    (("crim", "cases"), "2 proposals of the consultations have no disposition yet",
     "the questionnaire cannot be endorsed until each has one.", "answer each before the endorsement."),
])
def test_the_proposals_waiting_for_a_disposition_are_counted_for_one_and_for_several(db, client, login, round_, small,
                                                                                    keys, waiting, warned, refused):
    login(round_["mex"])
    for key in keys:
        _post(client, round_["consultation"], question_key=key, kind="wording", field="text",
              wording=f"New wording of {key}?", justification="Clearer.")
    wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13), place="Vienna")
    db.add(wg)
    db.commit()
    login(round_["secretariat"])
    client.post(f"/drafting/consultations/{round_['consultation'].id}/close")
    assert f"{waiting}; {warned}" in _page(client.get(f"/builder/{small.id}"))
    response = client.post(f"/builder/{small.id}/endorse", data={"meeting": wg.id, "date": "2017-09-13"},
                           follow_redirects=True)
    assert f"{waiting}: {refused}" in _page(response)


def test_endorsement_waits_for_a_disposition_of_every_standing_proposal(db, client, login, posted, small, fresh_db):
    wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13), place="Vienna")
    db.add(wg)
    db.commit()
    login(posted["secretariat"])
    client.post(f"/drafting/consultations/{posted['consultation'].id}/close")
    response = client.post(f"/builder/{small.id}/endorse", data={"meeting": wg.id, "date": "2017-09-13"},
                           follow_redirects=True)
    assert "1 proposal of the consultations has no disposition yet" in _page(response)
    session = fresh_db()
    assert session.get(Questionnaire, small.id).status == "draft" and session.scalar(select(Decision)) is None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action.like("%endorse%"))) is None
    # Nigeria's comment needs no disposition; once Mexico's proposal has one, the endorsement goes through
    client.post(f"/drafting/proposals/{posted['proposal'].id}/disposition", data={"outcome": "not_accepted",
                                                                                 "reply": "Kept as it is."})
    client.post(f"/builder/{small.id}/endorse", data={"meeting": wg.id, "date": "2017-09-13"})
    assert fresh_db().get(Questionnaire, small.id).status == "endorsed"


def test_a_withdrawn_proposal_does_not_hold_up_the_endorsement(db, client, login, posted, small, fresh_db):
    from questionnaire import lifecycle

    login(posted["mex"])
    client.post(f"/drafting/proposals/{posted['proposal'].id}/withdraw")
    assert lifecycle.undisposed_proposals(fresh_db(), small) == 0


def test_a_second_revision_with_the_same_symbol_is_refused(db, client, login, round_, small, fresh_db):
    login(round_["secretariat"])
    before = counts(fresh_db())
    for symbol in ("CTOC/COP/WG.7/2017/2", " ctoc/cop/wg.7/2017/2 "):
        response = client.post(f"/drafting/questionnaires/{small.id}/revisions", follow_redirects=True,
                               data={"symbol": symbol, "issued_on": "2017-07-01"})
        assert "was issued already" in _page(response)
    assert counts(fresh_db()) == before
    # the same symbol on another questionnaire's revision is not this questionnaire's business
    other = import_document(db, small_document("other"))
    db.commit()
    client.post(f"/drafting/questionnaires/{other.id}/revisions", data={"symbol": "CTOC/COP/WG.7/2017/2",
                                                                        "issued_on": "2017-07-01"})
    assert fresh_db().scalar(select(func.count(Revision.id))) == 2


def test_an_over_long_symbol_or_a_questionnaire_past_its_draft_is_not_issued(db, client, login, round_, small,
                                                                             fresh_db):
    login(round_["secretariat"])
    client.post(f"/drafting/questionnaires/{small.id}/revisions", data={"symbol": "S" * 81, "issued_on": "2017-07-01"})
    assert fresh_db().scalar(select(func.count(Revision.id))) == 1
    with pytest.raises(DraftingRefused, match="Only a draft"):
        endorsed = import_document(db, small_document("endorsed-one"))
        endorsed.status = "endorsed"
        revisions.issue_revision(db, endorsed, None, "X/2", date(2017, 7, 1))
    db.rollback()


def test_revisions_of_two_questionnaires_are_never_compared(db, client, login, runner, round_, small, fresh_db):
    """``small`` has revision 1 only; ``other`` has 1 and 2: revision 2 of ``small`` is not ``other``'s."""
    other = import_document(db, small_document("other"))
    db.commit()
    for number in (1, 2):
        revisions.issue_revision(db, other, None, f"OTHER/{number}", date(2017, 7, number))
    db.commit()
    login(round_["secretariat"])
    for url in (f"/drafting/questionnaires/{small.id}/compare?from=1&to=2",
                f"/drafting/questionnaires/{small.id}/compare?from=2&to=draft",
                f"/drafting/questionnaires/{small.id}/changes.docx?from=1&to=2",
                f"/drafting/questionnaires/{small.id}/changes.xlsx?from=1&to=2"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/drafting/questionnaires/{other.id}/compare?from=1&to=2").status_code == 200
    result = runner.invoke(args=["definition", "diff", small.slug, "--from", "1", "--to", "2"])
    assert result.exit_code == 1 and "has no revision 2" in result.output


def test_over_long_justifications_are_refused_and_the_post_kept_as_it_was(db, client, login, posted, fresh_db):
    c, proposal = posted["consultation"], posted["proposal"]
    login(posted["mex"])
    page = _page(_post(client, c, follow=True, question_key="crim", kind="comment", justification="x" * 2001))
    assert "Keep it to 2000 characters." in page
    response = client.post(f"/drafting/proposals/{proposal.id}/edit", data={
        "kind": "wording", "field": "text", "wording": "Other words?", "justification": "y" * 2001})
    assert response.status_code == 400 and "Keep it to 2000 characters." in _page(response)
    with pytest.raises(DraftingRefused, match="2000"):
        proposals.post(db, c, posted["mex"], proposals.ProposalInput("comment", "crim", justification="z" * 2001))
    db.rollback()
    session = fresh_db()
    assert session.scalar(select(func.count(Proposal.id))) == 2
    kept = session.get(Proposal, proposal.id)
    assert (kept.wording, kept.justification) == ("Is the smuggling of migrants a crime?", "The Protocol's words.")
    # exactly the limit is fine
    _post(client, c, question_key="crim", kind="comment", justification="x" * 2000)
    assert fresh_db().scalar(select(func.count(Proposal.id))) == 3


# --- crafted requests without the CSRF token --------------------------------------------------------------

def _signed_in(app, user):
    from questionnaire.auth.sessions import session_fields

    client = app.test_client()
    fields = session_fields(user)
    with client.session_transaction() as session:
        session.update(fields)
    return client


CRAFTED = {
    "post": lambda ids: (f"/drafting/consultations/{ids['consultation']}/posts",
                         {"question_key": "crim", "kind": "comment", "justification": "No token."}, "mex"),
    "edit": lambda ids: (f"/drafting/proposals/{ids['proposal']}/edit",
                         {"kind": "comment", "justification": "No token."}, "mex"),
    "withdraw": lambda ids: (f"/drafting/proposals/{ids['proposal']}/withdraw", {}, "mex"),
    "support": lambda ids: (f"/drafting/proposals/{ids['proposal']}/support", {}, "nga"),
    "disposition": lambda ids: (f"/drafting/proposals/{ids['proposal']}/disposition",
                                {"outcome": "accepted", "reply": "No token.", "apply": "y"}, "secretariat"),
    "issue": lambda ids: (f"/drafting/questionnaires/{ids['questionnaire']}/revisions",
                          {"symbol": "X/2", "issued_on": "2017-07-01"}, "secretariat"),
    "open": lambda ids: (f"/drafting/revisions/{ids['revision2']}/consultation",
                         {"opens_on": "2030-01-01", "closes_on": "2030-02-01", "participants": "parties"},
                         "secretariat"),
    "close": lambda ids: (f"/drafting/consultations/{ids['consultation']}/close", {}, "secretariat"),
    "meeting": lambda ids: ("/drafting/meetings", {"body": "working_group", "session": "5", "starts_on": "2018-01-01",
                                                   "ends_on": "2018-01-02", "place": "Vienna"}, "secretariat"),
    "endorse": lambda ids: (f"/builder/{ids['questionnaire']}/endorse", {"meeting": ids["meeting"],
                                                                         "date": "2017-09-13"}, "secretariat"),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_every_post_of_the_round_needs_the_csrf_token(csrf_app, db, make_user, small, parties, fresh_db, name):
    secretariat = make_user("secretariat")
    users = {"secretariat": secretariat, "mex": make_user("delegate", state="MEX"),
             "nga": make_user("delegate", state="NGA")}
    first = revisions.issue_revision(db, small, secretariat, "X/1", date(2017, 6, 1))
    consultation = consultations.open_consultation(db, first, secretariat, utcnow().date(),
                                                   utcnow().date() + timedelta(days=30), "parties")
    proposal = proposals.post(db, consultation, users["mex"], proposals.ProposalInput(
        "wording", "crim", field="text", wording="Is it a crime?", justification="Shorter."))
    db.flush()
    wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13), place="Vienna")
    db.add(wg)
    db.flush()
    second = revisions.issue_revision(db, small, secretariat, "X/1/Rev.1", date(2017, 7, 1))
    db.commit()
    ids = {"consultation": consultation.id, "proposal": proposal.id, "questionnaire": small.id,
           "revision2": second.id, "meeting": wg.id}
    url, data, who = CRAFTED[name](ids)
    before = counts(fresh_db())
    response = _signed_in(csrf_app, users[who]).post(url, data=data)
    assert response.status_code == 400
    session = fresh_db()
    assert counts(session) == before
    kept = session.get(Proposal, proposal.id)
    assert (kept.justification, kept.withdrawn_at) == ("Shorter.", None)
    assert session.get(Consultation, consultation.id).closed_at is None
    assert session.get(Questionnaire, small.id).status == "draft"


def test_a_refused_post_comes_back_as_typed_with_the_reason(db, client, login, posted, fresh_db):
    c, proposal = posted["consultation"], posted["proposal"]
    login(posted["mex"])
    typed = "A long justification the delegate would not want to type twice."
    response = _post(client, c, question_key="authority", kind="wording", field="guidance", wording="  ",
                     justification=typed)
    page = _page(response)
    assert response.status_code == 400 and "Write the wording you propose." in page and typed in page
    assert 'name="question_key" type="hidden" value="authority"' in page
    assert '<form method="post" novalidate>' in page  # sent back to the address it came to
    # sent again from that page, with the wording, it is published
    client.post(f"/drafting/consultations/{c.id}/posts", data={
        "question_key": "authority", "kind": "wording", "field": "guidance", "wording": "Name the authority.",
        "justification": typed})
    assert fresh_db().scalar(select(Proposal).where(Proposal.question_key == "authority")).justification == typed
    # a change refused by the rules keeps what was typed too
    response = client.post(f"/drafting/proposals/{proposal.id}/edit", data={
        "kind": "move", "to_cluster": "Z", "justification": typed})
    page = _page(response)
    assert response.status_code == 400 and "Choose a cluster of the revision" in page and typed in page
    assert "Change your post" in page
    assert fresh_db().get(Proposal, proposal.id).kind == "wording"


def test_a_refused_disposition_comes_back_open_with_what_the_secretariat_typed(db, client, login, posted, fresh_db):
    login(posted["secretariat"])
    proposal_id = posted["proposal"].id
    reply = "We keep the text; " + "r" * 2001
    response = client.post(f"/drafting/proposals/{proposal_id}/disposition", data={
        "outcome": "with_changes", "reply": reply, "wording": "Is the smuggling of migrants an offence?", "apply": "y"})
    page = _page(response)
    assert response.status_code == 400 and "2000" in page
    assert f'<textarea id="reply-{proposal_id}" name="reply" dir="auto">{reply}</textarea>' in page
    assert "Is the smuggling of migrants an offence?</textarea>" in page
    assert f'<option value="with_changes" selected>' in page and f'id="apply-{proposal_id}" name="apply" value="y" checked' in page
    assert fresh_db().scalar(select(Disposition)) is None
