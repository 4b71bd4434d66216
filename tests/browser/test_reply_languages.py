"""A focal point answers a questionnaire offered in several languages, in French, Arabic and Chinese, in
Chromium: the reply's language chosen on the dashboard, the questions read in it, the English source
standing in (marked, with its own language and direction) where a text is not yet translated, and
axe-core on an Arabic and a Chinese cluster page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, Response
from tests.factories import cluster_url, make_multilingual


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.fixture
def multi(db, states):
    return make_multilingual(db)


def choose_on_dashboard(page, language_name: str) -> None:
    page.goto("/answers/")
    page.locator("select[name=language]").select_option(label=language_name)
    page.locator("form.reply-language button[type=submit]").click()
    page.wait_for_url("**/answers/")


def test_a_focal_point_chooses_french_for_the_reply_and_answers_in_it(
        csrf_app, new_page, make_user, multi, fresh_db):
    page = new_page(make_user("focal_point"))  # an English interface
    choose_on_dashboard(page, "Français")
    expect()(page.locator(".reply-card h2")).to_contain_text("Petit questionnaire")
    page.goto(cluster_url(multi, code="A"))
    expect()(page.locator("html")).to_have_attribute("lang", "en")
    question = page.locator("legend span[dir=auto]").first
    expect()(question).to_have_attribute("lang", "fr")
    expect()(question).to_contain_text("Le trafic de migrants est-il une infraction ?")
    guidance = page.locator("p.hint span[dir=auto]").first
    expect()(guidance).to_have_text("Think of the law.")
    assert guidance.get_attribute("lang") is None  # English, the reader's own language
    expect()(page.locator("p.hint .untranslated").first).to_have_text("Not yet translated")
    page.get_by_label("Oui", exact=True).check()  # the scale's answers read in the reply's language too
    page.locator("label.label", has_text="Citez la loi.").click()
    page.keyboard.type("Loi n° 2010-12, art. 4")
    page.locator('button[name="action"][value="save"]').click()
    expect()(page.locator(".flash-success")).to_be_visible()
    db = fresh_db()
    assert {a.language for a in db.scalars(select(Answer))} == {"fr"}
    assert db.scalar(select(Response.language)) == "fr"


def test_a_focal_point_answers_in_arabic_right_to_left_with_english_fallbacks_isolated(
        csrf_app, new_page, make_user, multi, fresh_db):
    page = new_page(make_user("focal_point", locale="ar"))
    page.goto(cluster_url(multi, code="A"))
    expect()(page.locator("html")).to_have_attribute("dir", "rtl")
    # a translated question: the page's language, its number isolated at its start
    legend = page.locator("legend > span[dir=auto]").first
    expect()(legend).to_contain_text("هل تهريب المهاجرين جريمة؟")
    assert legend.get_attribute("lang") is None
    assert legend.evaluate("el => el.firstElementChild.tagName") == "BDI"
    assert legend.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # an English fallback: marked English, its own left-to-right run, its number isolated, marked untranslated
    fallback = page.locator('label.label > span[dir=auto][lang="en"]', has_text="How many cases?")
    expect()(fallback.locator("bdi")).to_have_text("2")
    assert fallback.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert fallback.evaluate("el => getComputedStyle(el.firstElementChild).unicodeBidi") == "isolate"
    expect()(page.locator("label.label", has_text="How many cases?").locator(".untranslated")).to_be_visible()
    hint = page.locator('p.hint > span[dir=auto][lang="en"]').first
    expect()(hint).to_have_text("Think of the law.")
    # every question text on the page sits in its own isolate
    bare = page.evaluate("""() => [...document.querySelectorAll('legend, label.label')]
        .filter(el => !el.querySelector('span[dir=auto]')).map(el => el.textContent.trim())""")
    assert bare == []
    # answering in Arabic, with a Latin citation inside
    page.locator('input[type="radio"]').first.check()
    law = page.locator("label.label", has_text="اذكر القانون.").get_attribute("for")
    page.locator(f"#{law}").fill("القانون رقم 12 لعام 2010 (Migration Act)")
    page.locator('button[name="action"][value="save"]').click()
    expect()(page.locator(".flash-success")).to_be_visible()
    assert {a.language for a in fresh_db().scalars(select(Answer))} == {"ar"}
    # the follow-up rule and the last editor are isolated once saved
    expect()(page.locator("p.hint.condition bdi").first).to_have_text("1")
    expect()(page.locator("p.last-change bdi").first).to_be_attached()


def test_a_focal_point_answers_in_chinese(csrf_app, new_page, make_user, multi, fresh_db):
    page = new_page(make_user("focal_point", locale="zh"))
    page.goto(cluster_url(multi, code="B"))
    expect()(page.locator("html")).to_have_attribute("lang", "zh")
    expect()(page.locator("legend span[dir=auto]").first).to_contain_text("贵国是否有协定？")
    # a choice label translated, another standing in in English (marked as such)
    expect()(page.locator("ul.choices label span[dir=auto]").first).to_have_text("双边")
    expect()(page.locator('ul.choices label span[dir=auto][lang="en"]').first).to_have_text("Multilateral")
    page.locator("ul.choices label", has_text="双边").click()
    page.locator('button[name="action"][value="save"]').click()
    expect()(page.locator(".flash-success")).to_be_visible()
    answers = fresh_db().scalars(select(Answer)).all()
    assert [(a.value, a.language) for a in answers] == [("bi", "zh")]


@pytest.mark.parametrize("locale", ["ar", "zh"])
def test_axe_finds_no_serious_violation_on_a_translated_cluster_page(
        csrf_app, serious_accessibility_problems, make_user, multi, locale):
    user = make_user("focal_point", locale=locale)
    paths = (cluster_url(multi, code="A"), cluster_url(multi, code="B"), f"/answers/{multi.id}/MEX/review",
             "/answers/")
    assert serious_accessibility_problems(user, paths) == {}
