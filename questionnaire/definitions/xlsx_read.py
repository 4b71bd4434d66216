"""Reading a definition workbook: every problem with its sheet, row and column, or the document.

Places use the spreadsheet's own notation (see ``xlsx_layout.place_help``): ``survey!D17`` is a cell,
``survey!17:17`` a row, ``survey`` a sheet, and cell messages start with the column's name.  The layout
is checked first (sheets, headers, merged cells), then each cell (yes/no, follow-up rules, formulas),
then the assembled document goes through ``check_document`` and its problems are moved back to the cell
they come from.  A sheet that cannot be read (missing, or without a required column) hides the content
problems that would only repeat its absence.
"""
from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from questionnaire.definitions.problems import DefinitionInvalid, Problem
from questionnaire.definitions.validate import check_document
from questionnaire.definitions.languages import KNOWN_LANGUAGES
from questionnaire.definitions.xlsx_languages import LanguageColumns
from questionnaire.definitions.xlsx_layout import (
    BOOLEAN_COLUMNS, CHOICES, CLUSTERS, INTEGER_SETTINGS, OPTION_COLUMNS, SETTING_NAMES, SETTINGS, SHEET_COLUMNS,
    SHEETS, SURVEY, TRANSLATED_COLUMNS, WHOLE_NUMBER_OPTIONS, cell_text, kind_option, parse_bool, parse_show_if,
    parse_statuses, split_language_column, split_list, whole_number,
)
from questionnaire.definitions.xlsx_places import Places
from questionnaire.uploads import UploadLimits, UploadRefused, check_workbook

_TEXT_COLUMNS = frozenset({"number", "text", "guidance", "title", "description", "label"})


@dataclass
class Sheet:
    """The known columns of one sheet (name → 1-based index) and its non-empty rows (row number, values)."""

    name: str
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    readable: bool = False


class Report:
    """The problems found so far, each with a sort key so that they are listed sheet by sheet, row by row."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[int, int, int], Problem]] = []
        self.cells: set[tuple[str, int | None, int | None]] = set()

    def add(self, sheet: str, message: str, row: int | None = None, column: int | None = None,
            column_name: str | None = None) -> None:
        if row is None:
            place = sheet
        elif column is None:
            place = f"{sheet}!{row}:{row}"
        else:
            place = f"{sheet}!{get_column_letter(column)}{row}"
        text = f"{column_name}: {message}" if column_name else message
        self.cells.add((sheet, row, column))
        order = (SHEETS.index(sheet) if sheet in SHEETS else len(SHEETS), row or 0, column or 0)
        self.found.append((order, Problem(place, text)))

    def problems(self) -> list[Problem]:
        return [problem for _order, problem in sorted(self.found, key=lambda item: item[0])]


def _open(data: bytes, limits: UploadLimits | None) -> Workbook:
    """The workbook in ``data``, measured first (see ``questionnaire.uploads``): a file over a limit is
    refused before openpyxl unpacks anything."""
    if zipfile.is_zipfile(io.BytesIO(data)):  # anything else gets openpyxl's verdict below
        try:
            check_workbook(data, limits)
        except UploadRefused as refusal:
            raise DefinitionInvalid([Problem("", str(refusal))]) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; reading is unaffected
            return load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException, XML errors)
        raise DefinitionInvalid([Problem("", _(
            "the file is not an XLSX workbook; save it from your spreadsheet program as Excel 2007-365 (.xlsx)"
        ))]) from None


def _header(ws, sheet: Sheet, report: Report) -> None:
    known = {column.name for column in SHEET_COLUMNS[sheet.name]}
    translated = TRANSLATED_COLUMNS.get(sheet.name, ())
    for cell in ws[1] if ws.max_row >= 1 else ():
        if cell.value is None or not cell_text(cell.value).strip():
            continue
        name = cell_text(cell.value).strip().casefold()
        base, language = split_language_column(name)
        if language is not None and base in translated and language not in KNOWN_LANGUAGES:
            report.add(sheet.name, _('"%(language)s" is not a language code this system knows; use one of %(codes)s',
                                     language=language, codes=", ".join(KNOWN_LANGUAGES)), 1, cell.column)
        elif language is None and name not in known or language is not None and base not in translated:
            report.add(sheet.name, _('"%(name)s" is not a column of this sheet; the columns are %(names)s',
                                     name=name, names=", ".join(sorted(known))), 1, cell.column)
        elif name in sheet.columns:
            report.add(sheet.name, _('"%(name)s" is a second column with this header', name=name), 1, cell.column)
        else:
            sheet.columns[name] = cell.column
    for column in SHEET_COLUMNS[sheet.name]:
        if column.required and column.name not in sheet.columns:
            report.add(sheet.name, _('the column "%(name)s" is missing', name=column.name), 1)
    sheet.readable = all(c.name in sheet.columns for c in SHEET_COLUMNS[sheet.name] if c.required)


def read_sheet(workbook: Workbook, name: str, report: Report) -> Sheet:
    """The sheet's known columns and rows; layout and cell problems go to ``report``."""
    sheet = Sheet(name)
    if name not in workbook.sheetnames:
        report.add(name, _('the sheet "%(name)s" is missing', name=name))
        return sheet
    ws = workbook[name]
    merged_header: set[int] = set()
    for merged in ws.merged_cells.ranges:
        if merged.min_row == 1:
            merged_header.update(range(merged.min_col, merged.max_col + 1))
            report.add(name, _("header cells %(cells)s are merged; give each column its own header cell",
                               cells=merged.coord), 1, merged.min_col)
        else:
            report.add(name, _("cells %(cells)s are merged; unmerge them and fill in every cell", cells=merged.coord),
                       merged.min_row, merged.min_col)
    _header(ws, sheet, report)
    by_index = {index: column for column, index in sheet.columns.items()}
    headed = {cell.column for cell in ws[1] if cell.value is not None and cell_text(cell.value).strip()}
    blank_reported: set[int] = set(merged_header)
    for cells in ws.iter_rows(min_row=2):
        values: dict[str, Any] = {}
        for cell in cells:
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            if cell.column not in headed and cell.column not in blank_reported:
                blank_reported.add(cell.column)
                report.add(name, _("this column holds values but its header is blank; name it or delete the column"),
                           1, cell.column)
            column = by_index.get(cell.column)
            if column is None:
                continue
            if cell.data_type == "f":
                report.add(name, _("is a formula; type the value itself"), cell.row, cell.column, column)
            elif cell.data_type == "e":
                report.add(name, _("holds the error %(error)s; type the value itself", error=cell.value),
                           cell.row, cell.column, column)
            else:
                values[column] = cell.value
        if values:
            sheet.rows.append((cells[0].row, values))
    return sheet


