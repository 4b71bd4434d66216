"""The secretariat follows the States' replies and reopens one with a reason, in Chromium (plus axe-core)."""
from __future__ import annotations

import json
from pathlib import Path

from tests.forms.factories import make_questionnaire, small  # noqa: F401  (fixtures)
from tests.questionnaire.monitoring_factories import COMPLETE, make_reply

AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def test_the_secretariat_filters_the_table_and_reopens_a_submitted_reply(csrf_app, db, small, states, new_page, make_user):
    make_reply(db, small, states["MEX"], make_user("focal_point", name="Ana"), COMPLETE, status="submitted")
    make_reply(db, small, states["FRA"], make_user("expert", state="FRA"), {"crim": "yes"})
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


def test_axe_finds_no_serious_violation_on_the_monitoring_pages(csrf_app, db, small, states, browser, live_server, make_user):
    import pytest

    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it when npm is available)")
    make_reply(db, small, states["MEX"], make_user("focal_point"), COMPLETE, status="submitted")
    user = make_user("secretariat")
    # axe is injected as an inline script, which the pages' CSP forbids: bypass CSP for this check only.
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/login")
        page.get_by_label("E-mail").fill(user.email)
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server}/")
        for path in ("/monitoring", f"/monitoring/{small.id}?regional_group=Latin+American+and+Caribbean+States",
                     f"/monitoring/{small.id}/MEX/reopen"):
            page.goto(path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document)")
            serious = [
                {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], f"{path}: {json.dumps(serious, indent=1)}"
    finally:
        context.close()
