"""A questionnaire's texts in one target language as an XLSX workbook, and reading it back.

The workbook has a sheet of translations (key | source | translation | status | still right, then a hidden
column with the digest) and a hidden sheet ``about`` (slug, version, languages). An out-of-date row's "still
right" cell offers the word for yes, which the translator picks to confirm its translation unedited; the
columns after ``translation`` are found by their heading, so a workbook exported before that column existed
still reads.

The workbook speaks the language of the person exporting it (the interface language of the request, or the
command's ``--interface-lang``): its sheet's name, headings, status words and the help on its "still right"
cells. Reading one back accepts those words in any interface language, English included, which is also what
workbooks exported before they were translated hold: the sheet and the columns are recognized by comparing
their names with each language's, case and accents aside, and a "still right" cell by each language's yes
and no.

It is written with XlsxWriter as strings only (a text starting with ``=`` stays text) and read with openpyxl
after the upload checks of ``questionnaire.uploads``; a cell holding a formula is refused.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import xlsxwriter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from questionnaire.locale import in_every_language
from questionnaire.row_height import row_height
from questionnaire.spreadsheet_text import (VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT, strip_forbidden,
                                             within_limit)
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

#: The name of the sheet of translations, in the exporter's language.
SHEET = lazy_pgettext("the name of the sheet of the translators' workbook", "translations")
#: The name the sheet takes where a language's name for it cannot name a sheet.
_FALLBACK_SHEET = "translations"
ABOUT_SHEET = "about"
ABOUT_FIELDS = ("format", "slug", "version", "source_language", "language")
#: The headings of the sheet of translations, in the order of its columns.
HEADINGS = (
    lazy_pgettext("a column heading in the translators' workbook", "key"),
    lazy_pgettext("a column heading in the translators' workbook", "source"),
    lazy_pgettext("a column heading in the translators' workbook", "translation"),
    lazy_pgettext("a column heading in the translators' workbook", "status"),
    lazy_pgettext("a column heading in the translators' workbook", "still right"),
    lazy_pgettext("a column heading in the translators' workbook", "source digest"),
)
KEY, SOURCE, TRANSLATION, STATUS, STILL_RIGHT, DIGEST = range(len(HEADINGS))
#: The columns a workbook must begin with, whatever else it holds: they are read by their place.
_REQUIRED = (KEY, SOURCE, TRANSLATION)
#: What a "still right" cell may hold: the word it offers, which confirms the row's translation, or nothing.
STILL_RIGHT_YES, STILL_RIGHT_NO = _l("yes"), _l("no")
#: Marks understood as yes and as no whatever the language.
_ANY_YES, _ANY_NO = frozenset({"x", "true"}), frozenset({"", "false"})
#: How long XlsxWriter lets a cell's input message and its title be, and a sheet's name.
_SHEET_NAME_LIMIT = 31
#: What a sheet's name cannot hold.
_NOT_IN_SHEET_NAMES = str.maketrans("", "", "[]:*?/\\")
#: The widths of the wrapped columns, in characters: key, source, translation, status.
_WRAPPED_WIDTHS = (30, 60, 60, 14)


def write_xlsx(header: FileHeader, rows: list[ExportRow], right_to_left: bool = False,
               sheet_right_to_left: bool = False) -> bytes:
    """The workbook of ``rows``, its words in the current language. ``right_to_left``: the translations are
    written right to left (the target language's direction); ``sheet_right_to_left``: the sheet reads right to
    left, as its headings' language does."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name())
    if sheet_right_to_left:
        sheet.right_to_left()
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    target = workbook.add_format({"text_wrap": True, "valign": "top", "reading_order": 2 if right_to_left else 1})
    to_confirm = workbook.add_format({"valign": "top", "bg_color": "#FFF2CC", "border": 1})
    for column, title in enumerate(HEADINGS):
        sheet.write_string(0, column, str(title), bold)
    choice = _still_right_choice()
    for number, row in enumerate(rows, start=1):
        texts = (row.key, strip_forbidden(row.source), strip_forbidden(row.translation), row.status)
        height = row_height(zip(texts, _WRAPPED_WIDTHS))
        if height is not None:
            sheet.set_row(number, height)
        for column, text in enumerate(texts):
            sheet.write_string(number, column, text, target if column == TRANSLATION else wrap)
        if row.out_of_date:
            sheet.write_blank(number, STILL_RIGHT, None, to_confirm)
            sheet.data_validation(number, STILL_RIGHT, number, STILL_RIGHT, choice)
        sheet.write_string(number, DIGEST, row.digest)
    for column, width in enumerate(_WRAPPED_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.set_column(STILL_RIGHT, STILL_RIGHT, 14)
    sheet.set_column(DIGEST, DIGEST, 20, None, {"hidden": True})
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


def sheet_name() -> str:
    """The name of the sheet of translations in the current language, as a sheet may be named: without the
    characters a sheet's name cannot hold, and short enough; the English name where nothing is left of it."""
    name = str(SHEET).translate(_NOT_IN_SHEET_NAMES).strip().strip("'")[:_SHEET_NAME_LIMIT].strip()
    return name if name and name.casefold() != ABOUT_SHEET else _FALLBACK_SHEET


def _still_right_choice() -> dict:
    """An out-of-date row's "still right" cell: yes or nothing, with a word on what yes means."""
    yes = str(STILL_RIGHT_YES)
    return {"validate": "list", "source": [yes], "ignore_blank": True,
            "input_title": within_limit(_("Still right?"), VALIDATION_TITLE_LIMIT),
            "input_message": within_limit(_("The source changed after this translation was made. Choose %(yes)s "
                                            "if the translation is still right for the source as it is now; "
                                            "leave the cell empty otherwise.", yes=yes), VALIDATION_MESSAGE_LIMIT),
            "error_title": within_limit(_("Still right?"), VALIDATION_TITLE_LIMIT),
            "error_message": within_limit(_("Choose %(yes)s or leave the cell empty.", yes=yes),
                                          VALIDATION_MESSAGE_LIMIT)}


def _folded(text: str) -> str:
    """``text`` as it is compared with the workbook's words: trimmed, case and accents aside ("Clé" reads as
    "cle", "SÍ" as "si")."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


@dataclass(frozen=True)
class _Words:
    """The workbook's words as each interface language (English included) writes them, folded."""

    sheet: frozenset[str]
    headings: tuple[frozenset[str], ...]
    yes: frozenset[str]
    no: frozenset[str]


def _words_in_every_language() -> _Words:
    def folded(text) -> frozenset[str]:
        return frozenset(_folded(wording) for wording in in_every_language(text))

    return _Words(folded(SHEET), tuple(folded(heading) for heading in HEADINGS),
                  folded(STILL_RIGHT_YES) | _ANY_YES, folded(STILL_RIGHT_NO) | _ANY_NO)


def _cell_text(cell, place: str, problems: list[str]) -> str:
    if cell is None or cell.value is None:
        return ""
    if cell.data_type == "f":
        problems.append(_("%(place)s holds a formula; type the translation as text.", place=place))
        return ""
    return str(cell.value)


def read_xlsx(data: bytes) -> TranslationFile:
    """The segments of a translators' workbook exported in any interface language.

    Raises :class:`FileRefused` for a file that is not a workbook, has no sheet of translations, whose first
    row does not begin with the key, source and translation headings (in any interface language), or whose
    cells hold formulas or a "still right" mark that says neither yes nor no."""
    check_workbook(data)
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook; each means the same to the user
        raise FileRefused([_("The file is not a workbook that can be read; save it again as .xlsx.")]) from None
    words = _words_in_every_language()
    title = next((name for name in workbook.sheetnames if _folded(name) in words.sheet), None)
    if title is None:
        raise FileRefused([_("The workbook has no sheet named %(sheet)s.", sheet=sheet_name())])
    problems: list[str] = []
    result = TranslationFile("xlsx")
    if ABOUT_SHEET in workbook.sheetnames:
        about = {str(name): str(value) for name, value, *_rest in workbook[ABOUT_SHEET].iter_rows(
            max_col=2, values_only=True) if name is not None and value is not None}
        result.slug, result.version = about.get("slug") or None, integer_or_none(about.get("version"))
        result.source_language, result.language = about.get("source_language"), about.get("language")
    sheet = workbook[title]
    header = [_folded(str(cell.value or "")) for cell in next(sheet.iter_rows(max_row=1), ())]
    header += [""] * (len(_REQUIRED) - len(header))
    if any(header[column] not in words.headings[column] for column in _REQUIRED):
        raise FileRefused([_("%(place)s: the first row must begin with the headings “%(key)s”, “%(source)s” and "
                             "“%(translation)s”, as the workbook was exported (in any language of the "
                             "interface).", place=_cell_place(title, 0, 1), key=HEADINGS[KEY],
                             source=HEADINGS[SOURCE], translation=HEADINGS[TRANSLATION])])
    still_right = _column(header, words.headings[STILL_RIGHT])
    digest = _column(header, words.headings[DIGEST])
    width = max([len(_REQUIRED), *(column + 1 for column in (still_right, digest) if column is not None)])
    for row in sheet.iter_rows(min_row=2, max_col=width):
        number = row[0].row
        texts = [_cell_text(cell, _cell_place(title, column, number), problems) for column, cell in enumerate(row)]
        texts += [""] * (width - len(texts))
        if not any(texts):
            continue
        mark = (still_right is not None
                and _still_right_mark(texts[still_right], _cell_place(title, still_right, number), words, problems))
        result.segments.append(Segment(texts[KEY].strip(), texts[SOURCE], texts[TRANSLATION],
                                       (texts[digest].strip() if digest is not None else "") or None,
                                       _("row %(row)s", row=number), still_right=mark))
    if problems:
        raise FileRefused(problems)
    return result


def _cell_place(sheet: str, column: int, row: int) -> str:
    return f"{sheet}!{get_column_letter(column + 1)}{row}"


def _column(header: list[str], wordings: frozenset[str]) -> int | None:
    """The first column whose heading is one of ``wordings``; None when there is none."""
    return next((column for column, heading in enumerate(header) if heading in wordings), None)


def _still_right_mark(text: str, place: str, words: _Words, problems: list[str]) -> bool:
    """Whether a "still right" cell confirms its row: yes or no in any interface language (or ``x``, ``true``,
    ``false``, nothing); a mark that says neither is a problem."""
    mark = _folded(text)
    if mark in words.yes:
        return True
    if mark not in words.no:
        problems.append(_("%(place)s: choose %(yes)s in “%(column)s” to confirm the translation as still right, "
                          "or leave the cell empty.", place=place, yes=STILL_RIGHT_YES, column=HEADINGS[STILL_RIGHT]))
    return False
