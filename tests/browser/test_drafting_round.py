"""A drafting round in a real browser, from the first issued draft to the Conference's adoption.

The secretariat issues revision 1 and opens a consultation; Mexico's delegate proposes new wording, Nigeria's
comments and supports Mexico's proposal; the secretariat closes the consultation, accepts the proposal with
changes and applies it, downloads the compilation, issues revision 2, compares revisions 1 and 2 and sees the
change with the proposal behind it, records the endorsement at a session of the Working Group and the
adoption by a resolution of the Conference. What was saved is read back through a fresh session.
"""
from __future__ import annotations

from datetime import date, timedelta

from docx import Document
from sqlalchemy import select

from questionnaire.definitions.document import import_document
from questionnaire.models import (
    AuditEvent, Decision, DecisionKind, Proposal, ProposalKind, Questionnaire, QuestionnaireStatus, Revision, Support,
    utcnow,
)
from tests.factories import small_document, set_party

NEW_WORDING = "Is the smuggling of migrants a criminal offence?"
ACCEPTED_WORDING = "Is smuggling of migrants a criminal offence?"


def _record_session(page, body: str, number: int, first: date, last: date) -> None:
    page.goto("/drafting/")
    page.get_by_label("Body").select_option(label=body)
    page.get_by_label("Session number").fill(str(number))
    page.get_by_label("First day").fill(first.isoformat())
    page.get_by_label("Last day").fill(last.isoformat())
    page.get_by_label("Place").fill("Vienna")
    page.get_by_role("button", name="Record the session").click()
    assert "The session was recorded." in page.get_by_role("status").inner_text()


