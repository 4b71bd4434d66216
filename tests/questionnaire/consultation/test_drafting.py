"""The drafting round end to end through the pages and the services, with the bad input the issue lists."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import set_party
from questionnaire import lifecycle
from questionnaire.consultation import revisions
from questionnaire.consultation.diff import word_diff
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.definitions.document import import_document
from tests.factories import small_document
from questionnaire.models import AuditEvent, Consultation, Meeting, Proposal, Questionnaire, Revision, Support, utcnow


def _post(client, consultation, **data):
    return client.post(f"/drafting/consultations/{consultation.id}/posts", data=data)


def test_a_whole_round_issue_consult_support_dispose_apply_compare_endorse(db, client, login, round_, small, runner, tmp_path):
    c, mex, nga = round_["consultation"], round_["mex"], round_["nga"]
    assert round_["revision"].number == 1 and round_["revision"].snapshot["clusters"][0]["code"] == "A"
    login(mex)
    _post(client, c, question_key="crim", kind="wording", field="text", wording="Is the smuggling of migrants a crime?",
          justification="Use the Protocol's words.")
    login(nga)
    _post(client, c, question_key="cases", kind="comment", justification="Figures may not be available.")
    proposal = db.scalar(select(Proposal).where(Proposal.kind == "wording"))
    client.post(f"/drafting/proposals/{proposal.id}/support")
    page = client.get(f"/drafting/consultations/{c.id}").get_data(as_text=True)
    assert "Supported by Nigeria" in page and "<ins>the </ins>" in page and "Figures may not be available." in page
    # the questionnaire page warns, and the endorsement waits for every disposition
    login(round_["secretariat"])
    client.post(f"/drafting/consultations/{c.id}/close")
    assert "1 proposal of the consultations has no disposition yet" in client.get(f"/builder/{small.id}").get_data(as_text=True)
    wg = Meeting(body="working_group", session=4, starts_on=date(2017, 9, 11), ends_on=date(2017, 9, 13), place="Vienna")
    db.add(wg)
    db.commit()
    client.post(f"/builder/{small.id}/endorse", data={"date": "2017-09-13", "meeting": wg.id})
    assert db.get(Questionnaire, small.id).status == "draft"
    client.post(f"/drafting/proposals/{proposal.id}/disposition", data={
        "outcome": "with_changes", "reply": "Accepted, shorter.", "wording": "Is smuggling of migrants a criminal offence?",
        "apply": "y"})
    assert small.clusters[0].questions[0].text == "Is smuggling of migrants a criminal offence?"
    assert proposal.disposition.applied_at is not None
    client.post(f"/drafting/questionnaires/{small.id}/revisions", data={"symbol": "CTOC/COP/WG.7/2017/2/Rev.1",
                                                                        "issued_on": "2017-08-01"})
    page = client.get(f"/drafting/questionnaires/{small.id}/compare?from=1&to=2").get_data(as_text=True)
    assert "reworded" in page and "<ins>criminal offence?</ins>" in page and "Proposal by Mexico" in page
    result = runner.invoke(args=["definition", "diff", small.slug, "--from", "1", "--to", "2"])
    assert result.exit_code == 0 and "crim: reworded" in result.output and "proposal #" in result.output
    # the compilation, read back
    out = tmp_path / "compilation.docx"
    assert runner.invoke(args=["consultation", "export", small.slug, "--revision", "1", "--out", str(out)]).exit_code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "CTOC/COP/WG.7/2017/2" in text.split("\n")[0] and "Supported by Nigeria" in text and "Accepted, shorter." in text
    response = client.get(f"/drafting/consultations/{c.id}/compilation.xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert any(row[3] == "Nigeria" and row[6] == "Figures may not be available." for row in rows)
    client.post(f"/builder/{small.id}/endorse", data={"date": "2017-09-13", "meeting": wg.id})
    assert db.get(Questionnaire, small.id).status == "endorsed"
    assert "endorsed by the Working Group, 4th session, 2017-09-13" in client.get(f"/builder/{small.id}").get_data(as_text=True)
    for page in (f"/builder/{small.id}", f"/drafting/questionnaires/{small.id}"):  # each step of the path, in order
        assert "</bdi> → <bdi>" in client.get(f"{page}?lang=en").get_data(as_text=True)
        assert "</bdi> ← <bdi>" in client.get(f"{page}?lang=ar").get_data(as_text=True)  # read right to left
    client.get("/?lang=en")
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"revision.issue", "consultation.open", "consultation.close", "proposal.post", "proposal.support",
            "proposal.dispose", "proposal.apply"} <= actions


def test_states_change_only_their_own_posts_and_never_support_them(db, client, login, round_):
    c, mex, nga = round_["consultation"], round_["mex"], round_["nga"]
    login(mex)
    _post(client, c, question_key="crim", kind="delete", justification="Covered elsewhere.")
    proposal = db.scalar(select(Proposal))
    client.post(f"/drafting/proposals/{proposal.id}/support")
    assert db.scalar(select(Support)) is None
    login(nga)
    assert client.post(f"/drafting/proposals/{proposal.id}/edit", data={"kind": "comment", "justification": "x"}).status_code == 403
    assert client.post(f"/drafting/proposals/{proposal.id}/withdraw").status_code == 403
    assert db.get(Proposal, proposal.id).withdrawn_at is None
    login(mex)
    client.post(f"/drafting/proposals/{proposal.id}/edit", data={"kind": "delete", "field": "text", "justification": "Duplicate."})
    assert db.get(Proposal, proposal.id).justification == "Duplicate."


def test_bad_input_is_refused(db, client, login, round_, make_user, small):
    c, mex = round_["consultation"], round_["mex"]
    login(mex)
    _post(client, c, question_key="not.there", kind="comment", justification="?")
    _post(client, c, question_key="crim", kind="comment", justification="x" * 2001)
    assert db.scalar(select(Proposal)) is None
    login(make_user("delegate", state="FRA"))  # not a party: the consultation is not theirs to see
    assert client.get(f"/drafting/consultations/{c.id}").status_code == 404
    assert _post(client, c, question_key="crim", kind="comment", justification="hi").status_code == 404
    login(make_user("reviewer"))
    assert _post(client, c, question_key="crim", kind="comment", justification="hi").status_code == 403
    login(mex)
    _post(client, c, question_key="crim", kind="comment", justification="Fine.")
    proposal = db.scalar(select(Proposal))
    assert client.post(f"/drafting/proposals/{proposal.id}/disposition", data={"outcome": "accepted"}).status_code == 403
    login(round_["secretariat"])
    client.post(f"/drafting/consultations/{c.id}/close")
    login(mex)
    _post(client, c, question_key="crim", kind="comment", justification="Too late.")
    assert [p.justification for p in db.scalars(select(Proposal))] == ["Fine."]
    # a second revision with the same symbol; a diff naming another questionnaire's revision
    with pytest.raises(DraftingRefused):
        revisions.issue_revision(db, small, None, "ctoc/cop/wg.7/2017/2", date(2017, 7, 1))
    db.rollback()
    login(round_["secretariat"])
    assert client.get(f"/drafting/questionnaires/{small.id}/compare?from=1&to=7").status_code == 404


def test_issuing_a_draft_with_errors_is_refused(db, client, login, make_user):
    from questionnaire.builder.structure import create_blank

    empty = create_blank(db, None, "empty", "Empty")
    db.commit()
    login(make_user("secretariat"))
    page = client.post(f"/drafting/questionnaires/{empty.id}/revisions", data={"symbol": "X/1", "issued_on": "2017-01-01"},
                       follow_redirects=True).get_data(as_text=True)
    assert "has errors" in page and db.scalar(select(Revision)) is None


def test_posting_needs_the_csrf_token(csrf_app, db, make_user, small, parties):
    from questionnaire.consultation.consultations import open_consultation

    revision = revisions.issue_revision(db, small, None, "X/1", date(2017, 6, 1))
    consultation = open_consultation(db, revision, None, utcnow().date(), utcnow().date(), "parties")
    db.commit()
    mex = make_user("delegate", state="MEX")
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["user_id"] = mex.id
        session["session_version"] = mex.session_version
    response = client.post(f"/drafting/consultations/{consultation.id}/posts",
                           data={"question_key": "crim", "kind": "comment", "justification": "No token."})
    assert response.status_code in (302, 400) and db.scalar(select(Proposal)) is None


def test_word_diff_marks_insertions_and_deletions():
    pieces = word_diff("Is smuggling a crime?", "Is smuggling a criminal offence?")
    assert [(p.op, p.text) for p in pieces] == [("same", "Is smuggling a "), ("removed", "crime?"),
                                                ("added", "criminal offence?")]


def test_endorsement_at_a_conference_session_is_refused(db, small):
    cop = Meeting(body="conference", session=9, starts_on=date(2018, 10, 15), ends_on=date(2018, 10, 19), place="Vienna")
    db.add(cop)
    db.flush()
    with pytest.raises(lifecycle.TransitionRefused):
        lifecycle.endorse(db, small, None, cop, at=date(2018, 10, 16))
    db.rollback()


@pytest.mark.parametrize(("language", "session", "expected"), [
    ("en", 4, "4th"), ("en", 1, "1st"), ("en", 12, "12th"), ("en", 22, "22nd"),
    ("fr", 1, "1re"), ("fr", 4, "4e"), ("es", 4, "4.º"), ("ru", 4, "4-я"), ("zh", 4, "4"), ("ar", 4, "4"),
])
def test_session_numbers_read_as_ordinals_in_the_readers_language(app, language, session, expected):
    from questionnaire.consultation.meetings import ordinal

    with app.test_request_context(f"/?lang={language}"):
        assert ordinal(session) == expected


def _bilingual_draft(db, slug: str):
    """``small_document`` as a draft offered in English and French, its first question translated."""
    from questionnaire.texts import set_translation

    document = small_document(slug)
    document["languages"] = ["en", "fr"]
    draft = import_document(db, document)
    set_translation(db, draft, "question.crim.text", "fr", "Le trafic est-il une infraction ?")
    return draft


def test_a_revision_keeps_the_translations_of_its_day_and_a_delegate_reads_it_in_their_language(
        db, client, login, make_user, states, parties):
    from questionnaire.texts import set_translation

    draft = _bilingual_draft(db, "bilingual-draft")
    set_translation(db, draft, "cluster.A.title", "fr", "Incrimination")
    db.commit()
    revision = revisions.issue_revision(db, draft, None, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
    db.commit()
    # the working draft moves on; the issued revision keeps what it said, in every language, on its day
    crim = next(q for q in draft.questions_in_order() if q.key == "crim")
    crim.text = "Is the smuggling of migrants a criminal offence?"
    set_translation(db, draft, "question.crim.text", "fr", "Le trafic illicite de migrants est-il une infraction ?")
    db.commit()
    today = utcnow().date()
    login(make_user("secretariat"))
    client.post(f"/drafting/revisions/{revision.id}/consultation", data={
        "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=30)).isoformat(), "participants": "parties"})
    consultation = db.scalar(select(Consultation))

    login(make_user("delegate", state="MEX"))
    french = client.get(f"/drafting/consultations/{consultation.id}?lang=fr").get_data(as_text=True)
    assert "Le trafic est-il une infraction ?" in french and "Le trafic illicite de migrants est-il" not in french
    assert "Incrimination" in french
    assert 'lang="en"' in french and "Is smuggling a crime?" in french  # the text under consultation beside it
    english = client.get(f"/drafting/consultations/{consultation.id}?lang=en").get_data(as_text=True)
    assert "Is smuggling a crime?" in english and "Le trafic" not in english


def test_a_wording_proposal_read_in_another_language_shows_its_changes_to_the_text_under_consultation(
        db, client, login, make_user, states, parties):
    from questionnaire.consultation import consultations

    draft = _bilingual_draft(db, "bilingual-proposal")
    revision = revisions.issue_revision(db, draft, None, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
    consultation = consultations.open_consultation(db, revision, None, utcnow().date(),
                                                   utcnow().date() + timedelta(days=30), "parties")
    db.commit()
    login(make_user("delegate", state="MEX"))
    _post(client, consultation, question_key="crim", kind="wording", field="text",
          wording="Is the smuggling of migrants a crime?", justification="The Protocol's words.")

    french = client.get(f"/drafting/consultations/{consultation.id}?lang=fr").get_data(as_text=True)
    assert "Le trafic est-il une infraction ?</span></h3>" in french  # the question read in French
    diff = french[french.index('<span class="diff"'):]
    diff = diff[:diff.index("</span>")]
    assert "<ins>the </ins>" in diff and "<ins>of migrants </ins>" in diff  # changes to the English it was issued in
    assert "Le trafic" not in diff and "<del>" not in diff  # not the French text struck out whole
    assert '<p lang="en"><span class="diff" dir="auto">' in french


def test_on_a_right_to_left_page_what_states_and_the_secretariat_wrote_keeps_its_own_direction_and_labels_stand_above_their_boxes(
        db, client, login, round_):
    c, mex = round_["consultation"], round_["mex"]
    mex.locale = "ar"
    db.commit()
    login(mex)
    _post(client, c, question_key="crim", kind="comment", justification="Totals <b>only</b>.")
    _post(client, c, question_key="crim", kind="add_after", wording="Is smuggling by sea covered?",
          justification="Sea routes.")
    page = client.get(f"/drafting/consultations/{c.id}").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert '<p dir="auto">Totals &lt;b&gt;only&lt;/b&gt;.</p>' in page  # escaped, in its own direction
    assert '<p dir="auto"><ins>Is smuggling by sea covered?</ins></p>' in page
    assert '<div class="field"><label class="label" for="just-crim">' in page
    assert '<textarea id="just-crim" name="justification" maxlength="2000" dir="auto"></textarea></div>' in page
    assert '<div class="field"><label class="label" for="kind-crim">' in page
    assert '<input type="text" id="to-crim" name="to_cluster">' in page
    secretariat = round_["secretariat"]
    secretariat.locale = "ar"
    db.commit()
    login(secretariat)
    proposal = db.scalar(select(Proposal).where(Proposal.kind == "comment"))
    client.post(f"/drafting/proposals/{proposal.id}/disposition", data={"outcome": "accepted", "reply": "Noted."})
    page = client.get(f"/drafting/consultations/{c.id}").get_data(as_text=True)
    assert " — <bdi>Noted.</bdi>" in page
    assert f'<div class="field"><label class="label" for="reply-{proposal.id}">' in page
    assert f'<textarea id="reply-{proposal.id}" name="reply" dir="auto">Noted.</textarea></div>' in page


@pytest.mark.parametrize(("participants", "signatory_invited"), (("parties", False), ("signatories", True)))
def test_a_consultation_open_also_to_signatories_reaches_them_and_only_then(
        db, make_user, small, parties, participants, signatory_invited):
    from questionnaire.consultation import consultations

    set_party(db, parties["FRA"], "signatory")
    secretariat = make_user("secretariat")
    revision = revisions.issue_revision(db, small, secretariat, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
    consultation = consultations.open_consultation(db, revision, secretariat, utcnow().date(),
                                                   utcnow().date() + timedelta(days=30), participants)
    db.commit()
    signatory, party, outsider = (make_user("delegate", state=iso3) for iso3 in ("FRA", "MEX", "CHN"))
    assert consultations.may_take_part(party, consultation)
    assert consultations.may_take_part(signatory, consultation) is signatory_invited
    assert not consultations.may_take_part(outsider, consultation)