def _text(values: dict[str, Any], column: str) -> str:
    value = values.get(column)
    if value is None:
        return ""
    return cell_text(value) if split_language_column(column)[0] in _TEXT_COLUMNS else cell_text(value).strip()


def _question(sheet: Sheet, row: int, values: dict[str, Any], report: Report) -> dict[str, Any]:
    kind = _text(values, "kind")
    required = parse_bool(values.get("required", False))
    if required is None:
        report.add(SURVEY, _('"%(value)s" is not yes or no', value=values["required"]), row,
                   sheet.columns["required"], "required")
    show_if = None
    if _text(values, "show_if"):
        try:
            show_if = parse_show_if(_text(values, "show_if"))
        except ValueError:
            report.add(SURVEY, _('"%(value)s" is not a follow-up rule; write it as "KEY in VALUE, VALUE"',
                                 value=_text(values, "show_if")), row, sheet.columns["show_if"], "show_if")
    options: dict[str, Any] = {}
    for column in OPTION_COLUMNS:
        value = values.get(column.name)
        if value is None:
            continue
        if column.name in BOOLEAN_COLUMNS:
            value = parse_bool(value)
            if value is None:
                report.add(SURVEY, _('"%(value)s" is not yes or no', value=values[column.name]), row,
                           sheet.columns[column.name], column.name)
                continue
        elif column.name in WHOLE_NUMBER_OPTIONS:
            value = whole_number(value)
        else:
            value = kind_option(column.name, value, kind)
        options[column.name] = value
    return {
        "key": _text(values, "key"), "number": _text(values, "number"), "text": _text(values, "text"),
        "guidance": _text(values, "guidance"), "kind": kind, "required": bool(required),
        "provisions": split_list(_text(values, "provisions"), ";"), "options": options, "show_if": show_if,
    }


