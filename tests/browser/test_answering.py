"""Answering in Chromium: follow-ups, autosave, review, submission, conflicts between two experts, axe-core."""
from __future__ import annotations

from tests.factories import cluster_url


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def test_a_focal_point_fills_a_section_autosaves_reviews_and_submits(csrf_app, new_page, make_user, small):
    page = new_page(make_user("focal_point", name="Ana"))
    page.goto("/answers/")
    page.get_by_role("link", name="A. Criminalization").click()
    law = page.get_by_label("1.1 Cite the law.")
    why = page.get_by_label("1.2 Explain why not.")
    expect()(law).to_be_hidden()
    page.get_by_label("Yes, in part").check()
    expect()(law).to_be_visible()
    expect()(why).to_be_hidden()
    law.fill("Migration Act, art. 12")
    expect()(page.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)

    page.reload()
    expect()(page.get_by_label("1.1 Cite the law.")).to_have_value("Migration Act, art. 12")
    expect()(page.get_by_label("Yes, in part")).to_be_checked()

    page.get_by_role("link", name="Review and submit").first.click()
    expect()(page.locator(".missing")).to_contain_text("Do you have agreements?")
    page.locator(".missing a").first.click()
    page.get_by_label("Bilateral").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect()(page.locator(".flash-success")).to_contain_text("saved")

    page.get_by_role("link", name="Review and submit").first.click()
    page.get_by_role("link", name="Submit the reply").click()
    page.get_by_role("button", name="Yes, submit the reply").click()
    expect()(page.get_by_role("heading", level=1)).to_have_text("Reply submitted")

    page.goto(cluster_url(small, code="A"))
    expect()(page.get_by_label("1.1 Cite the law.")).to_be_disabled()
    expect()(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)


def test_two_experts_edit_the_same_answer_and_the_second_sees_both_texts(csrf_app, new_page, make_user, small):
    first = new_page(make_user("expert", name="Bea"))
    second = new_page(make_user("expert", name="Carlos"))
    url = cluster_url(small, code="A")
    first.goto(url)
    second.goto(url)
    first.get_by_label("3 Which authority?").fill("Border police")
    expect()(first.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)

    second.get_by_label("3 Which authority?").fill("Customs")
    conflict = second.locator(".conflict")
    expect()(conflict).to_be_visible(timeout=15_000)
    expect()(conflict.locator(".stored-text")).to_have_text("Border police")
    expect()(conflict).to_contain_text("Bea")
    expect()(second.get_by_label("3 Which authority?")).to_have_value("Customs")

    second.get_by_label("3 Which authority?").fill("Police and customs")
    second.get_by_role("button", name="Save", exact=True).click()
    expect()(second.locator(".flash-success")).to_contain_text("saved")
    first.reload()
    expect()(first.get_by_label("3 Which authority?")).to_have_value("Police and customs")


def test_axe_finds_no_serious_violation_on_the_dashboard_a_section_and_the_review(csrf_app, serious_accessibility_problems, make_user, small):
    paths = ("/answers/", cluster_url(small, code="A"), cluster_url(small, code="B"), f"/answers/{small.id}/MEX/review")
    assert serious_accessibility_problems(make_user("focal_point"), paths) == {}
