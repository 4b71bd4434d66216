"""The secretariat follows the States' replies and reopens one with a reason, in Chromium (plus axe-core)."""
from __future__ import annotations

from tests.factories import COMPLETE


def test_the_secretariat_filters_the_table_and_reopens_a_submitted_reply(csrf_app, db, small, states, new_page, make_user, make_reply):
    make_reply(small, states["MEX"], make_user("focal_point", name="Ana"), COMPLETE, status="submitted")
    make_reply(small, states["FRA"], make_user("expert", state="FRA"), {"crim": "yes"})
    page = new_page(make_user("secretariat"))
    page.get_by_role("link", name="Monitoring").first.click()
    page.get_by_role("link", name=small.title).click()
    page.get_by_label("Status").select_option("submitted")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.monitoring tbody tr")
    assert rows.count() == 1 and "Mexico" in rows.first.inner_text()
    page.get_by_text("Reopen…").click()
    page.get_by_label("Reason for reopening").fill("Please cite the 2024 amendment.")
    page.get_by_role("button", name="Reopen for changes").click()
    assert "The reply of Mexico is open for changes again." in page.locator("main").inner_text()
    page.get_by_label("Status").select_option("reopened")
    page.get_by_role("button", name="Filter").click()
    assert "Mexico" in page.locator("table.monitoring tbody").inner_text()


def test_axe_finds_no_serious_violation_on_the_monitoring_pages(csrf_app, db, small, states, serious_accessibility_problems, make_user, make_reply):
    make_reply(small, states["MEX"], make_user("focal_point"), COMPLETE, status="submitted")
    paths = ("/monitoring", f"/monitoring/{small.id}?regional_group=Latin+American+and+Caribbean+States",
             f"/monitoring/{small.id}/MEX/reopen")
    assert serious_accessibility_problems(make_user("secretariat"), paths) == {}
