"""A definition document as an XLSX workbook people can edit, and back.

Sheets (see ``xlsx_layout`` for every column): ``survey`` (one row per question, in order), ``choices``
(the choices of single and multiple choice questions, in order), ``clusters``, ``settings``, and ``help``
(what to write in each column; ignored on reading).  A version 2 document's translations are in
XLSForm-style language columns beside each text column (``text::fr``, ``label::ar``) and ``title::fr``
settings.  Text is always written as text: a question starting
with ``=`` never becomes a formula.  Every help, comment and message is worded in the language in force
(the exporting person's interface language); sheet names, headers, codes and values are the same in every
language.  ``read_workbook(write_workbook(doc)) == doc`` for every valid
document, and writing what was read gives the same cell values.
"""
from __future__ import annotations

import io
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import pgettext
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from questionnaire.definitions.languages import LANGUAGES_VERSION, source_of
from questionnaire.definitions.xlsx_layout import (
    CHOICES,
    CLUSTERS,
    HELP,
    NO,
    OPTION_COLUMNS,
    SETTING_NAMES,
    SETTINGS,
    SHEET_COLUMNS,
    SURVEY,
    TRANSLATED_COLUMNS,
    YES,
    Column,
    format_bool,
    format_show_if,
    format_statuses,
    language_column,
    language_help,
    place_help,
    sheet_columns,
)
from questionnaire.definitions.xlsx_read import read_workbook
from questionnaire.kinds import KIND_NAMES, REGISTRY
from questionnaire.row_height import row_height
from questionnaire.spreadsheet_text import VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT, within_limit

__all__ = ["read_workbook", "write_workbook", "workbook_rows"]

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The help sheet's columns: sheet, column, what to write.
_HELP_WIDTHS = {"A": 10, "B": 14, "C": 100}
#: Rows below the last question that still offer the kind and yes/no lists, for people adding questions.
_SPARE_ROWS = 500


def _source_and_translations(value: Any, source: str, languages: list[str], name: str) -> dict[str, Any]:
    """The cells of a text: the source text under ``name`` and each translation under ``name::xx`` (a
    version 2 text is a language map; a version 1 text a string)."""
    if not isinstance(value, dict):
        return {name: value or ""}
    return {name: value.get(source, ""), **{language_column(name, language): value.get(language, "")
                                             for language in languages}}


def _axis_cells(kind: str, name: str, items: Any, source: str, languages: list[str]) -> dict[str, Any]:
    """A table's rows or columns as "code = Label" in the source language and each translation."""
    def in_language(language: str) -> Any:
        chosen = [{**item, "label": item["label"].get(language) if isinstance(item.get("label"), dict)
                   else item.get("label")} for item in items if isinstance(item, dict)]
        chosen = [item for item in chosen if item["label"]]
        return REGISTRY[kind].option_as_text(name, chosen) if chosen else ""

    if not isinstance(items, list) or kind not in REGISTRY:
        return {name: items}
    cells = {name: in_language(source)}
    for language in languages:
        cells[language_column(name, language)] = in_language(language)
    return cells


def _survey_row(code: str, question: dict, source: str, languages: list[str]) -> dict[str, Any]:
    options = question.get("options") or {}
    row = {
        "cluster": code, "key": question["key"], "number": question.get("number") or "", "kind": question["kind"],
        "required": format_bool(bool(question.get("required"))),
        **_source_and_translations(question["text"], source, languages, "text"),
        **_source_and_translations(question.get("guidance"), source, languages, "guidance"),
        "provisions": "; ".join(question.get("provisions") or []), "show_if": format_show_if(question.get("show_if")),
    }
    for column in OPTION_COLUMNS:
        value = options.get(column.name)
        if column.name in TRANSLATED_COLUMNS[SURVEY] and value is not None:
            row.update(_axis_cells(question["kind"], column.name, value, source, languages))
            continue
        if question["kind"] in REGISTRY:
            value = REGISTRY[question["kind"]].option_as_text(column.name, value)
        row[column.name] = format_bool(value) if isinstance(value, bool) else value
    return row


def document_languages(document: dict) -> tuple[str, list[str]]:
    """The source language and, for a version 2 document, the translated languages (their columns)."""
    source = source_of(document)
    if document.get("format_version") != LANGUAGES_VERSION:
        return source, []
    return source, [code for code in document.get("languages") or [] if code != source]


