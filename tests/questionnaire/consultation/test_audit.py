"""Every step of the drafting round goes to the audit log: who, on what, and what it said."""
from __future__ import annotations

from sqlalchemy import select

from questionnaire.models import AuditEvent, Proposal


def test_the_audit_log_holds_every_step_of_the_round(db, client, login, round_, small, fresh_db):
    c, secretariat, mex, nga = round_["consultation"], round_["secretariat"], round_["mex"], round_["nga"]
    login(mex)
    client.post(f"/drafting/consultations/{c.id}/posts", data={
        "question_key": "crim", "kind": "wording", "field": "text", "wording": "Is it a crime?",
        "justification": "Shorter."})
    client.post(f"/drafting/consultations/{c.id}/posts", data={
        "question_key": "cases", "kind": "delete", "justification": "No figures."})
    wording, deletion = fresh_db().scalars(select(Proposal).order_by(Proposal.id)).all()
    client.post(f"/drafting/proposals/{wording.id}/edit", data={
        "kind": "wording", "field": "text", "wording": "Is it an offence?", "justification": "Shorter still."})
    client.post(f"/drafting/proposals/{deletion.id}/withdraw")
    login(nga)
    client.post(f"/drafting/proposals/{wording.id}/support")
    login(secretariat)
    client.post(f"/drafting/consultations/{c.id}/close")
    client.post(f"/drafting/proposals/{wording.id}/disposition", data={
        "outcome": "with_changes", "reply": "Accepted.", "wording": "Is it a criminal offence?", "apply": "y"})

    events = fresh_db().scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    round_events = [(e.action, e.user_id, e.target) for e in events
                    if e.action.split(".")[0] in ("revision", "consultation", "proposal")]
    target = f"consultation:{c.id}"
    assert round_events == [
        ("revision.issue", secretariat.id, f"questionnaire:{small.id}"),
        ("consultation.open", secretariat.id, target),
        ("proposal.post", mex.id, target),
        ("proposal.post", mex.id, target),
        ("proposal.edit", mex.id, target),
        ("proposal.withdraw", mex.id, target),
        ("proposal.support", nga.id, target),
        ("consultation.close", secretariat.id, target),
        ("proposal.dispose", secretariat.id, target),
        ("proposal.apply", secretariat.id, target),
    ]
    details = {e.action: e.details for e in events}
    assert details["revision.issue"]["symbol"] == "CTOC/COP/WG.7/2017/2" and details["revision.issue"]["revision"] == 1
    assert details["consultation.open"]["participants"] == "parties"
    assert details["proposal.edit"]["before"]["wording"] == "Is it a crime?"
    assert details["proposal.edit"]["after"]["wording"] == "Is it an offence?"
    assert details["proposal.withdraw"]["proposal"] == deletion.id
    assert details["proposal.support"] == {"revision": "CTOC/COP/WG.7/2017/2", "proposal": wording.id, "state": "NGA"}
    assert details["proposal.dispose"]["after"] == {"outcome": "with_changes", "reply": "Accepted."}
    assert details["proposal.apply"]["wording"] == "Is it a criminal offence?"
    # the question's own edit is in the log too, as the builder records it
    edit = next(e for e in events if e.action == "questionnaire.question.edit")
    assert edit.user_id == secretariat.id and edit.details["after"] == {"text": "Is it a criminal offence?"}


def test_the_log_words_each_step_of_the_round_in_the_readers_language(db, client, login, round_, make_user,
                                                                       fresh_db):
    c, mex = round_["consultation"], round_["mex"]
    login(mex)
    client.post(f"/drafting/consultations/{c.id}/posts", data={
        "question_key": "crim", "kind": "wording", "field": "text", "wording": "Is it a crime?",
        "justification": "Shorter."})
    posted = fresh_db().scalars(select(Proposal).order_by(Proposal.id.desc())).first()
    client.post(f"/drafting/proposals/{posted.id}/edit", data={
        "kind": "wording", "field": "text", "wording": "Is it an offence?", "justification": "Shorter still."})
    login(make_user("secretariat", locale="fr"))
    page = client.get("/audit/").get_data(as_text=True)
    symbol = "CTOC/COP/WG.7/2017/2"
    assert f"a ouvert la consultation sur {symbol}" in page
    assert f"a publié {symbol}" in page
    assert f"a déposé une proposition sur {symbol} (Mexique)" in page  # the State in French, where no article is needed
    assert "(consultation:" not in page  # no event left as its code and target
    # a new proposal is what it holds, not a change from nothing; codes are in words
    assert "<li>Type\u00a0: <bdi>Nouvelle formulation</bdi></li>" in page  # what it holds, not "was — now …"
    assert "</del> → " in page
    login(make_user("secretariat", locale="ar"))
    assert "</del> ← " in client.get("/audit/").get_data(as_text=True)  # old to new, right to left


def test_the_log_names_each_proposal_by_its_state_and_question(client, login, revised, make_user):
    login(make_user("secretariat"))
    page = client.get("/audit/").get_data(as_text=True)
    proposal = revised["proposal"]
    # the wording applied is the question's text now; Nigeria's comment is on question 2
    wording = "Mexico, on question 1 “Is smuggling of migrants a criminal offence?”"
    assert f"<li>Proposal: <bdi>{wording}</bdi></li>" in page
    assert "<li>Proposal: <bdi>Nigeria, on question 2 “How many cases?”</bdi></li>" in page
    assert "<li>Question: <bdi>question 1 “Is smuggling of migrants a criminal offence?”</bdi></li>" in page
    assert f"Proposal: <bdi>{proposal.id}</bdi>" not in page and "Question: <bdi>crim</bdi>" not in page
    assert "changed question 1 “Is smuggling of migrants a criminal offence?” of “Small questionnaire revised”" in page
