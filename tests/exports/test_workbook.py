"""The workbook read back cell by cell: every sheet, safe text, hidden follow-ups left out."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from exports.selection import ALL_STATUSES, Selection
from exports.service import prepare, write_export


FORMULA = '=HYPERLINK("http://evil.example","click")'
ARABIC = "ينص القانون رقم ٨٢ لسنة ٢٠١٦ على مكافحة تهريب المهاجرين"
CHINESE = "需要培训和立法咨询"


@pytest.fixture
def answered(db, som, states, make_user, add_response):
    mex_user = make_user("focal_point", state="MEX", name="Ana López")
    nga_user = make_user("focal_point", state="NGA")
    add_response(som, states["MEX"], {
        "som.crim.smuggling": "yes",
        "som.crim.smuggling.legislation": FORMULA,
        "som.crim.smuggling.law_date": "2019-05-01",
        "som.crim.smuggling.gaps": "hidden text that must not be exported",
        "som.crim.documents": "no",
        "som.crim.documents.gaps": "x" * 40000,
        "som.crim.ancillary": ["attempt", "organizing"],
        "som.enf.verification": "yes",
        "som.enf.verification.requests": 12,
        "som.coop.sea": "partly",
        "som.coop.sea.legislation": ARABIC,
        "som.crim.assistance": ["legal_advice", "training"],
        "som.crim.assistance_details": CHINESE + "\x01",
    }, mex_user)
    add_response(som, states["NGA"], {
        "som.crim.smuggling": "no", "som.crim.smuggling.gaps": "No law yet.", "som.crim.assistance": ["none"],
    }, nga_user)
    add_response(som, states["FRA"], {"som.crim.smuggling": "yes"}, make_user("expert", state="FRA"),
                 status="draft")
    return som


def export(db, selection=None, fmt="xlsx") -> bytes:
    data = prepare(db, selection or Selection("som-protocol"), None)
    buffer = io.BytesIO()
    write_export(data, fmt, buffer)
    return buffer.getvalue()


def column(ws, prefix: str, header_row: int | None = None) -> int:
    """The 1-based index of the column whose header starts with ``prefix``."""
    header_row = header_row or (3 if ws.title == "Provisions" else 1)
    for cell in ws[header_row]:
        if isinstance(cell.value, str) and cell.value.startswith(prefix):
            return cell.column
    raise AssertionError(f"no column {prefix!r} in {ws.title}")


def row_of(ws, iso3: str, iso_column: int = 1) -> int:
    for row in ws.iter_rows(min_row=1):
        if row[iso_column - 1].value == iso3:
            return row[0].row
    raise AssertionError(f"{iso3} not on {ws.title}")


def test_every_sheet_is_there_in_order(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    assert wb.sheetnames == [
        "About", "Overview", "I Criminalization and jurisdict", "II Prevention, technical assist",
        "III Law enforcement and the jud", "IV International cooperation, m", "Answers", "Summary",
        "Charts", "Provisions", "Assistance", "Observations",
    ]


def test_about_and_overview_say_what_is_covered(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["Version"] == 2 and about["Identifier"] == "som-protocol"
    assert about["States in this selection"] == 2
    assert about["Response status"] == "Submitted"
    overview = wb["Overview"]
    assert [c.value for c in overview[1]] == [
        "ISO3", "State", "Regional group", "Status", "Submitted at", "Late", "Required questions answered"]
    assert [r[:5] for r in overview.iter_rows(min_row=2, values_only=True)] == [
        ("MEX", "Mexico", "Latin American and Caribbean States", "Submitted", dt.datetime(2026, 3, 1, 12, 30)),
        ("NGA", "Nigeria", "African States", "Submitted", dt.datetime(2026, 3, 1, 12, 30)),
    ]
    assert overview.freeze_panes == "C2" and overview.auto_filter.ref == "A1:G3"
    assert 0 < overview["G2"].value < 1 and overview["G2"].number_format == "0%"


def test_cluster_sheet_holds_labels_dates_numbers_and_safe_text(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    ws = wb["I Criminalization and jurisdict"]
    mex = row_of(ws, "MEX")
    legislation = ws.cell(mex, column(ws, "1.1 "))
    assert legislation.value == FORMULA and legislation.data_type == "s" and legislation.quotePrefix
    assert ws.cell(mex, column(ws, "1.3 ")).value == dt.datetime(2019, 5, 1)
    assert ws.cell(mex, column(ws, "1.4 ")).value is None  # hidden follow-up
    assert ws.cell(mex, column(ws, "6 ")).value == (  # som.crim.ancillary
        "Attempting to commit the offence; Organizing or directing others to commit the offence")
    cut = ws.cell(mex, column(ws, "4.2 ")).value  # som.crim.documents.gaps
    assert len(cut) == 32767 and cut.startswith("xxx") and "40,000" in cut
    assert ws.freeze_panes == "C2" and ws.cell(mex, column(ws, "1.1 ")).alignment.wrap_text
    nga = row_of(ws, "NGA")
    assert ws.cell(nga, column(ws, "1 ")).value == "No" and ws.cell(nga, column(ws, "1.4 ")).value == "No law yet."
    assert wb["III Law enforcement and the jud"].cell(row_of(wb["III Law enforcement and the jud"], "MEX"),
                                                       column(wb["III Law enforcement and the jud"], "36.3 ")).value == 12
    coop = wb["IV International cooperation, m"]
    assert coop.cell(row_of(coop, "MEX"), column(coop, "40.1 ")).value == ARABIC  # som.coop.sea.legislation


def test_answers_sheet_is_an_excel_table_of_visible_answers(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    ws = wb["Answers"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("State", "ISO3", "Regional group", "Cluster", "Question number", "Key", "Provisions",
                       "Question", "Answer", "Answered by", "Answered at", "Language of the answer")
    assert ws.freeze_panes == "C2"
    assert list(ws.tables) == ["Answers"]  # a real Excel table, by name for pivot tables
    table = ws.tables["Answers"]
    assert table.ref == f"A1:L{len(rows)}" and table.headerRowCount == 1
    assert table.autoFilter is not None and table.autoFilter.ref == f"A1:L{len(rows)}"
    assert table.tableStyleInfo.name == "TableStyleLight9" and table.tableStyleInfo.showRowStripes
    assert [column.name for column in table.tableColumns] == list(rows[0])
    keys = {(r[1], r[5]): r for r in rows[1:]}
    assert keys[("MEX", "som.crim.smuggling.legislation")][8] == FORMULA
    assert keys[("MEX", "som.crim.smuggling.legislation")][9] == "Ana López"
    assert keys[("MEX", "som.crim.assistance_details")][8] == CHINESE
    assert ("MEX", "som.crim.smuggling.gaps") not in keys
    assert keys[("NGA", "som.crim.smuggling")][6] == "art. 6 (1) (a), art. 3 (a), art. 3 (b)"
    assert all(r[1] != "FRA" for r in rows[1:])  # drafts are left out by default


def test_summary_counts_shares_per_group_and_bar_charts(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    ws = wb["Summary"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("Question", "Answer", "States", "Share", "African States: States", "African States: share")
    first = [r for r in rows[1:] if r[0].startswith("1 Is it a criminal offence")]
    assert [(r[1], r[2], r[3]) for r in first] == [
        ("Yes", 1, 0.5), ("Yes, in part", 0, 0), ("No", 1, 0.5), ("States that answered", 2, None)]
    assert (first[2][4], first[2][5]) == (1, 1)  # the one African State said No
    charts = wb["Charts"]._charts  # one under another, on a sheet of their own
    assert len(charts) == len([r for r in rows[1:] if r[1] == "States that answered"])
    assert [chart.anchor._from.col for chart in charts] == [0] * len(charts)
    tops = [chart.anchor._from.row for chart in charts]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # one under another


def test_provisions_are_coloured_and_assistance_is_totalled(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    ws = wb["Provisions"]
    art6 = column(ws, "art. 6 Criminalization")
    cell = ws.cell(row_of(ws, "MEX"), art6)
    assert cell.value == "Yes" and cell.fill.fgColor.rgb.endswith("C6EFCE")
    assert ws.cell(row_of(ws, "NGA"), art6).value == "No"
    assert ws.cell(row_of(ws, "MEX"), column(ws, "art. 7 ")).value == "Yes, in part"
    assert ws["A1"].value.startswith("For the review mechanism's analysis — not for publication")
    headers = [cell.value for cell in ws[3]]
    assert not any(isinstance(h, str) and ("total" in h.lower() or "score" in h.lower() or "rank" in h.lower())
                   for h in headers)
    states = [ws.cell(row, 2).value for row in range(4, ws.max_row + 1)]
    assert states == sorted(states)  # by name, never by compliance
    assistance = list(wb["Assistance"].iter_rows(values_only=True))
    totals = {row[0]: row for row in assistance[2:11]}
    assert totals["Training and capacity-building"][1:3] == (1, 0)
    assert totals["No assistance needed"][1] == 1
    details = [row for row in assistance if row[0] == "MEX" and row[3] == "I"][0]
    assert details[4] == "Legal advice or legislative drafting; Training and capacity-building"
    assert details[-1] == CHINESE


def test_no_cell_anywhere_is_a_formula_and_hidden_answers_never_leak(db, answered):
    content = export(db)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)
    assert not any("hidden text" in xml for xml in sheets)


def test_drafts_are_included_only_when_asked(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db, Selection("som-protocol", statuses=ALL_STATUSES))))
    assert [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == ["FRA", "MEX", "NGA"]


def test_filters_by_cluster_and_region(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db, Selection("som-protocol", clusters=("II",),
                                                                 regions=("African States",)))))
    assert "I Criminalization and jurisdict" not in wb.sheetnames and "II Prevention, technical assist" in wb.sheetnames
    assert [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True)] == ["NGA"]


def test_an_empty_selection_gives_a_workbook_that_says_so(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db, Selection("som-protocol", states=("JPN",)))))
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["States in this selection"] == 0
    assert "No State’s response matches" in about["Note"]
    assert wb["Answers"].max_row == 1 and wb["Overview"].max_row == 1


def test_csv_is_utf8_with_bom_long_format_and_keeps_everything(db, answered):
    content = export(db, fmt="csv")
    assert content.startswith(b"\xef\xbb\xbf")
    import csv

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Questionnaire", "Version", "ISO3"]
    by_key = {(r[2], r[8]): r for r in rows[1:]}
    assert by_key[("MEX", "som.crim.smuggling.legislation")][12] == "'" + FORMULA
    assert by_key[("MEX", "som.crim.documents.gaps")][12] == "x" * 40000
    assert by_key[("MEX", "som.coop.sea.legislation")][12] == ARABIC
    assert by_key[("MEX", "som.crim.smuggling.law_date")][12] == "2019-05-01"
    assert all(r[1] == "2" for r in rows[1:])


def test_every_sheet_prints_with_its_page_set_up(db, answered):
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.paperSize in (9, "9"), ws.title
        assert ws.oddHeader.left.text and "Generated at" in ws.oddFooter.left.text, ws.title
        assert ws.oddFooter.right.text == "&P / &N", ws.title
        if ws.title == "Charts":
            assert setup.orientation == "portrait" and ws.row_breaks.count >= 1
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToWidth in (None, 1, "1"), ws.title  # one page wide (1 is the default)
        if ws.title == "About":
            assert setup.fitToHeight in (None, 1, "1")
        else:
            assert setup.fitToHeight in (0, "0"), ws.title
            # header rows repeat on every page: the first row, or the Provisions matrix's own header row
            # (below its "not for publication" note)
            expected = "$3:$3" if ws.title == "Provisions" else "$1:$1"
            assert ws.print_title_rows == expected or ws.title == "Assistance", ws.title
    assert wb["I Criminalization and jurisdict"].print_title_cols == "$A:$B"
    assert wb["I Criminalization and jurisdict"].page_setup.orientation == "landscape"
    assert wb["Provisions"].print_title_cols == "$A:$C"
    assert "version 2" in wb["Overview"].oddHeader.left.text


def test_a_long_answer_gets_a_row_tall_enough_to_read_it_and_short_rows_keep_the_default(
        db, som, states, make_user, add_response):
    answer = "The law provides that smuggling migrants is an offence punishable by imprisonment. " * 16
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes", "som.crim.smuggling.legislation": answer},
                 make_user("focal_point", state="MEX"))
    add_response(som, states["NGA"], {"som.crim.smuggling": "no"}, make_user("focal_point", state="NGA"))
    wb = openpyxl.load_workbook(io.BytesIO(export(db)))
    answers = wb["Answers"]
    (legislation,) = [row[0].row for row in answers.iter_rows(min_row=2)
                      if row[5].value == "som.crim.smuggling.legislation"]
    assert answers.row_dimensions[legislation].height >= 13 * 15.0  # 1,328 characters at 110 a line
    cluster = wb["I Criminalization and jurisdict"]
    assert cluster.row_dimensions[row_of(cluster, "MEX")].height > 300  # the same answer in a column 40 wide
    assert cluster.row_dimensions[row_of(cluster, "NGA")].height is None  # "No" and nothing else: one line