def _settings_rows(document: dict, source: str, languages: list[str]) -> list[list[Any]]:
    rows = []
    for name in SETTING_NAMES:
        if name not in document:
            continue
        value = document[name]
        if name == "languages":
            rows.append([name, ", ".join(value)])
        elif name == "language_statuses":
            rows.append([name, format_statuses(value)])
        elif name == "title" and isinstance(value, dict):
            rows.append([name, value.get(source, "")])
            rows.extend([language_column(name, language), value[language]]
                        for language in languages if value.get(language))
        else:
            rows.append([name, value])
    return rows


def workbook_rows(document: dict) -> dict[str, list[list[Any]]]:
    """The rows under the header of each sheet (pure: what ``write_workbook`` puts in the cells), in the
    order of ``sheet_columns`` for the document's translated languages."""
    source, languages = document_languages(document)
    columns = sheet_columns(languages)
    survey, choices, clusters = [], [], []
    for cluster in document["clusters"]:
        clusters.append({"code": cluster["code"],
                         **_source_and_translations(cluster["title"], source, languages, "title"),
                         **_source_and_translations(cluster.get("description"), source, languages, "description")})
        for question in cluster.get("questions", []):
            survey.append(_survey_row(cluster["code"], question, source, languages))
            for choice in (question.get("options") or {}).get("choices", []):
                choices.append({"question": question["key"], "value": choice["value"],
                                **_source_and_translations(choice["label"], source, languages, "label")})

    def in_order(sheet: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
        return [[row.get(column.name) for column in columns[sheet]] for row in rows]

    return {
        SURVEY: in_order(SURVEY, survey),
        CHOICES: in_order(CHOICES, choices),
        CLUSTERS: in_order(CLUSTERS, clusters),
        SETTINGS: _settings_rows(document, source, languages),
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
        header.comment = Comment(column.worded_help(), "questionnaire")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for r_index, row in enumerate(rows, start=2):
        for c_index, (column, value) in enumerate(zip(columns, row), start=1):
            _put(ws, r_index, c_index, value, column.wrap)
        ws.row_dimensions[r_index].height = row_height(
            (value, column.width) for column, value in zip(columns, row) if column.wrap and isinstance(value, str))
    ws.freeze_panes = "A2"


def _add_list(ws: Worksheet, columns: tuple[Column, ...], name: str, values: tuple[str, ...], last_row: int) -> None:
    letter = get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.name == name))
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=True,
        errorTitle=within_limit(name, VALIDATION_TITLE_LIMIT),
        error=within_limit(_("Pick one of: %(values)s", values=", ".join(values)), VALIDATION_MESSAGE_LIMIT),
    )
    validation.add(f"{letter}2:{letter}{last_row}")
    ws.add_data_validation(validation)


def _help_sheet(ws: Worksheet) -> None:
    ws.append([pgettext("definition workbook help", "sheet"), pgettext("definition workbook help", "column"),
               pgettext("definition workbook help", "what to write")])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    required = _("Required column.")
    for sheet, columns in SHEET_COLUMNS.items():
        for column in columns:
            ws.append([sheet, column.name, f"{column.worded_help()} {required}" if column.required
                       else column.worded_help()])
    ws.append(["", "", language_help()])
    ws.append(["", "", place_help()])
    for letter, width in _HELP_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = _WRAP
        ws.row_dimensions[row[2].row].height = row_height([(row[2].value, _HELP_WIDTHS["C"])])
    ws.freeze_panes = "A2"


def write_workbook(document: dict) -> bytes:
    """The XLSX bytes of a (valid) definition document: bold frozen headers, widths, wrapped text, lists; its
    help worded in the language in force."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = workbook_rows(document)
    sheets = sheet_columns(document_languages(document)[1])
    for sheet, columns in sheets.items():
        ws = workbook.create_sheet(sheet)
        _fill_sheet(ws, columns, rows[sheet])
    survey = workbook[SURVEY]
    last = len(rows[SURVEY]) + 1 + _SPARE_ROWS
    columns = sheets[SURVEY]
    _add_list(survey, columns, "kind", KIND_NAMES, last)
    _add_list(survey, columns, "required", (YES, NO), last)
    _add_list(survey, columns, "integer", (YES, NO), last)
    survey.freeze_panes = "C2"  # keep the cluster and the key in view while scrolling right
    survey.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows[SURVEY]) + 1}"
    _help_sheet(workbook.create_sheet(HELP))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
