"""The XLSX writer: sheet descriptions in, a styled, print-ready workbook out (XlsxWriter).

XlsxWriter, chosen by measurement over openpyxl's write-only mode (see ``make bench``), on its public API
only; every format is built once per workbook. User text is always written as text: ``strings_to_formulas``
is off, and formula-like text also gets Excel's "quote prefix" so that editing the cell later keeps it text.

The long Answers sheet is a real Excel table (header row, filter buttons, banded style, a name pivot tables
can use). XlsxWriter's constant-memory mode cannot write tables (``add_table`` refuses in that mode), so the
workbook is written in XlsxWriter's default mode, with shared strings: the cells are held until the file is
closed. That costs little here, since the table builders hold every row in memory before writing anyway
(about 50 MB more for all 193 States with long texts, measured by ``make bench``), and shared strings
make the file smaller and faster to write than inline strings, since labels, State names and question texts
repeat on every row. The web download still streams from a temporary file.

Every sheet prints: fitted to the page width (landscape where wide), each row as tall as its longest wrapped
text (up to the tallest row a spreadsheet allows), the header row and the State columns repeated on each
page, a header naming the questionnaire and version, a footer with the page number and when the workbook
was generated; charts come one under another, never cut across pages.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import IO, Any

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, quote_sheetname

from exports.cells import looks_like_formula, xlsx_text
from exports.sheets import Look, Sheet
from questionnaire.row_height import line_height, row_height

_OPTIONS = {
    "constant_memory": False,  # tables need the default mode (see above)
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # every cell is aligned to the top (beside a wrapped long answer, a short one reads from the top): set on
    # the workbook's default format, so plain text cells need no format of their own
    "default_format_properties": {"font_name": "Calibri", "font_size": 11, "valign": "top"},
}
_NUMBER_FORMATS = {Look.DATE: "yyyy-mm-dd", Look.DATETIME: "yyyy-mm-dd hh:mm", Look.PERCENT: "0%"}
LANDSCAPE_FROM = 110  # total column width (characters) from which a sheet prints in landscape
CHART_WIDTH = 690  # pixels: the width of a portrait A4 page inside its margins
TABLE_STYLE = "Table Style Light 9"
#: Short texts repeat (labels, names, codes, question texts): their checked form is kept; long answers rarely
#: repeat, so remembering them would only grow the memo.
MEMO_LIMIT = 300
#: The most lines a header row grows to (a header is a short label; its column's cells hold the long texts).
HEADER_LINES = 5


class _Formats:
    """Every cell format of the workbook, built once (XlsxWriter formats are shared objects)."""

    def __init__(self, wb: xlsxwriter.Workbook, colours: dict[str, str]) -> None:
        self.wb = wb
        self.header = wb.add_format({"bold": True, "bg_color": "#DDE4EE", "text_wrap": True, "valign": "top"})
        self.preamble = None  # the default format (aligned to the top)
        self._cache: dict[tuple, Any] = {}
        self.colours = colours

    def get(self, look: Look, variant: str = "", colour: str | None = None):
        key = (look, variant, colour)
        found = self._cache.get(key)
        if found is None and key in self._cache:  # plain text: the default format
            return None
        if found is None:
            spec: dict[str, Any] = {}
            if look is Look.WRAP:
                spec["text_wrap"] = True
            number_format = _NUMBER_FORMATS.get(Look.DATE if variant == "day" else
                                                Look.DATETIME if variant == "timestamp" else look)
            if number_format:
                spec["num_format"] = number_format
            if variant == "quoted":
                spec["quote_prefix"] = True
            if colour:
                spec["bg_color"] = "#" + colour[-6:]
            found = self._cache[key] = self.wb.add_format(spec) if spec else None
        return found


def _column_formats(look: Look, formats: _Formats, scale: dict[str, str]) -> tuple:
    """The formats a column's cells may take, looked up once per sheet: plain, quoted text, date,
    date and time, and one per scale colour."""
    coloured = {label: formats.get(look, "", colour) for label, colour in scale.items()} if look is Look.SCALE else {}
    return (formats.get(look), formats.get(look, "quoted"), formats.get(look, "day"), formats.get(look, "timestamp"),
            coloured)


def _write_rows(ws, first_row: int, rows: list[list[Any]], columns: list[tuple],
                wrapped: list[tuple[int, float]]) -> None:
    """Write ``rows`` from ``first_row`` on; ``columns`` holds each column's formats (see
    :func:`_column_formats`), ``wrapped`` the index and width of each column whose text wraps: each row is
    as tall as its tallest wrapped text (see :func:`questionnaire.row_height.row_height`). The innermost
    loop of the export: the checks on each text (forbidden characters, length, formula-like start, scale
    colour) are done once per distinct short text."""
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    datetime, date, text_of, formula_like = dt.datetime, dt.date, xlsx_text, looks_like_formula
    checked: dict[tuple[int, str], tuple[str, Any]] = {}
    for row_index, row in enumerate(rows, first_row):
        height = row_height((row[col], width) for col, width in wrapped
                            if col < len(row) and type(row[col]) is str) if wrapped else None
        if height is not None:
            ws.set_row(row_index, height)
        for col, value in enumerate(row):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                short = len(value) <= MEMO_LIMIT
                found = checked.get((col, value)) if short else None
                if found is None:
                    plain, quoted, _date, _datetime, coloured = columns[col]
                    text = text_of(value)
                    found = (text, quoted if formula_like(text) else coloured.get(text, plain) if coloured else plain)
                    if short:
                        checked[col, value] = found
                write_string(row_index, col, found[0], found[1])
            elif kind is int or kind is float:
                write_number(row_index, col, value, columns[col][0])
            elif kind is datetime:
                write_datetime(row_index, col, value, columns[col][3])
            elif kind is date:
                write_datetime(row_index, col, datetime(value.year, value.month, value.day), columns[col][2])
            elif kind is bool:
                ws.write_boolean(row_index, col, value, columns[col][0])
            else:
                write_string(row_index, col, text_of(str(value)), columns[col][0])


def table_name(sheet_name: str) -> str:
    """An Excel table name from a sheet name: letters, digits and underscores, never like a cell reference
    (``Answers``; ``Réponses``; ``Sheet_1`` from ``Sheet 1``)."""
    name = re.sub(r"\W", "_", sheet_name)
    if not name or not (name[0].isalpha() or name[0] == "_") or re.fullmatch(r"[A-Za-z]{1,3}\d+", name):
        name = "_" + name
    return name[:255]


def _page_setup(ws, sheet: Sheet, header: str, footer: str) -> None:
    """Landscape where wide, fit to the page width, repeated header row and State columns, header and footer."""
    width = sum(column.width for column in sheet.columns)
    ws.set_paper(9)  # A4
    if width >= LANDSCAPE_FROM and not sheet.charts:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    if sheet.one_page:
        ws.fit_to_pages(1, 1)
    elif not sheet.charts:
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(sheet.header_row - 1)
    if sheet.freeze:
        frozen_row, frozen_col = xl_cell_to_rowcol(sheet.freeze)
        if frozen_col:
            ws.repeat_columns(0, frozen_col - 1)
    if sheet.page_breaks:
        ws.set_h_pagebreaks(sheet.page_breaks)
    escape = lambda text: text.replace("&", "&&")  # noqa: E731  (a single & starts a header code)
    ws.set_header(f"&L&9{escape(header)}&R&9{escape(sheet.name)}", {"margin": 0.3})
    ws.set_footer(f"&L&9{escape(footer)}&R&9&P / &N", {"margin": 0.3})


def _add_chart(wb: xlsxwriter.Workbook, ws, sheet: Sheet, spec) -> None:
    source = quote_sheetname(spec.source or sheet.name)
    label, value = xl_col_to_name(spec.label_column - 1), xl_col_to_name(spec.value_column - 1)
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({
        "categories": f"={source}!${label}${spec.first_row}:${label}${spec.last_row}",
        "values": f"={source}!${value}${spec.first_row}:${value}${spec.last_row}",
        "data_labels": {"value": True},
    })
    chart.set_title({"name": spec.title, "name_font": {"size": 9, "bold": True}, "overlay": False})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": CHART_WIDTH, "height": spec.height})
    ws.insert_chart(spec.anchor, chart, {"object_position": 3})


def _write_sheet(wb: xlsxwriter.Workbook, formats: _Formats, sheet: Sheet, header: str, footer: str,
                 right_to_left: bool = False) -> None:
    ws = wb.add_worksheet(sheet.name)
    if right_to_left:
        ws.right_to_left()
    looks = [column.look for column in sheet.columns]
    for index, column in enumerate(sheet.columns):
        ws.set_column(index, index, column.width)
    header_row = sheet.header_row - 1
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze)
    last_row = header_row + len(sheet.rows)
    last_col = max(len(sheet.columns), 1) - 1
    if sheet.as_table and sheet.rows:
        ws.add_table(header_row, 0, last_row, last_col, {
            "name": table_name(sheet.name), "style": TABLE_STYLE, "autofilter": True,
            "columns": [{"header": xlsx_text(column.header)} for column in sheet.columns],
        })
    elif sheet.autofilter and sheet.columns:
        ws.autofilter(header_row, 0, last_row, last_col)
    _page_setup(ws, sheet, header, footer)
    for spec in sheet.charts:
        _add_chart(wb, ws, sheet, spec)
    for index, row in enumerate(sheet.preamble):
        fmt = formats.header if index == 0 and row else formats.preamble
        for col, value in enumerate(row):
            if isinstance(value, str):
                ws.write_string(index, col, xlsx_text(value), fmt)
            elif value is not None:
                ws.write(index, col, value, fmt)
    header_height = row_height((column.header, column.width) for column in sheet.columns)
    if header_height is not None:
        ws.set_row(header_row, min(header_height, HEADER_LINES * line_height()))
    for col, column in enumerate(sheet.columns):
        ws.write_string(header_row, col, xlsx_text(column.header), formats.header)
    wrapped = [(col, column.width) for col, column in enumerate(sheet.columns) if column.look is Look.WRAP]
    _write_rows(ws, header_row + 1, sheet.rows,
                [_column_formats(look, formats, sheet.scale_colours) for look in looks], wrapped)


def write_workbook(sheets: list[Sheet], target: str | IO[bytes], header: str = "", footer: str = "",
                   right_to_left: bool = False) -> None:
    """Write ``sheets`` as an XLSX workbook to ``target`` (a path or a binary file object); ``header`` and
    ``footer`` are printed on every page (with the sheet name and the page number); ``right_to_left``
    lays every sheet out from right to left (a workbook in Arabic)."""
    wb = xlsxwriter.Workbook(target, _OPTIONS)
    colours: dict[str, str] = {}
    for sheet in sheets:
        colours.update(sheet.scale_colours)
    formats = _Formats(wb, colours)
    for sheet in sheets:
        _write_sheet(wb, formats, sheet, header, footer, right_to_left)
    wb.close()
