"""The printable reply links to the State's own workbook of the same questionnaire version."""
import io
import re

from openpyxl import load_workbook

from tests.factories import cluster_url


def test_focal_point_downloads_their_own_workbook_from_the_printable_reply(client, login, make_user, open_som):
    login(make_user("focal_point", state="MEX"))
    client.post(cluster_url(open_som), data={f"q_{open_som.questions_in_order()[1].id}": "yes"})
    page = client.get(f"/answers/{open_som.id}/MEX/print").get_data(as_text=True)
    link = re.search(r'href="([^"]*/exports/states/MEX/workbook[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "questionnaire=som-protocol" in link and "version=2" in link  # the shipped questionnaire is version 2
    download = client.get(link)
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(download.data), read_only=True)
    assert "Overview" in workbook.sheetnames
    overview = [row for row in workbook["Overview"].iter_rows(values_only=True) if row and "MEX" in row]
    assert len(overview) == 1
    workbook.close()
