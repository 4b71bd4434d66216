"""The reply's language chosen from a cluster page: offered beside the page's top line to the State's focal points
and experts while they can write, posted with the page's answers, and the same cluster page again, in the chosen
language, afterwards. (What becomes of the answers posted with it: test_language_with_answers.py.)"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from questionnaire.models import Response
from tests.factories import cluster_url, make_multilingual, make_reply, q_of


@pytest.fixture
def multi(db, states):
    return make_multilingual(db)


def reply_language(fresh_db, questionnaire):
    return fresh_db().scalar(select(Response.language).where(Response.questionnaire_id == questionnaire.id))


def language_form(page: str) -> str | None:
    """The choice of the reply's language on a cluster page (its controls belong to the answer form)."""
    found = re.search(r'<div class="reply-language">.*?</div>', page, re.S)
    return found.group(0) if found else None


def choose(client, questionnaire, language, back, iso3="MEX", **extra):
    return client.post(f"/answers/{questionnaire.id}/{iso3}/language",
                       data={"language": language, "back": back, **extra})


def test_a_writable_cluster_page_offers_the_language_in_its_top_line_before_the_answers(
        client, login, make_user, multi):
    login(make_user("expert"))
    page = client.get(cluster_url(multi, code="B")).get_data(as_text=True)
    form = language_form(page)
    assert form is not None
    assert '<select id="language-%d" name="language" form="answer-form">' % multi.id in form
    assert f'form="answer-form" formaction="/answers/{multi.id}/MEX/section/B/language"' in form
    assert "<form" not in form and 'name="back"' not in form  # no form of its own: the answers go with it
    assert '<option value="en" lang="en" selected>English</option>' in form and '<option value="ar" lang="ar">' in form
    top = re.search(r'<div class="page-top">.*?</div>', page, re.S).group(0)
    assert form in top  # beside the questionnaire, State and status, not among the answers
    assert page.index(form) < page.index('id="answer-form"') and form not in page[page.index('id="answer-form"'):]


def test_enter_in_an_answer_saves_rather_than_changing_the_language(client, login, make_user, multi):
    """Enter in an answer presses the form's first submit button in the page's order: a Save, not the language's
    button (which comes before the form's own buttons in the page), kept out of sight and of the keyboard's order."""
    login(make_user("focal_point"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    start = page.index('id="answer-form"')
    inside = page[start:page.index("</form>", start)]
    buttons = [button for button in re.findall(r'<button type="submit"[^>]*>', page[:start])
               if 'form="answer-form"' in button] + re.findall(r'<button type="submit"[^>]*>', inside)
    assert buttons[0] == '<button type="submit" form="answer-form" class="sr-only" tabindex="-1" aria-hidden="true">'
    assert "formaction" in buttons[1]
    assert buttons[-1] == '<button type="submit" class="button" name="action" value="save">'


def test_read_only_cluster_pages_name_the_language_without_the_control(client, login, make_user, multi, db):
    login(make_user("secretariat"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert language_form(page) is None
    assert '<p class="muted reply-language">Language of the reply: <span lang="en">English</span></p>' in page

    focal = make_user("focal_point", state="NGA")
    make_reply(db, multi, focal.state, focal, {"crim": "no", "crim.why": "None", "agree": "bi"}, status="submitted")
    login(focal)
    page = client.get(cluster_url(multi, iso3="NGA", code="A")).get_data(as_text=True)
    assert language_form(page) is None and "Language of the reply:" in page
    assert "Language of the reply:" not in client.get(f"/preview/{multi.id}/A").get_data(as_text=True)


def test_a_page_showing_answers_not_saved_offers_no_language_change(client, login, make_user, multi):
    """Changing the language reloads the page: it would drop what the page shows and the server did not save."""
    login(make_user("focal_point"))
    cases = q_of(multi, "cases")
    refused = client.post(cluster_url(multi, code="A"), data={f"q_{cases.id}": "many"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="many"' in page and language_form(page) is None and "Language of the reply:" in page


def test_switching_on_a_cluster_page_comes_back_to_it_in_the_new_language(
        csrf_app, client, login, make_user, multi, fresh_db, csrf_token):
    login(make_user("focal_point"))
    page = client.get(cluster_url(multi, code="B")).get_data(as_text=True)
    assert ">Bilateral</span>" in page
    response = client.post(cluster_url(multi, code="B", suffix="/language"),
                           data={"language": "fr", "csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.headers["Location"] == cluster_url(multi, code="B")
    assert reply_language(fresh_db, multi) == "fr"
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The questionnaire is now shown in the language of your reply." in again
    assert ">Bilatéral</span>" in again and "Coopération" in again
    assert '<option value="fr" lang="fr" selected>Français</option>' in language_form(again)


def test_a_choice_without_its_csrf_token_is_refused(csrf_app, client, login, make_user, multi, fresh_db):
    login(make_user("focal_point"))
    assert choose(client, multi, "fr", "cluster:A").status_code == 400
    assert choose(client, multi, "fr", "cluster:A", csrf_token="forged").status_code == 400
    assert reply_language(fresh_db, multi) is None


def test_another_states_focal_point_gets_404_and_changes_nothing(client, login, make_user, multi, fresh_db):
    login(make_user("focal_point", state="NGA"))
    assert choose(client, multi, "fr", "cluster:A", iso3="MEX").status_code == 404
    assert reply_language(fresh_db, multi) is None


@pytest.mark.parametrize("back", [
    "cluster:Z", "cluster:", "cluster", "cluster:A/../../admin", "https://elsewhere.example/", "//elsewhere.example",
    "/answers/", "Review", "",
])
def test_an_unknown_page_to_come_back_to_falls_back_to_the_dashboard(client, login, make_user, multi, fresh_db, back):
    login(make_user("expert"))
    response = choose(client, multi, "fr", back)
    assert response.status_code == 302 and response.headers["Location"] == "/answers/"
    assert reply_language(fresh_db, multi) == "fr"  # the choice itself stands


def test_the_review_page_and_the_dashboard_are_still_come_back_to(client, login, make_user, multi):
    login(make_user("expert"))
    assert choose(client, multi, "fr", "review").headers["Location"] == f"/answers/{multi.id}/MEX/review"
    assert choose(client, multi, "es", "dashboard").headers["Location"] == "/answers/"
    # the choice of a cluster page opened before it was posted with the answers comes back to that page
    assert choose(client, multi, "ar", "cluster:B").headers["Location"] == cluster_url(multi, code="B")


def test_the_control_adds_no_query_to_the_cluster_page(client, login, make_user, db, states, count_queries):
    """A page offering the choice (a questionnaire in five languages) runs as many queries as one that cannot
    (a questionnaire in English only): the choice reads what the reply already holds."""
    login(make_user("focal_point"))
    counts, offered = [], []
    for slug, languages in (("many", ("en", "fr", "ar", "zh", "es")), ("one", ("en",))):
        questionnaire = make_multilingual(db, slug, languages=languages)
        client.get(cluster_url(questionnaire, code="A"))  # the worker keeps the structure and the blocks
        with count_queries() as counter:
            page = client.get(cluster_url(questionnaire, code="A")).get_data(as_text=True)
        counts.append(counter.count)
        offered.append(language_form(page) is not None)
    assert offered == [True, False]
    assert counts[0] == counts[1] <= 3
