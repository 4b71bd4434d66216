"""A reviewer filters the answers and downloads the workbook in a real browser."""
import openpyxl


def test_a_reviewer_filters_by_region_and_downloads_the_workbook(csrf_app, db, som, states, new_page, make_user, tmp_path, add_response):
    author = make_user("secretariat")
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes"}, author)
    add_response(som, states["NGA"], {"som.crim.smuggling": "no"}, author)
    page = new_page(make_user("reviewer"))
    page.get_by_role("link", name="Exports").first.click()
    assert "2 States" in page.get_by_role("status").inner_text()
    page.get_by_label("African States").check()
    page.get_by_role("button", name="Update the selection").click()
    assert "1 State " in page.get_by_role("status").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the workbook (XLSX)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.startswith("som-protocol-v2-")
    wb = openpyxl.load_workbook(target)
    assert [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == ["NGA"]