def test_a_round_from_the_issued_draft_to_the_adoption(csrf_app, db, new_page, make_user, states, fresh_db):
    for iso3 in ("MEX", "NGA"):
        set_party(db, states[iso3])
    draft = import_document(db, small_document("walk"))
    db.commit()
    secretariat = new_page(make_user("secretariat"))
    secretariat.goto(f"/drafting/questionnaires/{draft.id}")
    secretariat.get_by_label("Document symbol").fill("CTOC/COP/WG.7/2017/2")
    secretariat.get_by_label("Date of the document").fill("2017-06-26")
    secretariat.get_by_role("button", name="Issue the revision").click()
    assert "Revision 1 was issued as CTOC/COP/WG.7/2017/2." in secretariat.get_by_role("status").inner_text()
    secretariat.get_by_label("Open until (included)").fill((utcnow().date() + timedelta(days=30)).isoformat())
    secretariat.get_by_role("button", name="Open the consultation").click()
    assert "is open" in secretariat.get_by_role("status").inner_text()
    consultation_url = secretariat.url

    # Mexico proposes new wording
    mexico = new_page(make_user("delegate", state="MEX"))
    mexico.goto(consultation_url)
    question = mexico.locator("#q-crim")
    question.get_by_text("Comment or propose on 1 crim").click()
    question.get_by_label("What you propose").select_option("wording")
    question.get_by_label("Wording to change").select_option("text")
    question.get_by_label("Proposed wording").fill(NEW_WORDING)
    question.get_by_label("Comment or justification").fill("The Protocol's own words.")
    question.get_by_role("button", name="Post").click()
    assert "published" in mexico.get_by_role("status").inner_text()
    assert mexico.locator("#q-crim ins").first.inner_text().strip() == "the"

    # Nigeria comments on another question and supports Mexico's proposal
    nigeria = new_page(make_user("delegate", state="NGA"))
    nigeria.goto(consultation_url)
    cases = nigeria.locator("#q-cases")
    cases.get_by_text("Comment or propose on").click()
    cases.get_by_label("What you propose").select_option("comment")
    cases.get_by_label("Comment or justification").fill("Figures may not be available.")
    cases.get_by_role("button", name="Post").click()
    assert "published" in nigeria.get_by_role("status").inner_text()
    assert "Figures may not be available." in nigeria.locator("#q-cases .proposal").inner_text()
    nigeria.locator("#q-crim .proposal").get_by_role("button", name="Support").click()
    assert "Supported by Nigeria" in nigeria.locator("#q-crim .proposal").inner_text()

    # the secretariat records the sessions, closes the consultation and is warned while a proposal waits
    _record_session(secretariat, "Working Group on the Smuggling of Migrants", 4, date(2017, 9, 11), date(2017, 9, 13))
    _record_session(secretariat, "Conference of the Parties", 9, date(2018, 10, 15), date(2018, 10, 19))
    secretariat.goto(consultation_url)
    secretariat.get_by_role("button", name="Close the consultation now").click()
    assert "The consultation is closed." in secretariat.get_by_role("status").inner_text()
    secretariat.goto(f"/builder/{draft.id}")
    assert "1 proposal of the consultations has no disposition yet" in secretariat.locator(".warning").inner_text()

    # the disposition: accepted with changes, applied to the working draft
    secretariat.goto(consultation_url)
    post = secretariat.locator("#q-crim .proposal")
    post.get_by_text("Disposition of the post by Mexico").click()
    post.get_by_label("Disposition", exact=True).select_option("with_changes")
    post.get_by_label("Reply").fill("Accepted, without the article.")
    post.get_by_label("Wording as accepted").fill(ACCEPTED_WORDING)
    post.get_by_label("Apply the wording to the working draft").check()
    post.get_by_role("button", name="Record the disposition").click()
    assert "applied to the working draft" in secretariat.get_by_role("status").inner_text()
    with secretariat.expect_download() as download:
        secretariat.get_by_role("link", name="Compilation (Word)").click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "CTOC/COP/WG.7/2017/2" in text and "Supported by Nigeria" in text and "Accepted, without the article." in text
    assert "Figures may not be available." in text

    session = fresh_db()
    assert session.scalar(select(Questionnaire).where(Questionnaire.slug == "walk")).clusters[0].questions[0].text == \
        ACCEPTED_WORDING

    # revision 2, and the revised draft showing changes
    secretariat.goto(f"/drafting/questionnaires/{draft.id}")
    assert secretariat.get_by_label("Document symbol").input_value() == "CTOC/COP/WG.7/2017/2/Rev.1"
    secretariat.get_by_label("Date of the document").fill("2017-08-21")
    secretariat.get_by_role("button", name="Issue the revision").click()
    assert "Revision 2 was issued as CTOC/COP/WG.7/2017/2/Rev.1." in secretariat.get_by_role("status").inner_text()
    with secretariat.expect_download() as download:
        secretariat.get_by_role("row", name="CTOC/COP/WG.7/2017/2/Rev.1").get_by_role("link", name="Word").click()
    runs = [run for p in Document(download.value.path()).paragraphs for run in p.runs]
    assert any(run.font.underline and "criminal offence?" in run.text for run in runs)
    assert any(run.font.strike and "crime?" in run.text for run in runs)

    # comparing revisions 1 and 2: the reworded question, with Mexico's proposal behind it
    secretariat.get_by_label("Compare revision").select_option(label="CTOC/COP/WG.7/2017/2")
    secretariat.get_by_label("with").select_option(label="CTOC/COP/WG.7/2017/2/Rev.1")
    secretariat.get_by_role("button", name="Compare", exact=True).click()
    assert "Changes from CTOC/COP/WG.7/2017/2 of 2017-06-26 to CTOC/COP/WG.7/2017/2/Rev.1 of 2017-08-21" in \
        secretariat.get_by_role("heading", level=1).inner_text()
    change = secretariat.locator("section.change", has_text="crim")
    assert "reworded" in change.get_by_role("heading").inner_text()
    assert change.locator("ins").all_inner_texts() == ["of migrants ", "criminal offence?"]
    assert change.locator("del").all_inner_texts() == ["crime?"]
    assert "Proposal by Mexico" in change.locator(".proposal-link").inner_text()
    change.locator(".proposal-link a").click()
    assert secretariat.url.split("#")[0] == consultation_url

    # endorsed at the Working Group's 4th session, adopted by a resolution of the Conference
    secretariat.goto(f"/builder/{draft.id}")
    assert secretariat.locator(".warning").count() == 0
    secretariat.get_by_label("Session of the Working Group").select_option(label=(
        "the Working Group on the Smuggling of Migrants, 4th session (Vienna, Sep 11\u2009–\u200913, 2017)"))
    secretariat.get_by_label("Date of endorsement").fill("2017-09-13")
    secretariat.get_by_role("button", name="Record the endorsement").click()
    assert "now endorsed" in secretariat.get_by_role("status").inner_text()
    secretariat.get_by_label("Session of the Conference of the Parties").select_option(label=(
        "the Conference of the Parties, 9th session (Vienna, Oct 15\u2009–\u200919, 2018)"))
    secretariat.get_by_label("Date of adoption").fill("2018-10-19")
    secretariat.get_by_label("Resolution (number)").fill("9/3")
    secretariat.get_by_role("button", name="Record the adoption").click()
    assert "now adopted" in secretariat.get_by_role("status").inner_text()
    assert secretariat.locator("p.path").inner_text() == (
        "Draft CTOC/COP/WG.7/2017/2, 2017-06-26 → endorsed by the Working Group, 4th session, 2017-09-13 → "
        "adopted by the Conference of the Parties, 9th session, 2018-10-19, resolution 9/3")

    # what was saved, through a fresh session
    session = fresh_db()
    walk = session.scalar(select(Questionnaire).where(Questionnaire.slug == "walk"))
    assert walk.status is QuestionnaireStatus.ADOPTED
    assert [(r.number, r.symbol, r.issued_on) for r in session.scalars(select(Revision).order_by(Revision.number))] == [
        (1, "CTOC/COP/WG.7/2017/2", date(2017, 6, 26)), (2, "CTOC/COP/WG.7/2017/2/Rev.1", date(2017, 8, 21))]
    second = session.scalar(select(Revision).where(Revision.number == 2))
    assert second.question("crim")["text"] == ACCEPTED_WORDING
    posts = {p.kind: p for p in session.scalars(select(Proposal))}
    assert posts.keys() == {ProposalKind.WORDING, ProposalKind.COMMENT}
    assert posts[ProposalKind.WORDING].state.iso3 == "MEX" and posts[ProposalKind.COMMENT].state.iso3 == "NGA"
    assert posts[ProposalKind.WORDING].disposition.outcome == "with_changes"
    assert posts[ProposalKind.WORDING].disposition.applied_wording == ACCEPTED_WORDING
    assert [s.state.iso3 for s in session.scalars(select(Support))] == ["NGA"]
    decisions = {d.kind: d for d in session.scalars(select(Decision).where(Decision.questionnaire_id == walk.id))}
    assert decisions[DecisionKind.ENDORSEMENT].meeting.session == 4
    assert decisions[DecisionKind.ENDORSEMENT].decided_on == date(2017, 9, 13)
    assert decisions[DecisionKind.ADOPTION].meeting.session == 9 and decisions[DecisionKind.ADOPTION].resolution == "9/3"
    assert {"revision.issue", "consultation.open", "consultation.close", "proposal.post", "proposal.support",
            "proposal.dispose", "proposal.apply"} <= set(session.scalars(select(AuditEvent.action)))
