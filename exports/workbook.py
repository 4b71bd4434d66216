"""The streaming XLSX writer: sheet descriptions in, a styled workbook out (openpyxl write-only mode).

Rows go to disk as they are written, so memory stays flat however many States there are.  To keep the
per-cell cost close to bare openpyxl, every style is built once per column and each column reuses one
cell object per look (openpyxl writes a row completely before the next one is appended).  User text is
always written as a text cell: a leading ``=`` never becomes a formula, and formula-like text also
gets Excel's "quote prefix" so that editing the cell later keeps it text.
"""
from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import IO, Any, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from exports.cells import looks_like_formula, xlsx_text
from exports.sheets import Look, Sheet

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMATS = {Look.DATE: "yyyy-mm-dd", Look.DATETIME: "yyyy-mm-dd hh:mm", Look.PERCENT: "0%"}


class _ColumnCells:
    """The reusable cells of one column: plain, quoted text, date, date and time, one per scale colour.

    openpyxl records a cell's style object when the cell is written and reads it back only when the
    workbook is saved, so a reused cell's style must never change after its first write: every
    variant a column needs is styled here, up front.
    """

    __slots__ = ("plain", "quoted", "date", "datetime", "scale")

    def __init__(self, ws: WriteOnlyWorksheet, look: Look, colours: dict[str, str]) -> None:
        self.plain = _styled(ws, look)
        self.quoted = _styled(ws, look)
        self.quoted.quotePrefix = True
        self.date = _styled(ws, look)
        self.date.number_format = _FORMATS[Look.DATE]
        self.datetime = _styled(ws, look)
        self.datetime.number_format = _FORMATS[Look.DATETIME]
        self.scale: dict[str, WriteOnlyCell] = {}
        for label, colour in colours.items() if look is Look.SCALE else ():
            cell = _styled(ws, look)
            cell.fill = PatternFill("solid", fgColor=colour)
            self.scale[label] = cell


def _styled(ws: WriteOnlyWorksheet, look: Look) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.alignment = _WRAP if look is Look.WRAP else _TOP
    if look in _FORMATS:
        cell.number_format = _FORMATS[look]
    return cell


def _text_row(ws: WriteOnlyWorksheet, values: list[Any], bold: bool = False) -> list[Any]:
    """A row of headers or preamble: strings as explicit text cells."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws)
        if isinstance(value, str):
            cell.value = xlsx_text(value)
            cell.data_type = "s"
        else:
            cell.value = value
        if bold:
            cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        cells.append(cell)
    return cells


def _cells_in_place(cells: list[Any], row_index: int) -> Iterator[WriteOnlyCell]:
    """Position ready-made cells in their row (``None`` leaves a cell empty).

    Stands in for openpyxl's own conversion of appended values, which would try each cell object as a
    value first (an exception per cell) and allocate a fresh cell after every styled one.
    """
    for column_index, cell in enumerate(cells, 1):
        if cell is not None:
            cell.row = row_index
            cell.column = column_index
            yield cell


def _write_rows(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    columns = [_ColumnCells(ws, column.look, sheet.scale_colours) for column in sheet.columns]
    append = ws.append
    for row in sheet.rows:
        out: list[Any] = []
        for value, cells in zip(row, columns):
            if value is None:
                out.append(None)
                continue
            if type(value) is str:
                value = xlsx_text(value)
                if looks_like_formula(value):
                    cell = cells.quoted
                elif cells.scale:
                    cell = cells.scale.get(value, cells.plain)
                else:
                    cell = cells.plain
            elif type(value) is dt.datetime:
                cell = cells.datetime
            elif type(value) is dt.date:
                cell = cells.date
            else:
                cell = cells.plain
            cell.value = value
            if cell is cells.quoted:
                cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
            out.append(cell)
        append(out)


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet.name)
    ws._values_to_row = _cells_in_place  # every row below is a list of cells (see _cells_in_place)
    width = len(sheet.columns)
    last = get_column_letter(max(width, 1))
    for index, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_row = sheet.header_row
    lines = max((math.ceil(len(c.header) / max(c.width, 1)) for c in sheet.columns), default=1)
    if lines > 1:
        ws.row_dimensions[header_row].height = 15 * min(lines, 5)
    if sheet.freeze:
        ws.freeze_panes = sheet.freeze
    end_row = header_row + len(sheet.rows)
    ref = f"A{header_row}:{last}{end_row}"
    if sheet.as_table and sheet.rows:
        table = Table(displayName=f"Table{len(wb.worksheets)}", ref=ref)
        table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(sheet.columns, 1)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        table.autoFilter = AutoFilter(ref=ref)
        with warnings.catch_warnings():  # openpyxl warns in write-only mode even with the columns named
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(table)
    elif sheet.autofilter and width:
        ws.auto_filter.ref = ref
    for spec in sheet.charts:
        chart = BarChart()
        chart.type = "bar"
        chart.title = spec.title[:200]
        chart.legend = None
        chart.height, chart.width = 7.5, 16
        chart.add_data(Reference(ws, min_col=spec.value_column, min_row=spec.first_row, max_row=spec.last_row))
        chart.set_categories(Reference(ws, min_col=spec.label_column, min_row=spec.first_row, max_row=spec.last_row))
        chart.y_axis.title = None
        ws.add_chart(chart, spec.anchor)
    for row in sheet.preamble:
        ws.append(_text_row(ws, row, bold=bool(row) and row is sheet.preamble[0]))
    ws.append(_text_row(ws, sheet.headers, bold=True))
    _write_rows(ws, sheet)


def write_workbook(sheets: list[Sheet], target: str | IO[bytes]) -> None:
    """Write ``sheets`` as an XLSX workbook to ``target`` (a path or a binary file object)."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(wb, sheet)
    wb.save(target)