def _settings(sheet: Sheet, report: Report, places: Places) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for row, values in sheet.rows:
        name = _text(values, "setting").casefold()
        base, language = split_language_column(name)
        if language is not None and base == "title" and language not in KNOWN_LANGUAGES:
            report.add(SETTINGS, _('"%(language)s" is not a language code this system knows; use one of %(codes)s',
                                   language=language, codes=", ".join(KNOWN_LANGUAGES)), row,
                       sheet.columns["setting"], "setting")
            continue
        if name not in SETTING_NAMES and (language is None or base != "title"):
            report.add(SETTINGS, _('"%(name)s" is not a setting; the settings are %(names)s',
                                   name=name, names=", ".join(SETTING_NAMES)), row, sheet.columns["setting"], "setting")
            continue
        if name in document:
            report.add(SETTINGS, _('"%(name)s" is set twice', name=name), row, sheet.columns["setting"], "setting")
            continue
        value = values.get("value")
        if name in INTEGER_SETTINGS:
            document[name] = whole_number(value)
        elif name == "languages":
            document[name] = split_list(_text(values, "value"), ",;")
        elif name == "language_statuses":
            try:
                document[name] = parse_statuses(_text(values, "value"))
            except ValueError:
                report.add(SETTINGS, _('write the statuses as "fr = draft; es = reviewed"'), row,
                           sheet.columns["value"], "value")
                continue
        else:
            document[name] = _text(values, "value") if value is not None else None
        places.settings[name] = row
    return document


def _assemble(sheets: dict[str, Sheet], report: Report, places: Places) -> dict[str, Any]:
    document = _settings(sheets[SETTINGS], report, places)
    languages = LanguageColumns(document, sheets, report, places.settings, _text)
    languages.title(document)
    clusters: list[dict[str, Any]] = []
    by_code: dict[str, int] = {}
    for row, values in sheets[CLUSTERS].rows:
        code = _text(values, "code")
        by_code.setdefault(code, len(clusters))
        places.clusters.append(row)
        clusters.append({"code": code, "title": languages.text(values, "title"),
                         "description": languages.text(values, "description"), "questions": []})
    choices: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for row, values in sheets[CHOICES].rows:
        choice = {"value": _text(values, "value"), "label": languages.text(values, "label")}
        choices.setdefault(_text(values, "question"), []).append((row, choice))
    survey = sheets[SURVEY]
    keys = set()
    c_index: int | None = 0 if clusters else None
    for row, values in survey.rows:
        question = _question(survey, row, values, report)
        languages.question(question, values, row, survey.columns)
        keys.add(question["key"])
        code = _text(values, "cluster")
        if code not in by_code and not sheets[CLUSTERS].readable:
            by_code[code] = len(clusters)  # stand-in, so the questions are still checked
            places.clusters.append(0)
            clusters.append({"code": code, "title": code, "description": "", "questions": []})
        c_index = by_code.get(code, c_index)
        if code not in by_code:
            report.add(SURVEY, _('"%(code)s" is not a cluster code of the clusters sheet', code=code), row,
                       survey.columns["cluster"], "cluster")
            if c_index is None:
                continue  # no cluster at all: the clusters sheet's problem is reported
            # otherwise checked with the row above, so later questions may still refer to this one
        own_choices = choices.get(question["key"], [])
        if own_choices:
            question["options"]["choices"] = [choice for _row, choice in own_choices]
        places.questions[(c_index, len(clusters[c_index]["questions"]))] = (row, [r for r, _c in own_choices])
        clusters[c_index]["questions"].append(question)
    for key, rows in choices.items():
        if key not in keys and survey.readable:
            for row, _choice in rows:
                report.add(CHOICES, _('"%(key)s" is not the key of a question in the survey sheet', key=key), row,
                           sheets[CHOICES].columns["question"], "question")
    document["clusters"] = clusters
    return document


def read_workbook(data: bytes, limits: UploadLimits | None = None) -> dict[str, Any]:
    """The definition document held by the XLSX ``data``; writes nothing.

    Raises ``DefinitionInvalid`` listing every problem found, each placed at its sheet, row and column,
    or the one limit of ``limits`` (default: the app's upload settings) the file is over.
    """
    workbook = _open(data, limits)
    report = Report()
    sheets = {name: read_sheet(workbook, name, report) for name in SHEETS}
    unreadable = {name for name, sheet in sheets.items() if not sheet.readable}
    places = Places(columns={name: sheet.columns for name, sheet in sheets.items()}, unreadable=unreadable)
    document = _assemble(sheets, report, places)
    already = set(report.cells)  # a cell gets one problem: the reader's own says more than its echo
    for problem in check_document(document):
        sheet, message, row, column, column_name = places.locate(problem)
        if sheet not in unreadable and (row is None or (sheet, row, column) not in already):
            report.add(sheet, message, row, column, column_name)
    problems = report.problems()
    if problems:
        raise DefinitionInvalid(problems)
    return document
