"""A questionnaire's texts in one target language as an XLSX workbook, and reading it back.

The workbook has a sheet ``translations`` (key | source | translation | status | still right, then a hidden
column with the digest) and a hidden sheet ``about`` (slug, version, languages). An out-of-date row's "still
right" cell offers ``yes``, which the translator picks to confirm its translation unedited; the columns after
``translation`` are found by their heading, so a workbook exported before that column existed still reads.
It is written with XlsxWriter as strings only (a text starting with ``=`` stays text) and read with openpyxl
after the upload checks of ``questionnaire.uploads``; a cell holding a formula is refused.
"""
from __future__ import annotations

import io

import xlsxwriter
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from questionnaire.row_height import row_height
from questionnaire.spreadsheet_text import strip_forbidden
from questionnaire.translation.segments import (
    FORMAT,
    ExportRow,
    FileHeader,
    FileRefused,
    Segment,
    TranslationFile,
    integer_or_none,
)
from questionnaire.uploads import check_workbook

SHEET = "translations"
ABOUT_SHEET = "about"
ABOUT_FIELDS = ("format", "slug", "version", "source_language", "language")
STILL_RIGHT = "still right"
DIGEST_HEADER = "source digest"
HEADERS = ("key", "source", "translation", "status", STILL_RIGHT, DIGEST_HEADER)
#: What a "still right" cell may hold: a mark that confirms the row's translation, or one that does not.
STILL_RIGHT_YES = "yes"
_STILL_RIGHT_MARKS = {STILL_RIGHT_YES: True, "x": True, "true": True, "": False, "no": False, "false": False}
#: How long XlsxWriter lets a cell's input message and its title be.
_MESSAGE_LIMIT, _TITLE_LIMIT = 255, 32
#: The widths of the wrapped columns, in characters: key, source, translation, status.
_WRAPPED_WIDTHS = (30, 60, 60, 14)


def write_xlsx(header: FileHeader, rows: list[ExportRow], right_to_left: bool = False) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(SHEET)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    target = workbook.add_format({"text_wrap": True, "valign": "top", "reading_order": 2 if right_to_left else 1})
    to_confirm = workbook.add_format({"valign": "top", "bg_color": "#FFF2CC", "border": 1})
    for column, title in enumerate(HEADERS):
        sheet.write_string(0, column, title, bold)
    for number, row in enumerate(rows, start=1):
        texts = (row.key, strip_forbidden(row.source), strip_forbidden(row.translation), row.status)
        height = row_height(zip(texts, _WRAPPED_WIDTHS))
        if height is not None:
            sheet.set_row(number, height)
        for column, text in enumerate(texts):
            sheet.write_string(number, column, text, target if column == 2 else wrap)
        if row.out_of_date:
            sheet.write_blank(number, 4, None, to_confirm)
            sheet.data_validation(number, 4, number, 4, _still_right_choice())
        sheet.write_string(number, 5, row.digest)
    for column, width in enumerate(_WRAPPED_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.set_column(4, 4, 14)
    sheet.set_column(5, 5, 20, None, {"hidden": True})
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    about = workbook.add_worksheet(ABOUT_SHEET)
    values = (FORMAT, header.slug, str(header.version), header.source_language, header.language)
    for number, (name, value) in enumerate(zip(ABOUT_FIELDS, values)):
        about.write_string(number, 0, name)
        about.write_string(number, 1, value)
    about.hide()
    workbook.close()
    return out.getvalue()


def _still_right_choice() -> dict:
    """An out-of-date row's "still right" cell: ``yes`` or nothing, with a word on what ``yes`` means."""
    return {"validate": "list", "source": [STILL_RIGHT_YES], "ignore_blank": True,
            "input_title": _("Still right?")[:_TITLE_LIMIT],
            "input_message": _("The source changed after this translation was made. Choose %(yes)s if the "
                               "translation is still right for the source as it is now; leave the cell empty "
                               "otherwise.", yes=STILL_RIGHT_YES)[:_MESSAGE_LIMIT],
            "error_title": _("Still right?")[:_TITLE_LIMIT],
            "error_message": _("Choose %(yes)s or leave the cell empty.", yes=STILL_RIGHT_YES)[:_MESSAGE_LIMIT]}


def _cell_text(cell, place: str, problems: list[str]) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        problems.append(_("%(place)s holds a formula; type the translation as text.", place=place))
        return ""
    return str(cell.value)


def read_xlsx(data: bytes) -> TranslationFile:
    check_workbook(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook; each means the same to the user
        raise FileRefused([_("The file is not a workbook that can be read; save it again as .xlsx.")]) from None
    if SHEET not in workbook.sheetnames:
        raise FileRefused([_("The workbook has no sheet named %(sheet)s.", sheet=SHEET)])
    problems: list[str] = []
    result = TranslationFile("xlsx")
    if ABOUT_SHEET in workbook.sheetnames:
        about = {str(name): str(value) for name, value, *_rest in workbook[ABOUT_SHEET].iter_rows(
            max_col=2, values_only=True) if name is not None and value is not None}
        result.slug, result.version = about.get("slug") or None, integer_or_none(about.get("version"))
        result.source_language, result.language = about.get("source_language"), about.get("language")
    sheet = workbook[SHEET]
    header = [str(cell.value or "").strip().lower() for cell in next(sheet.iter_rows(max_row=1), ())]
    if header[:3] != list(HEADERS[:3]):
        raise FileRefused([_("%(sheet)s!A1: the first row must read key, source, translation, status.",
                             sheet=SHEET)])
    still_right = _column(header, STILL_RIGHT)
    digest = _column(header, DIGEST_HEADER)
    width = max([len(HEADERS[:3]), *(column + 1 for column in (still_right, digest) if column is not None)])
    for row in sheet.iter_rows(min_row=2, max_col=width):
        number = row[0].row
        texts = [_cell_text(cell, _cell_place(column, number), problems) for column, cell in enumerate(row)]
        texts += [""] * (width - len(texts))
        if not any(texts):
            continue
        mark = (still_right is not None
                and _still_right_mark(texts[still_right], _cell_place(still_right, number), problems))
        result.segments.append(Segment(texts[0].strip(), texts[1], texts[2],
                                       (texts[digest].strip() if digest is not None else "") or None,
                                       _("row %(row)s", row=number), still_right=mark))
    if problems:
        raise FileRefused(problems)
    return result


def _cell_place(column: int, row: int) -> str:
    return f"{SHEET}!{get_column_letter(column + 1)}{row}"


def _column(header: list[str], title: str) -> int | None:
    return header.index(title) if title in header else None


def _still_right_mark(text: str, place: str, problems: list[str]) -> bool:
    """Whether a "still right" cell confirms its row; a mark that says neither yes nor no is a problem."""
    mark = _STILL_RIGHT_MARKS.get(text.strip().lower())
    if mark is None:
        problems.append(_("%(place)s: choose %(yes)s in “%(column)s” to confirm the translation as still right, "
                          "or leave the cell empty.", place=place, yes=STILL_RIGHT_YES, column=STILL_RIGHT))
        return False
    return mark
