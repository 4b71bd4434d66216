"""A questionnaire's title is shown in the reader's language wherever pages list it (its translation when it
has one, the source standing in otherwise), and each role's home page says what that role does."""
from __future__ import annotations

from questionnaire.texts import localized


def french_title(app, db, questionnaire) -> str:
    with app.app_context():
        title = localized(db, questionnaire, "fr").title
    assert title and title != questionnaire.title  # the shipped questionnaire carries a French title
    return title


def test_the_home_page_lists_open_questionnaires_in_the_readers_language(app, db, client, login, make_user,
                                                                          open_som):
    english, french = open_som.title, french_title(app, db, open_som)
    login(make_user("focal_point"))
    in_french = client.get("/?lang=fr").get_data(as_text=True)
    assert french in in_french and english not in in_french
    in_english = client.get("/?lang=en").get_data(as_text=True)
    assert english in in_english and french not in in_english


def test_a_language_the_questionnaire_lacks_shows_the_source_title_in_its_own_language(db, client, login, make_user,
                                                                                       open_som):
    open_som.languages = [code for code in open_som.languages if code != "ru"]
    db.commit()
    login(make_user("focal_point"))
    html = client.get("/?lang=ru").get_data(as_text=True)
    assert f'<span dir="auto" lang="en">{open_som.title}</span>' in html


def test_the_monitoring_pages_name_the_questionnaire_in_the_readers_language(app, db, client, login, make_user,
                                                                              open_som):
    english, french = open_som.title, french_title(app, db, open_som)
    login(make_user("secretariat"))
    index = client.get("/monitoring/?lang=fr").get_data(as_text=True)
    table = client.get(f"/monitoring/{open_som.id}").get_data(as_text=True)
    assert french in index and english not in index
    assert french in table and english not in table
    assert english in client.get(f"/monitoring/{open_som.id}?lang=en").get_data(as_text=True)


def test_a_delegate_is_told_of_the_drafting_round_not_of_reading_replies(client, login, make_user):
    login(make_user("delegate"))
    html = client.get("/").get_data(as_text=True)
    assert "drafting round" in html and "You read the submitted replies" not in html


def test_the_reopening_and_deadline_pages_name_the_questionnaire_in_the_readers_language(
        app, db, client, login, make_user, open_som):
    english, french = open_som.title, french_title(app, db, open_som)
    login(make_user("secretariat"))
    for page in (f"/monitoring/{open_som.id}/deadline?lang=fr", f"/monitoring/{open_som.id}/MEX/extend",
                 f"/monitoring/{open_som.id}/MEX/reopen"):
        html = client.get(page).get_data(as_text=True)
        assert french in html and english not in html, page
