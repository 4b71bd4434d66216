"""Answering in Arabic and in Chinese in Chromium: the page's direction and language, the isolation of every
fragment of the other direction (checked in the DOM, not in pixels), and axe-core on both."""
from __future__ import annotations

import pytest

from tests.factories import cluster_url


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def focal_point(make_user, db, locale: str):
    user = make_user("focal_point")
    user.locale = locale
    db.commit()
    return user


def test_a_focal_point_answers_in_arabic_with_english_fragments_isolated(csrf_app, new_page, make_user, db, small):
    page = new_page(focal_point(make_user, db, "ar"))
    page.goto(cluster_url(small, code="A"))
    html = page.locator("html")
    expect()(html).to_have_attribute("lang", "ar")
    expect()(html).to_have_attribute("dir", "rtl")
    label = page.locator("label.label").first
    # the English question text is its own left-to-right run, marked as English, its number in a <bdi> at its start
    text = label.locator('span[dir="auto"][lang="en"]')
    expect()(text).to_contain_text("Cite the law.")
    expect()(text.locator("bdi").first).to_have_text("1.1")
    assert text.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert text.evaluate("el => el.firstElementChild.tagName") == "BDI"
    # the section title and its number, and the counts of the section menu
    expect()(page.locator('h1 > span[dir="auto"][lang="en"] > bdi')).to_have_text("A.")
    counts = page.locator(".section-nav .progress-count").first
    expect()(counts.locator("bdi")).to_have_count(2)
    assert counts.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
    # answering: the field follows what is typed, and the answer is saved
    page.locator('input[type="radio"]').nth(1).check()
    field = page.locator(f"#{label.get_attribute('for')}")
    expect()(field).to_have_attribute("dir", "auto")
    field.fill("Migration Act, art. 12")
    page.locator('button[name="action"][value="save"]').click()
    page.goto(cluster_url(small, code="A"))
    expect()(page.locator(f"#{label.get_attribute('for')}")).to_have_value("Migration Act, art. 12")
    # the printable reply isolates the same fragments
    page.goto(f"/answers/{small.id}/MEX/print")
    expect()(page.locator('h3 > span[dir="auto"][lang="en"] > bdi').first).to_be_attached()
    expect()(page.locator("p.answer-text[dir=auto]").first).to_be_attached()
    # the header's name is isolated too
    expect()(page.locator(".account bdi").first).to_be_attached()


def test_a_focal_point_answers_in_chinese(csrf_app, new_page, make_user, db, small):
    page = new_page(focal_point(make_user, db, "zh"))
    page.goto(cluster_url(small, code="A"))
    expect()(page.locator("html")).to_have_attribute("lang", "zh")
    expect()(page.locator("html")).to_have_attribute("dir", "ltr")
    expect()(page.locator('label.label span[lang="en"]').first).to_contain_text("Cite the law.")
    page.locator('input[type="radio"]').nth(1).check()
    page.locator("label.label").first.evaluate("el => document.getElementById(el.htmlFor).value = '移民法第12条'")
    page.locator('button[name="action"][value="save"]').click()
    page.goto(cluster_url(small, code="A"))
    field_id = page.locator("label.label").first.get_attribute("for")
    expect()(page.locator(f"#{field_id}")).to_have_value("移民法第12条")
    font = page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert "Noto Sans CJK SC" in font


@pytest.mark.parametrize("locale", ["ar", "zh"])
def test_axe_finds_no_serious_violation_on_an_arabic_and_a_chinese_section(
    csrf_app, serious_accessibility_problems, make_user, db, small, locale
):
    user = focal_point(make_user, db, locale)
    paths = (cluster_url(small, code="A"), f"/answers/{small.id}/MEX/print")
    assert serious_accessibility_problems(user, paths) == {}
