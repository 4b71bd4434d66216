"""Answering a "Not applicable" question and a table of figures through the cluster pages."""
from __future__ import annotations

from sqlalchemy import select

from questionnaire.models import Answer
from tests.factories import cluster_url, q_of


def stored(db, questionnaire, key):
    db.expire_all()
    return db.scalar(select(Answer.value).where(Answer.question_id == q_of(questionnaire, key).id))


def test_a_focal_point_answers_not_applicable_with_an_explanation(client, login, make_user, open_som, db):
    sea = q_of(open_som, "som.coop.sea")
    url = cluster_url(open_som, code=sea.cluster.code)
    login(make_user("focal_point"))
    page = client.get(url).get_data(as_text=True)
    assert f'name="q_{sea.id}_na"' in page and "Not applicable to my country" in page
    refused = client.post(url, data={f"q_{sea.id}_na": "y", f"q_{sea.id}_na_text": "  "})
    assert refused.status_code == 422 and "Explain why" in refused.get_data(as_text=True)
    assert stored(db, open_som, "som.coop.sea") is None
    saved = client.post(url, data={f"q_{sea.id}": "no", f"q_{sea.id}_na": "y",
                                   f"q_{sea.id}_na_text": "Landlocked, no ship register"})
    assert saved.status_code == 302
    assert stored(db, open_som, "som.coop.sea") == {"not_applicable": "Landlocked, no ship register"}
    again = client.get(url).get_data(as_text=True)
    assert "Landlocked, no ship register" in again and f'id="q_{sea.id}_na" name="q_{sea.id}_na" type="checkbox" value="y"' in again.replace(" checked", "")
    printed = client.get(f"/answers/{open_som.id}/MEX/print").get_data(as_text=True)
    assert 'Not applicable: <span dir="auto">Landlocked, no ship register</span>' in printed


def test_a_focal_point_fills_the_statistics_table(client, login, make_user, open_som, db):
    stats = q_of(open_som, "som.enf.statistics")
    url = cluster_url(open_som, code=stats.cluster.code)
    name = f"q_{stats.id}"
    login(make_user("focal_point"))
    page = client.get(url).get_data(as_text=True)
    assert f'name="{name}-r2_c2"' in page and "Persons convicted" in page
    cells = {f"{name}-r{r}_c{c}": str(10 * r + c) for r in range(3) for c in range(3)}
    for bad, words in (("-1", "0 or more"), ("2.5", "without decimals"), ("lots", "whole number or")):
        response = client.post(url, data={**cells, f"{name}-r1_c1": bad})
        assert response.status_code == 422 and words in response.get_data(as_text=True)
    assert stored(db, open_som, "som.enf.statistics") is None
    response = client.post(url, data={**cells, f"{name}-r0_c2": "not available"})
    assert response.status_code == 302
    value = stored(db, open_som, "som.enf.statistics")
    assert value["investigated"] == {"2023": 0, "2024": 1, "2025": "not_available"}
    assert value["convicted"]["2025"] == 22
    printed = client.get(f"/answers/{open_som.id}/MEX/print").get_data(as_text=True)
    assert '<table class="figures answer-table">' in printed and "<td>not available</td>" in printed
