"""The XLSX writer on plain sheet descriptions: repeated texts, scale colours, formula-like text, tables."""
from __future__ import annotations

import io

import openpyxl
import pytest

from exports.sheets import Column, Look, Sheet
from exports.workbook import MEMO_LIMIT, table_name, write_workbook


def _write(sheets: list[Sheet]) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_workbook(sheets, buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_repeated_texts_keep_their_colour_quote_and_cleaning_on_every_row(app):
    long_formula = "=" + "x" * (MEMO_LIMIT + 5)  # longer than the texts whose checks are kept
    rows = [["Yes", "=SUM(A1)", "a\x00b", long_formula], ["No", "=SUM(A1)", "a\x00b", long_formula],
            ["Yes", "plain", "a\x00b", "plain"]] * 2
    sheet = Sheet("S", [Column("Scale", Look.SCALE), Column("Text"), Column("Wrap", Look.WRAP), Column("Long")],
                  rows, scale_colours={"Yes": "FF00AA00", "No": "FFAA0000"})
    with app.app_context():
        ws = _write([sheet])["S"]
    fills = [ws.cell(row, 1).fill.fgColor.rgb[-6:] for row in range(2, 8)]
    assert fills == ["00AA00", "AA0000", "00AA00"] * 2
    assert [ws.cell(row, 2).quotePrefix for row in range(2, 8)] == [True, True, False] * 2
    assert [ws.cell(row, 4).quotePrefix for row in range(2, 8)] == [True, True, False] * 2
    assert {ws.cell(row, 3).value for row in range(2, 8)} == {"ab"}
    assert all(ws.cell(row, 3).alignment.wrap_text for row in range(2, 8))
    # every cell reads from the top, plain text included (through the workbook's default format)
    assert {ws.cell(row, col).alignment.vertical for row in range(1, 8) for col in range(1, 5)} == {"top"}
    assert all(ws.cell(row, col).data_type == "s" for row in range(2, 8) for col in range(1, 5))


def test_a_table_sheet_becomes_an_excel_table_and_an_empty_one_stays_a_plain_sheet(app):
    columns = [Column("State"), Column("Answer", Look.WRAP)]
    with app.app_context():
        wb = _write([Sheet("Réponses", columns, [["Mexico", "Yes"], ["Nigeria", "=No"]], as_table=True),
                     Sheet("Empty", columns, [], as_table=True)])
    table = wb["Réponses"].tables["Réponses"]
    assert table.ref == "A1:B3" and [c.name for c in table.tableColumns] == ["State", "Answer"]
    assert wb["Réponses"]["B3"].value == "=No" and wb["Réponses"]["B3"].data_type == "s"
    assert not wb["Empty"].tables and wb["Empty"]["A1"].value == "State"


@pytest.mark.parametrize(("sheet", "name"), [
    ("Answers", "Answers"), ("Réponses", "Réponses"), ("Sheet 1", "Sheet_1"), ("A1", "_A1"), ("1 Law", "_1_Law"),
    ("Ответы", "Ответы"), ("答复", "答复"),
])
def test_table_names_are_valid_excel_names(sheet, name):
    assert table_name(sheet) == name


def test_each_row_is_as_tall_as_its_longest_wrapped_text_and_short_rows_keep_the_default(app):
    answer = "The law provides that smuggling migrants is an offence. " * 20  # 1,120 characters, no line break
    rows = [["MEX", answer, "Yes"], ["NGA", "No law yet.", "No"], ["FRA", "First.\nSecond.\nThird.", "x" * 500],
            ["JPN", "x" * 40000, ""]]
    sheet = Sheet("S", [Column("ISO3", Look.TEXT, 7), Column("Answer", Look.WRAP, 110), Column("Note", Look.TEXT, 20)],
                  rows)
    with app.app_context():
        ws = _write([sheet])["S"]
    heights = {ws.cell(row, 1).value: ws.row_dimensions[row].height for row in range(2, 6)}
    assert heights["MEX"] == 11 * 15.0  # 1,120 characters wrapped at 110: eleven lines
    assert heights["NGA"] is None  # one line: the default height
    assert heights["FRA"] == 3 * 15.0  # three lines; the long text of a column that does not wrap adds none
    assert 408 < heights["JPN"] <= 409.0  # the tallest row allowed (in whole pixels); the whole text is in the cell
    assert ws.row_dimensions[1].height is None  # short headers stay on one line


def test_a_header_longer_than_its_column_wraps_on_at_most_five_lines(app):
    columns = [Column("A question whose header is longer than its column", Look.WRAP, 20), Column("B", Look.TEXT, 10)]
    long_header = [Column("word " * 100, Look.WRAP, 20)]
    with app.app_context():
        ws = _write([Sheet("S", columns, []), Sheet("T", long_header, [])])
    assert ws["S"].row_dimensions[1].height == 3 * 15.0
    assert ws["T"].row_dimensions[1].height == 5 * 15.0
