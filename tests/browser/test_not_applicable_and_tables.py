"""In Chromium: a focal point answers "Not applicable" with its explanation and fills the statistics table,
then reads both back on the pages and in the printable reply."""
from __future__ import annotations

from sqlalchemy import select

from questionnaire.models import Answer
from tests.factories import cluster_url, q_of


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def test_a_focal_point_answers_not_applicable_and_the_statistics_table(csrf_app, new_page, make_user, open_som, db):
    page = new_page(make_user("focal_point", name="Ana"))
    sea = q_of(open_som, "som.coop.sea")
    stats = q_of(open_som, "som.enf.statistics")

    page.goto(cluster_url(open_som, code=sea.cluster.code))
    question = page.locator(f"#question-{sea.id}")
    question.get_by_label("Not applicable to my country").check()
    question.get_by_label("Why does this question not apply to your country?").fill(
        "Landlocked: no coastline and no ship register.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect()(page.locator(".flash-success")).to_contain_text("saved")

    page.goto(cluster_url(open_som, code=stats.cluster.code))
    figures = {("Persons investigated", "2023"): "41", ("Persons investigated", "2024"): "38",
               ("Persons investigated", "2025"): "not available", ("Persons prosecuted", "2023"): "12",
               ("Persons prosecuted", "2024"): "9", ("Persons prosecuted", "2025"): "11",
               ("Persons convicted", "2023"): "7", ("Persons convicted", "2024"): "0", ("Persons convicted", "2025"): "5"}
    for (stage, year), value in figures.items():
        page.get_by_label(f"{stage} — {year}").fill(value)
    page.get_by_role("button", name="Save", exact=True).click()
    expect()(page.locator(".flash-success")).to_contain_text("saved")

    # read back: a fresh page shows what was saved
    page.goto(cluster_url(open_som, code=sea.cluster.code))
    expect()(page.locator(f"#q_{sea.id}_na")).to_be_checked()
    expect()(page.locator(f"#q_{sea.id}_na_text")).to_have_value("Landlocked: no coastline and no ship register.")
    page.goto(cluster_url(open_som, code=stats.cluster.code))
    expect()(page.get_by_label("Persons investigated — 2023")).to_have_value("41")
    expect()(page.get_by_label("Persons convicted — 2024")).to_have_value("0")
    expect()(page.get_by_label("Persons investigated — 2025")).to_have_value("not available")

    page.goto(f"/answers/{open_som.id}/MEX/print")
    expect()(page.locator("body")).to_contain_text("Not applicable: Landlocked: no coastline and no ship register.")
    table = page.locator("table.answer-table").first
    expect()(table).to_contain_text("Persons prosecuted")
    expect()(table).to_contain_text("not available")

    db.expire_all()
    stored = dict(db.execute(select(Answer.question_id, Answer.value)).all())
    assert stored[sea.id] == {"not_applicable": "Landlocked: no coastline and no ship register."}
    assert stored[stats.id]["investigated"] == {"2023": 41, "2024": 38, "2025": "not_available"}
    assert stored[stats.id]["convicted"]["2024"] == 0
