"""A definition document as an XLSX workbook people can edit, and back.

Sheets (see ``xlsx_layout`` for every column): ``survey`` (one row per question, in order), ``choices``
(the choices of single and multiple choice questions, in order), ``clusters``, ``settings``, and ``help``
(what to write in each column; ignored on reading).  Text is always written as text: a question starting
with ``=`` never becomes a formula.  ``read_workbook(write_workbook(doc)) == doc`` for every valid
document, and writing what was read gives the same cell values.
"""
from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from questionnaire.definitions.xlsx_layout import (
    CHOICES,
    CLUSTERS,
    HELP,
    NO,
    OPTION_COLUMNS,
    PLACE_HELP,
    SETTING_NAMES,
    SETTINGS,
    SHEET_COLUMNS,
    SURVEY,
    YES,
    Column,
    format_bool,
    format_show_if,
)
from questionnaire.definitions.xlsx_read import read_workbook
from questionnaire.kinds import KIND_NAMES, REGISTRY

__all__ = ["read_workbook", "write_workbook", "workbook_rows"]

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Rows below the last question that still offer the kind and yes/no lists, for people adding questions.
_SPARE_ROWS = 500


def _survey_row(code: str, question: dict) -> list[Any]:
    options = question.get("options") or {}
    row = [
        code, question["key"], question.get("number") or "", question["kind"],
        format_bool(bool(question.get("required"))), question["text"], question.get("guidance") or "",
        "; ".join(question.get("provisions") or []), format_show_if(question.get("show_if")),
    ]
    for column in OPTION_COLUMNS:
        value = options.get(column.name)
        if question["kind"] in REGISTRY:
            value = REGISTRY[question["kind"]].option_as_text(column.name, value)
        row.append(format_bool(value) if isinstance(value, bool) else value)
    return row


def workbook_rows(document: dict) -> dict[str, list[list[Any]]]:
    """The rows under the header of each sheet (pure: what ``write_workbook`` puts in the cells)."""
    survey, choices = [], []
    for cluster in document["clusters"]:
        for question in cluster.get("questions", []):
            survey.append(_survey_row(cluster["code"], question))
            for choice in (question.get("options") or {}).get("choices", []):
                choices.append([question["key"], choice["value"], choice["label"]])
    settings = [[name, ", ".join(document[name]) if name == "languages" else document[name]]
                for name in SETTING_NAMES if name in document]
    return {
        SURVEY: survey,
        CHOICES: choices,
        CLUSTERS: [[c["code"], c["title"], c.get("description") or ""] for c in document["clusters"]],
        SETTINGS: settings,
    }


def _put(ws: Worksheet, row: int, column: int, value: Any, wrap: bool) -> None:
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _XML_FORBIDDEN.sub("", value)
        cell.data_type = "s"  # text stays text, even "=1+1"
        cell.quotePrefix = value.startswith(_FORMULA_STARTS)  # and stays text when someone edits it
    else:
        cell.value = value
    cell.alignment = _WRAP if wrap else _TOP


def _fill_sheet(ws: Worksheet, columns: tuple[Column, ...], rows: list[list[Any]]) -> None:
    for index, column in enumerate(columns, start=1):
        header = ws.cell(row=1, column=index, value=column.name)
        header.font, header.fill, header.alignment = _HEADER_FONT, _HEADER_FILL, _TOP
        header.comment = Comment(column.help, "questionnaire")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for r_index, row in enumerate(rows, start=2):
        for c_index, (column, value) in enumerate(zip(columns, row), start=1):
            _put(ws, r_index, c_index, value, column.wrap)
    ws.freeze_panes = "A2"


def _add_list(ws: Worksheet, columns: tuple[Column, ...], name: str, values: tuple[str, ...], last_row: int) -> None:
    letter = get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.name == name))
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=True,
        errorTitle=name, error="Pick one of: " + ", ".join(values),
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(validation)


def _help_sheet(ws: Worksheet) -> None:
    ws.append(["sheet", "column", "what to write"])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for sheet, columns in SHEET_COLUMNS.items():
        for column in columns:
            ws.append([sheet, column.name, column.help + (" Required column." if column.required else "")])
    ws.append(["", "", PLACE_HELP])
    for letter, width in (("A", 10), ("B", 14), ("C", 100)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = _WRAP
    ws.freeze_panes = "A2"


def write_workbook(document: dict) -> bytes:
    """The XLSX bytes of a (valid) definition document: bold frozen headers, widths, wrapped text, lists."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = workbook_rows(document)
    for sheet, columns in SHEET_COLUMNS.items():
        ws = workbook.create_sheet(sheet)
        _fill_sheet(ws, columns, rows[sheet])
    survey = workbook[SURVEY]
    last = len(rows[SURVEY]) + 1 + _SPARE_ROWS
    columns = SHEET_COLUMNS[SURVEY]
    _add_list(survey, columns, "kind", KIND_NAMES, last)
    _add_list(survey, columns, "required", (YES, NO), last)
    _add_list(survey, columns, "integer", (YES, NO), last)
    survey.freeze_panes = "C2"  # keep the cluster and the key in view while scrolling right
    survey.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows[SURVEY]) + 1}"
    _help_sheet(workbook.create_sheet(HELP))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
