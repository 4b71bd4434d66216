"""A question's history across the issued revisions and the working draft, with the posts on it."""
from __future__ import annotations

from questionnaire.consultation.history import question_history
from tests.factories import set_party


def test_the_history_lists_each_revision_its_wording_what_changed_and_the_posts(db, revised):
    history = question_history(db, revised["questionnaire"], "crim", revised["secretariat"])
    assert [(a.revision.number if a.revision else "draft", a.change) for a in history] == [
        (1, "first"), (2, "reworded"), ("draft", "reworded")]  # revision 2 changed the guidance too
    assert history[0].question["text"] == "Is smuggling a crime?"
    assert history[1].question["text"] == "Is smuggling of migrants a criminal offence?"
    assert [(p.op, p.text.strip()) for p in history[1].wording["text"] if p.op != "same"] == [
        ("added", "of migrants"), ("removed", "crime?"), ("added", "criminal offence?")]
    assert [p.state.name for p in history[0].proposals] == ["Mexico"] and history[1].proposals == []
    moved = question_history(db, revised["questionnaire"], "cases", revised["secretariat"])
    assert [a.change for a in moved] == ["first", "moved", "moved"] and moved[1].cluster == "B"
    gone = question_history(db, revised["questionnaire"], "authority", revised["secretariat"])
    assert [a.change for a in gone] == ["first", "removed", "added"]  # the working draft still has it
    assert [a.change for a in question_history(db, revised["questionnaire"], "routes", revised["secretariat"])] == [
        "absent", "added", "removed"]


def test_the_history_page_shows_wording_changes_proposals_and_dispositions(db, client, login, revised):
    qid = revised["questionnaire"].id
    login(revised["secretariat"])
    page = client.get(f"/drafting/questionnaires/{qid}/questions/crim/history").get_data(as_text=True)
    assert "CTOC/COP/WG.7/2017/2/Rev.1 of <bdi>Aug 1, 2017</bdi>" in page and "<ins>criminal offence?</ins>" in page
    assert "Mexico" in page and "Supported by Nigeria" in page and 'Accepted with changes — <span dir="auto">Shorter.</span>' in page
    assert "the working draft" in page
    # reached from the builder's question page, the comparison and the consultation
    question = revised["questionnaire"].clusters[0].questions[0]
    link = f"/drafting/questionnaires/{qid}/questions/crim/history"
    assert link in client.get(f"/builder/{qid}/questions/{question.id}").get_data(as_text=True)
    assert link in client.get(f"/drafting/questionnaires/{qid}/compare?from=1&to=2").get_data(as_text=True)
    assert link in client.get(f"/drafting/consultations/{revised['consultation'].id}").get_data(as_text=True)


def test_delegates_see_the_revisions_consulted_on_with_their_state_and_nothing_else(db, client, login, revised,
                                                                                   make_user, states):
    qid = revised["questionnaire"].id
    login(revised["nga"])
    page = client.get(f"/drafting/questionnaires/{qid}/questions/crim/history").get_data(as_text=True)
    assert "CTOC/COP/WG.7/2017/2 of <bdi>Jun 1, 2017</bdi>" in page and "Rev.1" not in page and "the working draft" not in page
    assert client.get(f"/drafting/questionnaires/{qid}/questions/routes/history").status_code == 404
    set_party(db, states["FRA"], False)
    login(make_user("delegate", state="FRA"))  # not a party: never consulted
    assert client.get(f"/drafting/questionnaires/{qid}/questions/crim/history").status_code == 404
    login(make_user("reviewer"))
    assert client.get(f"/drafting/questionnaires/{qid}/questions/crim/history").status_code == 403
    login(revised["secretariat"])
    assert client.get(f"/drafting/questionnaires/{qid}/questions/nothere/history").status_code == 404
    assert client.get(f"/drafting/questionnaires/999999/questions/crim/history").status_code == 404


def test_in_arabic_the_history_isolates_the_english_texts_and_names_states_in_arabic(db, client, login, revised):
    qid = revised["questionnaire"].id
    login(revised["secretariat"])
    page = client.get(f"/drafting/questionnaires/{qid}/questions/crim/history?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in page
    assert '<span dir="auto" lang="en"><bdi>1</bdi> Is smuggling a crime?</span>' in page
    assert '<span class="diff" dir="auto">' in page
    assert "المكسيك" in page and ">Mexico<" not in page  # the State's name from CLDR
    assert "<q dir=\"auto\">" in page  # a State's proposed wording in its own direction
