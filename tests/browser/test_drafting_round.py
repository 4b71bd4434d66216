"""A drafting round in a real browser: the secretariat issues a revision and opens a consultation, a delegate
proposes new wording, another State's delegate supports it, the secretariat records a disposition, applies it,
and downloads the compilation and the revised draft showing changes."""
from __future__ import annotations

from datetime import timedelta

from docx import Document
from sqlalchemy import select

from questionnaire.definitions.document import import_document
from questionnaire.models import Proposal, Questionnaire, Revision, utcnow
from tests.factories import small_document, set_party

NEW_WORDING = "Is the smuggling of migrants a criminal offence?"


def test_a_round_from_the_issued_draft_to_the_compilation(csrf_app, db, new_page, make_user, states, fresh_db):
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

    nigeria = new_page(make_user("delegate", state="NGA"))
    nigeria.goto(consultation_url)
    nigeria.locator("#q-crim .proposal").get_by_role("button", name="Support").click()
    assert "Supported by Nigeria" in nigeria.locator("#q-crim .proposal").inner_text()

    secretariat.goto(consultation_url)
    post = secretariat.locator("#q-crim .proposal")
    post.get_by_text("Disposition of the post by Mexico").click()
    post.get_by_label("Disposition", exact=True).select_option("with_changes")
    post.get_by_label("Reply").fill("Accepted, without the article.")
    post.get_by_label("Wording as accepted").fill("Is smuggling of migrants a criminal offence?")
    post.get_by_label("Apply the wording to the working draft").check()
    post.get_by_role("button", name="Record the disposition").click()
    assert "applied to the working draft" in secretariat.get_by_role("status").inner_text()
    with secretariat.expect_download() as download:
        secretariat.get_by_role("link", name="Compilation (Word)").click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "CTOC/COP/WG.7/2017/2" in text and "Supported by Nigeria" in text and "Accepted, without the article." in text

    session = fresh_db()
    assert session.scalar(select(Questionnaire).where(Questionnaire.slug == "walk")).clusters[0].questions[0].text == \
        "Is smuggling of migrants a criminal offence?"
    assert session.scalar(select(Proposal)).disposition.outcome == "with_changes"
    # the revision's page offers the revised draft showing changes once /Rev.1 is issued
    secretariat.goto(f"/drafting/questionnaires/{draft.id}")
    secretariat.get_by_label("Document symbol").fill("CTOC/COP/WG.7/2017/2/Rev.1")
    secretariat.get_by_label("Date of the document").fill("2017-08-21")
    secretariat.get_by_role("button", name="Issue the revision").click()
    with secretariat.expect_download() as download:
        secretariat.get_by_role("row", name="CTOC/COP/WG.7/2017/2/Rev.1").get_by_role("link", name="Word").click()
    runs = [run for p in Document(download.value.path()).paragraphs for run in p.runs]
    assert any(run.font.underline and "criminal offence?" in run.text for run in runs)
    assert any(run.font.strike and "crime?" in run.text for run in runs)
    assert session.scalar(select(Revision.symbol).where(Revision.number == 2)) == "CTOC/COP/WG.7/2017/2/Rev.1"
