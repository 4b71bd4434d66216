"""Changing the reply's language from a cluster page without JavaScript: the language's button posts the answer
form, so what was typed is saved as Save saves it, and the language changes only when all of it was; otherwise
the page comes back with what was typed, what to correct or settle, and word that the language stayed."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, AuditEvent, PendingPost, Response
from tests.factories import cluster_url, make_multilingual, make_reply, q_of

RESTORED = "You were signed out before your last changes were saved. They are filled in below but not saved yet"
LANGUAGE_ASKED = ("You were signed out before your last changes were saved and the language of your reply changed to "
                  "Français. Your changes are filled in below and Français is chosen above, but nothing is saved yet: "
                  "check them and press “Change the language” to save them and change the language.")
FRENCH_CHOSEN = '<option value="fr" lang="fr" selected>Français</option>'
LANGUAGE_KEPT = ("The language was not changed: some of your changes are not saved yet. Press Save, then change "
                 "the language.")


@pytest.fixture
def multi(db, states):
    return make_multilingual(db)


def form_fields(page: str) -> dict[str, str]:
    """What the page's answer form posts besides the answers themselves: its CSRF and kept-post tokens and the
    base of each question."""
    form = page[page.index('id="answer-form"'):]
    return dict(re.findall(r'name="(csrf_token|kept_post_token|base_\d+)" (?:type="hidden" )?value="([^"]+)"', form))


def change_language(client, questionnaire, language, code="A", iso3="MEX", **fields):
    return client.post(cluster_url(questionnaire, iso3=iso3, code=code, suffix="/language"),
                       data={"language": language, **fields})


def typed(questionnaire, **values) -> dict[str, str]:
    return {f"q_{q_of(questionnaire, key).id}": value for key, value in values.items()}


def stored(fresh_db, questionnaire) -> dict[str, tuple]:
    """The reply's answers as saved: (value, language written in) by question key."""
    keys = {question.id: question.key for question in questionnaire.questions_in_order()}
    return {keys[answer.question_id]: (answer.value, answer.language) for answer in fresh_db().scalars(select(Answer))}


def reply_language(fresh_db, questionnaire):
    return fresh_db().scalar(select(Response.language).where(Response.questionnaire_id == questionnaire.id))


