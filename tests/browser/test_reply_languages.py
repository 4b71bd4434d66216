"""A focal point answers a questionnaire offered in several languages, in French, Arabic and Chinese, in
Chromium: the reply's language chosen on the dashboard, the questions read in it, the English source
standing in (marked, with its own language and direction) where a text is not yet translated, and
axe-core on an Arabic and a Chinese cluster page; the language changed from a cluster page, with scripts or
without, never losing what was typed."""
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
    # a translated question: the page's language and direction (set, not guessed), its number isolated at its start
    legend = page.locator("legend > span[dir=rtl]").first
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
        .filter(el => !el.querySelector('span[dir=auto], span[dir=rtl]')).map(el => el.textContent.trim())""")
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


def test_on_a_phone_in_arabic_the_language_changes_from_a_cluster_page_and_what_was_typed_is_kept(
        csrf_app, new_page, make_user, multi, fresh_db):
    """At 390 px with an Arabic interface: the reply's language sits in the page's top line, reached by the
    keyboard before the answers and read whole (nothing cut or scrolled sideways); an answer typed just before
    changing it (autosave not yet done) is saved first, in the language it was typed in, and the same cluster
    page comes back in the chosen language."""
    page = new_page(make_user("focal_point", locale="ar"))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(cluster_url(multi, code="A"))
    control = page.locator(".page-top .reply-language")
    choice = control.locator("select[name=language]")
    button = control.locator("button[type=submit]")
    expect()(control.locator("label")).to_have_text("لغة ردّنا")
    expect()(button).to_have_text("تغيير اللغة")
    for part in (control.locator("label"), choice, button):
        expect()(part).to_be_visible()
        box = part.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # whole, on the screen
        assert part.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 13
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert page.locator(".page-top").bounding_box()["y"] < page.locator("#answer-form").bounding_box()["y"]

    page.evaluate("() => window.scrollTo(0, 0)")
    reached = []
    for _stop in range(40):  # the control comes before the first answer in the keyboard's order
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.name || '', !!document.activeElement.closest('#answer-form')]")
        reached.append(focused)
        if focused[0] == "language" or focused[1]:
            break
    assert reached[-1] == ["language", False], reached

    authority = page.locator("label.label", has_text="Which authority?").get_attribute("for")
    page.locator(f"#{authority}").fill("وزارة العدل")
    choice.select_option(label="Français")
    button.click()
    page.wait_for_url(f"**{cluster_url(multi, code='A')}")
    expect()(page.locator(".flash-success")).to_be_visible()
    expect()(page.locator("html")).to_have_attribute("lang", "ar")  # the interface stays Arabic
    expect()(page.locator("legend span[dir=auto]").first).to_contain_text("Le trafic de migrants est-il une infraction ?")
    expect()(page.locator(f"#{authority}")).to_have_value("وزارة العدل")
    expect()(page.locator(".page-top select[name=language] option:checked")).to_have_text("Français")
    db = fresh_db()
    assert db.scalar(select(Response.language)) == "fr"
    assert [(a.value, a.language) for a in db.scalars(select(Answer))] == [("وزارة العدل", "ar")]


def test_the_language_stays_while_a_typed_answer_cannot_be_saved(csrf_app, new_page, make_user, multi, fresh_db):
    """An answer the autosave refuses (not a number) is not dropped by a change of language: the language
    stays, the page says why, and what was typed is still there."""
    page = new_page(make_user("focal_point"))
    page.goto(cluster_url(multi, code="A"))
    cases = page.locator("label.label", has_text="How many cases?").get_attribute("for")
    page.locator(f"#{cases}").fill("a dozen")
    page.locator(".page-top select[name=language]").select_option(label="Français")
    page.locator(".page-top .reply-language button[type=submit]").click()
    expect()(page.locator("#save-status")).to_contain_text("The language was not changed")
    expect()(page.locator(f"#{cases}")).to_have_value("a dozen")
    assert page.url.endswith(cluster_url(multi, code="A"))
    assert fresh_db().scalar(select(Response.language)) is None


def _type_then_choose_french_without_javascript(page, multi, label: str, text: str) -> str:
    """On cluster A without scripts: type ``text`` into the question labelled ``label``, then change the
    reply's language to French; the id of the box typed into."""
    page.goto(cluster_url(multi, code="A"))
    box = page.locator("label.label", has_text=label).get_attribute("for")
    page.locator(f"#{box}").fill(text)
    page.locator(".page-top select[name=language]").select_option(label="Français")
    page.locator(".page-top .reply-language button[type=submit]").click()
    return box


def test_without_javascript_the_language_changes_from_a_cluster_page_with_what_was_typed_saved(
        csrf_app, new_page, make_user, multi, fresh_db):
    page = new_page(make_user("focal_point"), javascript=False)
    authority = _type_then_choose_french_without_javascript(page, multi, "Which authority?", "Ministry of Justice")
    page.wait_for_url(f"**{cluster_url(multi, code='A')}")
    expect()(page.locator(".flash-success").first).to_be_visible()
    question = page.locator("legend span[dir=auto]").first
    expect()(question).to_contain_text("Le trafic de migrants est-il une infraction ?")
    expect()(page.locator(f"#{authority}")).to_have_value("Ministry of Justice")
    db = fresh_db()
    assert db.scalar(select(Response.language)) == "fr"
    assert [(a.value, a.language) for a in db.scalars(select(Answer))] == [("Ministry of Justice", "en")]


def test_without_javascript_an_answer_that_cannot_be_saved_keeps_the_language_and_what_was_typed(
        csrf_app, new_page, make_user, multi, fresh_db):
    page = new_page(make_user("focal_point"), javascript=False)
    cases = _type_then_choose_french_without_javascript(page, multi, "How many cases?", "a dozen")
    expect()(page.locator(".flash-warning")).to_contain_text("The language was not changed")
    expect()(page.locator(f"#{cases}")).to_have_value("a dozen")
    assert fresh_db().scalar(select(Response.language)) is None


@pytest.mark.parametrize("javascript", [True, False])
def test_enter_in_an_answer_saves_it_and_leaves_the_language(
        csrf_app, new_page, make_user, multi, fresh_db, javascript):
    """The language's button comes before the Save button in the page; Enter in an answer still saves."""
    page = new_page(make_user("focal_point"), javascript=javascript)
    page.goto(cluster_url(multi, code="A"))
    authority = page.locator("label.label", has_text="Which authority?").get_attribute("for")
    page.locator(".page-top select[name=language]").select_option(label="Français")
    page.locator(f"#{authority}").fill("Interior")
    page.locator(f"#{authority}").press("Enter")
    expect()(page.locator(".flash-success")).to_have_text("Your answers are saved.")
    db = fresh_db()
    assert db.scalar(select(Response.language)) is None
    assert [a.value for a in db.scalars(select(Answer))] == ["Interior"]
