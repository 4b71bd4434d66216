"""What a State wrote carries the language it wrote it in wherever the answering stage shows it: a "Not
applicable" explanation as well as the answers beside it, on the read-only cluster page, the printable reply
(its history too) and beside a conflict, where that language is not the reader's; a writable page's boxes
carry the reply's language, which what is typed there is recorded in."""
from __future__ import annotations

import re

import pytest

from tests.factories import cluster_url, make_multilingual, q_of

EXPLANATION = "Aucune frontière terrestre"
NOT_APPLICABLE_FR = "Sans objet\u00a0: "  # the words, in French, with their no-break space
AUTHORITY = "Ministère public"


@pytest.fixture
def answered_in_french(db, states, client, login, make_user):
    """Mexico's reply in French: "Not applicable" to question 1, with its explanation, and an authority named."""
    questionnaire = make_multilingual(db, "na", not_applicable=("crim",))
    crim, authority = q_of(questionnaire, "crim"), q_of(questionnaire, "authority")
    login(make_user("focal_point", name="Ana"))
    client.post(f"/answers/{questionnaire.id}/MEX/language", data={"language": "fr", "back": "review"})
    saved = client.post(cluster_url(questionnaire, code="A"), data={
        f"q_{crim.id}_na": "y", f"q_{crim.id}_na_text": EXPLANATION, f"q_{authority.id}": AUTHORITY})
    assert saved.status_code == 302
    return questionnaire


def explanation_box(page: str, questionnaire) -> str:
    name = f"q_{q_of(questionnaire, 'crim').id}_na_text"
    return re.search(rf'<textarea [^>]*name="{name}"[^>]*>', page).group(0)


def authority_box(page: str, questionnaire) -> str:
    name = f"q_{q_of(questionnaire, 'authority').id}"
    return re.search(rf'<input [^>]*name="{name}"[^>]*>', page).group(0)


def test_a_read_only_cluster_page_marks_the_explanation_like_the_answers_beside_it(
        client, login, make_user, answered_in_french):
    login(make_user("secretariat"))  # an English reader of a reply written in French
    page = client.get(cluster_url(answered_in_french, code="A")).get_data(as_text=True)
    box = explanation_box(page, answered_in_french)
    assert 'disabled' in box and 'dir="auto"' in box and 'lang="fr"' in box
    assert EXPLANATION in page
    answer = authority_box(page, answered_in_french)
    assert 'disabled' in answer and 'dir="auto"' in answer and 'lang="fr"' in answer

    login(make_user("secretariat", locale="fr"))  # a French reader: the page's own language, no mark
    page = client.get(cluster_url(answered_in_french, code="A")).get_data(as_text=True)
    box = explanation_box(page, answered_in_french)
    assert 'dir="auto"' in box and "lang=" not in box
    assert "lang=" not in authority_box(page, answered_in_french)


def test_the_writable_page_marks_its_boxes_with_the_reply_language(client, login, make_user, answered_in_french):
    """What is typed in a box is recorded in the reply's language (French): an English reader's boxes say so."""
    login(make_user("expert"))
    page = client.get(cluster_url(answered_in_french, code="A")).get_data(as_text=True)
    box = explanation_box(page, answered_in_french)
    assert 'dir="auto"' in box and "disabled" not in box and 'lang="fr"' in box
    answer = authority_box(page, answered_in_french)
    assert 'dir="auto"' in answer and "disabled" not in answer and 'lang="fr"' in answer

    login(make_user("expert", locale="fr"))  # a French reader: the page's own language, no mark
    page = client.get(cluster_url(answered_in_french, code="A")).get_data(as_text=True)
    assert "lang=" not in explanation_box(page, answered_in_french)
    assert "lang=" not in authority_box(page, answered_in_french)


def test_a_conflict_shows_the_stored_answer_in_the_language_it_was_written_in(
        two_writers, answered_in_french):
    """Two people of an English interface edit the French reply: the second sees the first's stored answers
    ("Not applicable" with its explanation, a text) marked French, as a read-only page marks them."""
    crim, authority = q_of(answered_in_french, "crim"), q_of(answered_in_french, "authority")
    first, second = two_writers()
    url = cluster_url(answered_in_french, code="A")
    stale = dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', second.get(url).get_data(as_text=True)))
    assert first.post(url, data={**stale, f"q_{crim.id}_na": "y", f"q_{crim.id}_na_text": "Ni frontière ni côte",
                                 f"q_{authority.id}": "Parquet général"}).status_code == 302
    page = second.post(url, data={**stale, f"q_{crim.id}": "partly", f"q_{authority.id}": "Police"})
    assert page.status_code == 409
    stored = re.findall(r'<blockquote class="stored-text" dir="auto">(.*?)</blockquote>', page.get_data(as_text=True))
    # the words worded like the questionnaire, marked French, the explanation inside them in the same language
    assert f'<span lang="fr">{NOT_APPLICABLE_FR}<span dir="auto">Ni frontière ni côte</span></span>' in stored
    assert '<span dir="auto" lang="fr">Parquet général</span>' in stored


def test_the_printable_reply_marks_the_explanation_and_the_written_answers_with_their_language(
        client, login, make_user, answered_in_french):
    login(make_user("expert"))
    page = client.get(f"/answers/{answered_in_french.id}/MEX/print").get_data(as_text=True)
    assert '<html lang="en"' in page
    # the words worded like the questionnaire (French) and so marked, the explanation in its own isolate, French
    # like the words around it
    assert (f'<p class="answer-text" dir="auto"><span lang="fr">{NOT_APPLICABLE_FR}<span dir="auto">{EXPLANATION}'
            '</span></span></p>' in page)
    assert f'<p class="answer-text" dir="auto" lang="fr">{AUTHORITY}</p>' in page


def test_the_printable_reply_history_marks_each_change_with_its_language(
        client, login, make_user, answered_in_french):
    """The reply is submitted, reopened and changed: its history shows each earlier answer as it was written."""
    login(make_user("focal_point"))
    agree = q_of(answered_in_french, "agree")
    client.post(cluster_url(answered_in_french, code="B"), data={f"q_{agree.id}": "bi"})
    assert client.post(f"/answers/{answered_in_french.id}/MEX/submit").status_code == 302
    login(make_user("secretariat"))
    client.post(f"/answers/{answered_in_french.id}/MEX/reopen", data={"reason": "Name the ministry in full."})
    login(make_user("focal_point"))
    authority, crim = q_of(answered_in_french, "authority"), q_of(answered_in_french, "crim")
    page = client.get(cluster_url(answered_in_french, code="A")).get_data(as_text=True)
    bases = dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', page))
    client.post(cluster_url(answered_in_french, code="A"), data={
        **bases, f"q_{authority.id}": "Parquet général", f"q_{crim.id}_na": "y",
        f"q_{crim.id}_na_text": "Aucune frontière terrestre ni maritime"})
    printed = client.get(f"/answers/{answered_in_french.id}/MEX/print").get_data(as_text=True)
    history = re.findall(r'<details class="answer-history">.*?</details>', printed, re.S)
    assert history
    said = "".join(history)
    assert f'<span dir="auto" lang="fr">{AUTHORITY}</span>' in said
    assert '<span dir="auto" lang="fr">Français</span>' in said  # the language's own name, in that language
    assert (f'<span dir="auto"><span lang="fr">{NOT_APPLICABLE_FR}<span dir="auto">{EXPLANATION}</span></span></span>'
            in said)
