"""The interface language: chosen in the menu, remembered on the account, applied at sign-in, set by the
secretariat; dates and numbers written the language's way; State names in the reader's language."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_babel import refresh

from questionnaire.locale import format_number, sort_by_state_name, state_name
from tests.conftest import PASSWORD


def html_lang(page: bytes) -> str:
    return re.search(rb'<html lang="([^"]+)" dir="([^"]+)"', page).group(1).decode()


def test_the_menu_shows_each_language_in_its_own_name(client, make_user, login):
    login(make_user("secretariat"))
    page = client.get("/?lang=fr").get_data(as_text=True)
    for code, name in {"ar": "العربية", "en": "English", "es": "Español", "fr": "Français",
                       "ru": "Русский", "zh": "中文"}.items():
        assert f'lang="{code}"' in page and f">{name}</a>" in page


def test_a_signed_in_persons_choice_is_kept_on_the_account(client, make_user, login, fresh_db):
    user = make_user("secretariat")
    login(user)
    assert html_lang(client.get("/?lang=ru").data) == "ru"
    assert fresh_db().get(type(user), user.id).locale == "ru"
    # a new browser that asks for English in its headers still opens in Russian once signed in
    other = client.application.test_client()
    login(user, on=other)
    assert html_lang(other.get("/", headers={"Accept-Language": "en"}).data) == "ru"


def test_signing_in_applies_the_persons_language(client, make_user, db):
    user = make_user("secretariat")
    user.locale = "ar"
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                           headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    home = client.get("/", headers={"Accept-Language": "fr"}).data
    assert html_lang(home) == "ar" and b'dir="rtl"' in home


def test_without_an_own_language_the_choice_made_before_signing_in_stays(client, make_user):
    user = make_user("secretariat")
    client.get("/login?lang=es")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert html_lang(client.get("/").data) == "es"


def test_an_unknown_language_is_ignored_quietly(client, make_user, login, fresh_db):
    user = make_user("secretariat")
    login(user)
    response = client.get("/?lang=xx", headers={"Accept-Language": "fr"})
    assert response.status_code == 200 and html_lang(response.data) == "fr"
    assert client.get("/login?lang=../../etc").status_code in (200, 302)
    assert fresh_db().get(type(user), user.id).locale is None


def test_a_post_with_lang_in_the_address_does_not_change_the_account(client, make_user, login, fresh_db):
    user = make_user("secretariat")
    login(user)
    client.post("/logout?lang=zh")
    assert fresh_db().get(type(user), user.id).locale is None


def test_the_secretariat_sets_a_persons_language(client, make_user, login, fresh_db):
    admin = make_user("secretariat")
    person = make_user("focal_point", state="MEX")
    login(admin)
    page = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert '<option lang="zh" value="zh">中文</option>' in page or ('value="zh"' in page and "中文" in page)
    form = {"name": person.name, "email": person.email, "role": "focal_point", "state": "MEX", "locale": "zh"}
    assert client.post(f"/people/{person.id}/edit", data=form).status_code == 302
    assert fresh_db().get(type(person), person.id).locale == "zh"
    assert client.post(f"/people/{person.id}/edit", data={**form, "locale": "klingon"}).status_code == 400
    assert fresh_db().get(type(person), person.id).locale == "zh"
    assert client.post(f"/people/{person.id}/edit", data={**form, "locale": ""}).status_code == 302
    assert fresh_db().get(type(person), person.id).locale is None


def test_numbers_and_dates_are_written_the_languages_way(app):
    from datetime import date

    from questionnaire.locale import format_date_value

    for lang, number, day in (("en", "1,234.5", "Jan 15, 2026"), ("fr", "1\u202f234,5", "15 janv. 2026"),
                              ("ru", "1\xa0234,5", "15 янв. 2026")):
        with app.test_request_context(f"/?lang={lang}"):
            refresh()
            assert format_number(1234.5) == number
            assert format_date_value(date(2026, 1, 15)).startswith(day[:6])
    with app.test_request_context("/"):
        assert format_number(None) == ""


def test_state_names_come_from_cldr_and_english_keeps_the_un_name(app, states):
    bolivia, germany, ivory = (SimpleNamespace(iso3=iso3, name=states[iso3].name) for iso3 in ("BOL", "DEU", "CIV"))
    assert state_name(bolivia, "en") == "Bolivia (Plurinational State of)"
    assert state_name(germany, "fr") == "Allemagne"
    assert state_name(germany, "es") == "Alemania"
    assert state_name(germany, "ru") == "Германия"
    assert state_name(germany, "ar") == "ألمانيا"
    assert state_name(germany, "zh") == "德国"
    assert state_name(ivory, "fr") == "Côte d’Ivoire"
    unknown = SimpleNamespace(iso3="XXA", name="Nowhere")
    assert state_name(unknown, "fr") == "Nowhere"
    assert [s.iso3 for s in sort_by_state_name([germany, bolivia], "fr")] == ["DEU", "BOL"]
    with app.test_request_context("/?lang=es"):
        refresh()
        assert state_name(germany) == "Alemania"


def test_pages_listing_states_show_them_in_the_readers_language(client, make_user, login):
    login(make_user("secretariat"))
    page = client.get("/states/?lang=fr&group=").get_data(as_text=True)
    assert "Allemagne" in page and "Germany" not in page
    people = client.get("/people/new?lang=zh").get_data(as_text=True)
    assert "德国 (DEU)" in people


def test_every_state_of_the_reference_list_has_a_name_in_six_languages(states):
    for state in states.values():
        for lang in ("ar", "es", "fr", "ru", "zh"):
            name = state_name(state, lang)
            assert name and name != state.iso3, (state.iso3, lang)
