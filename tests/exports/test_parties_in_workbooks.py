"""Workbooks say who is expected to answer (the parties in force, with the date of that list), show the
European Union in its own group, and count "Not applicable" answers on the Summary sheet."""
from __future__ import annotations

import io

import openpyxl
import pytest

from exports.selection import Selection
from exports.service import prepare, write_export
from tests.factories import party_codes, set_party

NOT_APPLICABLE = {"not_applicable": "No ship is registered under our flag."}


@pytest.fixture
def answered(db, som, states, make_user, add_response):
    add_response(som, states["AUT"], {"som.coop.sea": NOT_APPLICABLE}, make_user("focal_point", state="AUT"))
    add_response(som, states["EUU"], {"som.coop.sea": "yes"}, make_user("focal_point", state="EUU"))
    add_response(som, states["MEX"], {"som.coop.sea": "partly"}, make_user("focal_point", state="MEX"))
    return som


def workbook(db) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_export(prepare(db, Selection("som-protocol"), None), "xlsx", buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_the_about_sheet_counts_the_parties_in_force_with_their_as_at_date_and_source(db, answered, states):
    about = {row[0]: row[1] for row in workbook(db)["About"].iter_rows(values_only=True)}
    assert about["Parties expected to answer"] == 157 == len(party_codes(db))
    assert about["Party status as at"] == "2024-04-26"
    assert "United Nations Treaty Collection" in about["Party status source"]
    set_party(db, states["CHN"])  # the status records decide, nothing else
    about = {row[0]: row[1] for row in workbook(db)["About"].iter_rows(values_only=True)}
    assert about["Parties expected to answer"] == 158


def test_the_summary_has_a_not_applicable_row_and_the_european_union_its_own_group(db, answered):
    rows = list(workbook(db)["Summary"].iter_rows(values_only=True))
    header = rows[0]
    assert "Regional economic integration organization: States" in header
    sea = [r for r in rows[1:] if r[0].startswith("40 ")]
    assert [(r[1], r[2]) for r in sea] == [("Yes", 1), ("Yes, in part", 1), ("No", 0), ("Not applicable", 1),
                                          ("States that answered", 3)]
    not_applicable = next(r for r in sea if r[1] == "Not applicable")
    assert not_applicable[3] == pytest.approx(1 / 3)
    weog = header.index("Western European and other States: States")
    eu = header.index("Regional economic integration organization: States")
    assert (not_applicable[weog], not_applicable[weog + 1]) == (1, 1.0)
    yes = next(r for r in sea if r[1] == "Yes")
    assert (yes[eu], not_applicable[eu]) == (1, 0)


def test_a_question_without_not_applicable_has_no_such_row(db, answered):
    rows = list(workbook(db)["Summary"].iter_rows(values_only=True))
    first = [r for r in rows[1:] if r[0].startswith("1 ")]
    assert first and "Not applicable" not in [r[1] for r in first]


def test_the_european_union_is_listed_in_its_own_group(db, answered):
    wb = workbook(db)
    overview = list(wb["Overview"].iter_rows(values_only=True))
    eu = next(row for row in overview if "European Union" in row)
    assert "Regional economic integration organization" in eu and "EUU" in eu  # its code in addresses


def test_the_summary_page_agrees_with_the_sheet_on_not_applicable(client, login, make_user, answered):
    login(make_user("reviewer"))
    html = client.get(f"/exports/summary?questionnaire=som-protocol@{answered.version}&include_drafts=y"
                      ).get_data(as_text=True)
    sea = html[html.index("40 Has your country"):].split("</section>")[0]
    row = sea[sea.index('<tr class="not-applicable">'):].split("</tr>")[0]
    assert "Not applicable" in row and "1 (33 %)" in row
    assert "Regional economic integration organization" in sea
    first = html[html.index("1 Is it a criminal offence"):].split("</section>")[0]
    assert "not-applicable" not in first