def test_typed_answers_are_saved_and_the_page_comes_back_in_the_new_language(
        csrf_app, client, login, make_user, multi, fresh_db):
    login(make_user("focal_point"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    response = change_language(client, multi, "fr", **form_fields(page),
                               **typed(multi, authority="Ministry of Justice", cases="12"))
    assert response.status_code == 302 and response.headers["Location"] == cluster_url(multi, code="A")
    assert reply_language(fresh_db, multi) == "fr"
    # saved in the language they were typed in, the reply's language until then
    assert stored(fresh_db, multi) == {"authority": ("Ministry of Justice", "en"), "cases": (12, "en")}
    audit = fresh_db().scalar(select(AuditEvent).where(AuditEvent.action == "response.language"))
    assert audit.details["after"] == {"language": "fr"}

    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved." in again
    assert "The questionnaire is now shown in the language of your reply." in again
    assert "Le trafic de migrants est-il une infraction ?" in again and 'value="Ministry of Justice"' in again
    assert '<option value="fr" lang="fr" selected>Français</option>' in again


def test_an_answer_that_cannot_be_saved_keeps_the_language_and_what_was_typed(
        csrf_app, client, login, make_user, multi, fresh_db):
    login(make_user("focal_point"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    response = change_language(client, multi, "fr", **form_fields(page),
                               **typed(multi, authority="Ministry of Justice", cases="a dozen"))
    assert response.status_code == 422
    again = response.get_data(as_text=True)
    assert LANGUAGE_KEPT in again and "Some answers were not saved" in again
    assert 'value="a dozen"' in again and 'value="Ministry of Justice"' in again
    assert "Is smuggling a crime?" in again and "Le trafic de migrants" not in again  # still in English
    assert reply_language(fresh_db, multi) is None
    assert fresh_db().scalar(select(AuditEvent).where(AuditEvent.action == "response.language")) is None
    assert stored(fresh_db, multi) == {"authority": ("Ministry of Justice", "en")}  # as Save saves the valid ones


def test_a_conflict_keeps_the_language_and_shows_both_texts(csrf_app, two_writers, multi, fresh_db):
    first, second = two_writers(second=("focal_point", "Carlos"))
    url = cluster_url(multi, code="A")
    seen_by_first = form_fields(first.get(url).get_data(as_text=True))
    seen_by_second = form_fields(second.get(url).get_data(as_text=True))
    assert first.post(url, data={**seen_by_first, **typed(multi, authority="Text by Bea")}).status_code == 302

    response = change_language(second, multi, "fr", **seen_by_second, **typed(multi, authority="Text by Carlos"))
    assert response.status_code == 409
    again = response.get_data(as_text=True)
    assert LANGUAGE_KEPT in again and "Someone else changed some of the same answers" in again
    assert "Text by Bea" in again and "Text by Carlos" in again
    assert reply_language(fresh_db, multi) is None
    assert stored(fresh_db, multi) == {"authority": ("Text by Bea", "en")}


def test_a_language_the_questionnaire_does_not_offer_is_refused_once_the_answers_are_saved(
        client, login, make_user, multi, fresh_db):
    login(make_user("expert"))
    response = change_language(client, multi, "ru", **typed(multi, authority="Interior"))
    assert response.status_code == 302 and response.headers["Location"] == cluster_url(multi, code="A")
    assert stored(fresh_db, multi) == {"authority": ("Interior", "en")} and reply_language(fresh_db, multi) is None
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved." in again and "This questionnaire is not offered in that language." in again


def test_a_submitted_reply_saves_nothing_and_keeps_its_language(client, login, make_user, multi, fresh_db, db):
    focal = make_user("focal_point")
    make_reply(db, multi, focal.state, focal, {"authority": "Before"}, status="submitted")
    login(focal)
    response = change_language(client, multi, "fr", **typed(multi, authority="After"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and 'value="After"' in page
    assert stored(fresh_db, multi) == {"authority": ("Before", None)} and reply_language(fresh_db, multi) is None


def test_another_states_focal_point_gets_404_and_changes_nothing(client, login, make_user, multi, fresh_db):
    login(make_user("focal_point", state="NGA"))
    assert change_language(client, multi, "fr", **typed(multi, authority="Planted")).status_code == 404
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None


def test_a_reader_who_cannot_write_is_refused(client, login, make_user, multi, fresh_db):
    login(make_user("secretariat"))
    assert change_language(client, multi, "fr", **typed(multi, authority="Planted")).status_code == 403
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None


def test_a_post_without_its_csrf_token_is_refused(csrf_app, client, login, make_user, multi, fresh_db):
    login(make_user("focal_point"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    fields = {name: value for name, value in form_fields(page).items() if name != "csrf_token"}
    assert change_language(client, multi, "fr", **fields, **typed(multi, authority="Typed")).status_code == 400
    forged = {**fields, "csrf_token": "forged"}
    assert change_language(client, multi, "fr", **forged, **typed(multi, authority="Typed")).status_code == 400
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None


def test_a_post_sent_after_the_session_ended_is_kept_for_the_cluster_page(
        csrf_app, client, login, make_user, multi, fresh_db):
    owner = make_user("focal_point")
    url = cluster_url(multi, code="A")
    login(owner)
    fields = form_fields(client.get(url).get_data(as_text=True))
    with client.session_transaction() as session:
        session.clear()
    response = change_language(client, multi, "fr", **fields, **typed(multi, authority="Careful text"))
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    next_url = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    assert urlsplit(next_url).path == url
    assert fresh_db().scalar(select(PendingPost.path)) == url
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None  # kept, never saved

    login(owner)
    assert 'value="Careful text"' in client.get(next_url).get_data(as_text=True)


def sent_after_the_session_ended(client, login, owner, multi, path_suffix, **fields) -> str:
    """Open cluster A as ``owner``, lose the session, post the page's form with ``fields`` to the page's address
    and ``path_suffix``; the address to come back to after signing in."""
    url = cluster_url(multi, code="A")
    login(owner)
    seen = form_fields(client.get(url).get_data(as_text=True))
    with client.session_transaction() as session:
        session.clear()
    response = client.post(url + path_suffix, data={**seen, **fields})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    return parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]


def test_a_language_asked_for_after_the_session_ended_comes_back_chosen_and_changes_when_asked_again(
        csrf_app, client, login, make_user, multi, fresh_db):
    owner = make_user("focal_point")
    next_url = sent_after_the_session_ended(client, login, owner, multi, "/language", language="fr",
                                            **typed(multi, authority="Careful text"))
    login(owner)
    page = client.get(next_url).get_data(as_text=True)
    assert 'value="Careful text"' in page and FRENCH_CHOSEN in page and LANGUAGE_ASKED in page
    assert RESTORED not in page and "Is smuggling a crime?" in page  # still in the reply's language
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None  # shown, never saved

    # "Change the language" on that page posts what it shows, as the person's own post
    response = change_language(client, multi, "fr", **form_fields(page), **typed(multi, authority="Careful text"))
    assert response.status_code == 302 and response.headers["Location"] == cluster_url(multi, code="A")
    assert reply_language(fresh_db, multi) == "fr"
    assert stored(fresh_db, multi) == {"authority": ("Careful text", "en")}


@pytest.mark.parametrize(("path_suffix", "language"), [("", "fr"), ("/autosave", "fr"), ("/language", "ru"),
                                                       ("/language", "en")])
def test_a_kept_post_that_did_not_ask_for_another_offered_language_comes_back_as_it_was_typed(
        csrf_app, client, login, make_user, multi, fresh_db, path_suffix, language):
    owner = make_user("focal_point")
    next_url = sent_after_the_session_ended(client, login, owner, multi, path_suffix, language=language,
                                            **typed(multi, authority="Careful text"))
    login(owner)
    page = client.get(next_url).get_data(as_text=True)
    assert 'value="Careful text"' in page and RESTORED in page
    assert LANGUAGE_ASKED not in page and FRENCH_CHOSEN not in page
    assert stored(fresh_db, multi) == {} and reply_language(fresh_db, multi) is None
