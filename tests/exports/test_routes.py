"""The reviewers' pages and downloads over HTTP, and who may reach them."""
from __future__ import annotations

import io

import openpyxl
import pytest


@pytest.fixture
def answered(db, som, states, make_user, add_response):
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes", "som.crim.benefit": "element"},
                 make_user("focal_point", state="MEX"))
    add_response(som, states["NGA"], {"som.crim.smuggling": "no"}, make_user("expert", state="NGA"),
                 status="draft")
    return som


def test_reviewer_sees_the_size_of_the_selection_and_downloads_the_workbook(client, login, make_user, answered):
    login(make_user("reviewer"))
    page = client.get("/exports/")
    assert page.status_code == 200
    assert "1 State and 2 answers" in page.get_data(as_text=True)
    response = client.get("/exports/download.xlsx?questionnaire=som-protocol@2")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "som-protocol-v2-" in response.headers["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == ["MEX"]


def test_csv_download_starts_with_a_byte_order_mark(client, login, make_user, answered):
    login(make_user("reviewer"))
    response = client.get("/exports/download.csv?questionnaire=som-protocol@2")
    assert response.status_code == 200 and response.data.startswith(b"\xef\xbb\xbf")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "Mexico" in response.data.decode("utf-8-sig")


def test_only_the_secretariat_can_include_drafts(client, login, make_user, answered):
    login(make_user("reviewer"))
    page = client.get("/exports/?questionnaire=som-protocol@2&include_drafts=y")
    assert "1 State and" in page.get_data(as_text=True) and "Include responses not yet submitted" not in page.get_data(as_text=True)
    login(make_user("secretariat"))
    page = client.get("/exports/?questionnaire=som-protocol@2&include_drafts=y")
    assert "2 States" in page.get_data(as_text=True)


def test_summary_page_shows_counts_and_bars_per_group(client, login, make_user, answered):
    login(make_user("secretariat"))
    html = client.get("/exports/summary?questionnaire=som-protocol@2&include_drafts=y").get_data(as_text=True)
    assert "1 Is it a criminal offence" in html
    assert '<meter min="0" max="1" value="0.5"' in html
    assert "African States" in html and "Latin American and Caribbean States" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_unknown_questionnaire_in_the_address_gives_a_clear_message(client, login, make_user, answered):
    login(make_user("reviewer"))
    response = client.get("/exports/download.xlsx?questionnaire=som-protocol@2&cluster=IX")
    assert response.status_code == 400
    assert "has no cluster “IX”" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/exports/", "/exports/download.xlsx", "/exports/download.csv", "/exports/summary"])
def test_national_users_may_not_use_the_aggregated_export(client, login, make_user, answered, path):
    login(make_user("focal_point", state="MEX"))
    assert client.get(path).status_code == 403


def test_a_national_user_downloads_their_own_states_workbook_drafts_included(client, login, make_user, answered):
    login(make_user("expert", state="NGA"))
    response = client.get("/exports/states/NGA/workbook")
    assert response.status_code == 200
    assert "som-protocol-v2-NGA-" in response.headers["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert [r[:4] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == [
        ("NGA", "Nigeria", "African States", "Draft")]


def test_another_states_workbook_is_not_found_for_national_users(client, login, make_user, answered):
    login(make_user("focal_point", state="NGA"))
    assert client.get("/exports/states/MEX/workbook").status_code == 404


def test_reviewers_get_any_states_workbook_but_only_submitted_answers(client, login, make_user, answered):
    login(make_user("reviewer"))
    wb = openpyxl.load_workbook(io.BytesIO(client.get("/exports/states/MEX/workbook").data))
    assert [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == ["MEX"]
    draft_only = openpyxl.load_workbook(io.BytesIO(client.get("/exports/states/NGA/workbook").data))
    assert draft_only["Overview"].max_row == 1


def test_the_menu_offers_exports_to_reviewers_only(client, login, make_user, answered):
    login(make_user("reviewer"))
    assert 'href="/exports/"' in client.get("/").get_data(as_text=True)
    login(make_user("focal_point", state="MEX"))
    assert 'href="/exports/"' not in client.get("/").get_data(as_text=True)


def test_exports_open_on_the_version_with_replies_and_remember_the_choice(client, login, make_user, answered,
                                                                           make_questionnaire):
    make_questionnaire("zzz-newer")  # listed after the SOM, no replies
    login(make_user("reviewer"))
    page = client.get("/exports/").get_data(as_text=True)
    assert '<option selected value="som-protocol@2">' in page or 'value="som-protocol@2" selected' in page
    assert "1 State" in page and "1 States" not in page
    page = client.get("/exports/?questionnaire=zzz-newer@1").get_data(as_text=True)
    assert "This selection is empty" in page and "Download the workbook" not in page
    page = client.get("/exports/").get_data(as_text=True)  # the last choice is remembered
    assert "This selection is empty" in page and "Small questionnaire zzz-newer, version 1" in page


def test_a_selection_without_states_says_so_plainly(client, login, make_user, answered):
    login(make_user("reviewer"))
    page = client.get("/exports/?questionnaire=som-protocol@2&region=Asia-Pacific+States")
    assert page.status_code == 200
    assert "This selection is empty" in page.get_data(as_text=True)


def test_a_cluster_of_another_version_is_refused_with_a_message(client, login, make_user, answered, small):
    login(make_user("reviewer"))
    response = client.get("/exports/download.xlsx?questionnaire=small@1&cluster=I")
    assert response.status_code == 400
    assert "has no cluster" in response.get_data(as_text=True)
