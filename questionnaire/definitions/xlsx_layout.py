"""The layout of a definition workbook: its sheets, their columns, and how values are written in cells.

Shared by the writer and the reader in ``questionnaire.definitions.xlsx`` so that both agree on every
header, on how a yes/no, a list of provisions or a follow-up rule looks in a cell, and on the help text
that explains it to the people who edit the workbook.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from questionnaire.kinds import KIND_NAMES, REGISTRY, InvalidAnswer
from questionnaire.punctuation import labelled

SURVEY, CHOICES, CLUSTERS, SETTINGS, HELP = "survey", "choices", "clusters", "settings", "help"
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Column:
    name: str
    width: int
    #: What to write in the column, worded when the workbook is written (in the language of the person exporting
    #: it); its %(name)s placeholders take ``terms``: names, codes and examples that are the same in every language.
    help: LazyString
    required: bool = False  # a sheet without this column cannot be read
    wrap: bool = False
    terms: dict[str, str] = field(default_factory=dict, hash=False)

    def worded_help(self) -> str:
        """The column's help in the language in force."""
        return str(self.help) % self.terms if self.terms else str(self.help)


_DATE_FORMAT = "YYYY-MM-DD"


def _kinds_taking(option: str) -> str:
    """The names of the kinds that understand ``option``, as the help lists them."""
    return ", ".join(name for name, kind in REGISTRY.items() if option in kind.option_names)


_LABELLED_ITEMS = "code = Label; code = Label"

#: Options written one per column (the ``choices`` option lives in the choices sheet).
OPTION_COLUMNS: tuple[Column, ...] = (
    Column("max_length", 11, _l("%(kinds)s: the most characters an answer may have."),
           terms={"kinds": _kinds_taking("max_length")}),
    Column("min", 12, _l("%(number)s: the smallest number allowed; %(date)s: the earliest date (%(format)s)."),
           terms={"number": "number", "date": "date", "format": _DATE_FORMAT}),
    Column("max", 12, _l("%(number)s: the largest number allowed; %(date)s: the latest date (%(format)s)."),
           terms={"number": "number", "date": "date", "format": _DATE_FORMAT}),
    Column("integer", 9, _l("%(number)s: %(yes)s when only whole numbers are allowed, %(no)s otherwise; blank: "
                            "not set."), terms={"number": _kinds_taking("integer"), "yes": YES, "no": NO}),
    Column("min_selected", 13, _l("%(kind)s: the fewest choices a State must tick."),
           terms={"kind": _kinds_taking("min_selected")}),
    Column("max_selected", 13, _l("%(kind)s: the most choices a State may tick."),
           terms={"kind": _kinds_taking("max_selected")}),
    Column("max_links", 10, _l("%(kind)s: the most links an answer may hold."),
           terms={"kind": _kinds_taking("max_links")}),
    Column("not_applicable", 14, _l('%(yes)s when a State may answer "Not applicable" (with an explanation); '
                                    'blank: %(no)s.'), terms={"yes": YES, "no": NO}),
    Column("table_rows", 30, _l('%(kind)s: the rows, as "%(format)s".'),
           terms={"kind": _kinds_taking("table_rows"), "format": _LABELLED_ITEMS}, wrap=True),
    Column("table_columns", 30, _l('%(kind)s: the columns, as "%(format)s".'),
           terms={"kind": _kinds_taking("table_columns"), "format": _LABELLED_ITEMS}, wrap=True),
)
WHOLE_NUMBER_OPTIONS = frozenset({"max_length", "min_selected", "max_selected", "max_links"})

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    SURVEY: (
        Column("cluster", 9, _l("The code of the question's cluster, as in the %(sheet)s sheet."),
               terms={"sheet": CLUSTERS}, required=True),
        Column("key", 30, _l("The question's permanent identifier: lowercase letters, digits, dots, hyphens, "
                             "underscores. Answers are tied to it; never reuse a key."), required=True),
        Column("number", 8, _l("The number shown to States, e.g. %(example)s (may be blank, e.g. for notes)."),
               terms={"example": "1.2"}),
        Column("kind", 16, _l("One of: %(names)s."), terms={"names": ", ".join(KIND_NAMES)}, required=True),
        Column("required", 10, _l("%(yes)s when the question must be answered, %(no)s otherwise."),
               terms={"yes": YES, "no": NO}),
        Column("text", 60, _l("The question as States read it: short, one question, at most 40 words."),
               required=True, wrap=True),
        Column("guidance", 50, _l("Help shown under the question."), wrap=True),
        Column("provisions", 24, _l('The articles the question reviews, separated by "%(separator)s", e.g. '
                                    '"%(example)s".'),
               terms={"separator": ";", "example": "art. 6 (1) (a); art. 3 (a)"}, wrap=True),
        Column("show_if", 32, _l('A follow-up rule: "%(rule)s" shows the question only when the earlier question '
                                 '%(key)s is answered with one of the values, e.g. "%(example)s". Blank: always '
                                 'shown.'),
               terms={"rule": "KEY in VALUE, VALUE", "key": "KEY", "example": "som.crim.smuggling in yes, partly"},
               wrap=True),
        *OPTION_COLUMNS,
    ),
    CHOICES: (
        Column("question", 30, _l("The key of a question whose kind has choices (%(kinds)s)."),
               terms={"kinds": _kinds_taking("choices")}, required=True),
        Column("value", 16, _l("The code stored in answers: lowercase letters, digits, %(underscore)s or "
                               "%(hyphen)s."), terms={"underscore": "_", "hyphen": "-"}, required=True),
        Column("label", 60, _l("The text States see. Choices are offered in the order of these rows."),
               required=True, wrap=True),
    ),
    CLUSTERS: (
        Column("code", 9, _l("A short code such as %(first)s or %(second)s, used in the %(sheet)s sheet's "
                             "%(column)s column."),
               terms={"first": "I", "second": "II", "sheet": SURVEY, "column": "cluster"}, required=True),
        Column("title", 50, _l("The cluster's title."), required=True, wrap=True),
        Column("description", 70, _l("An optional introduction shown above the cluster's questions."), wrap=True),
    ),
    SETTINGS: (
        Column("setting", 16, _l("One of: %(names)s, %(translated_title)s (the title in French; any language), "
                                 "%(more_names)s."),
               terms={"names": "format, format_version, slug, title", "translated_title": "title::fr",
                      "more_names": "instrument, version, source_language, languages, language_statuses"},
               required=True),
        Column("value", 80, _l('The setting\'s value; %(languages)s as codes separated by commas, e.g. '
                               '"%(languages_example)s"; %(statuses)s as "%(statuses_example)s".'),
               terms={"languages": "languages", "languages_example": "en, fr", "statuses": "language_statuses",
                      "statuses_example": "fr = draft; es = reviewed"}, required=True, wrap=True),
    ),
}
SHEETS: tuple[str, ...] = tuple(SHEET_COLUMNS)
SETTING_NAMES: tuple[str, ...] = ("format", "format_version", "slug", "title", "instrument", "version",
                                  "source_language", "languages", "language_statuses")

#: The columns of each sheet holding a text States read: with ``format_version`` 2 each has a column per
#: translated language after it, named XLSForm-style ``text::fr`` (the column itself holds the source text).
TRANSLATED_COLUMNS: dict[str, tuple[str, ...]] = {
    SURVEY: ("text", "guidance", "table_rows", "table_columns"),
    CHOICES: ("label",),
    CLUSTERS: ("title", "description"),
}
LANGUAGE_SEPARATOR = "::"


def language_help() -> str:
    """The help sheet's word on language columns, in the language in force."""
    text_columns = "; ".join(labelled(sheet, ", ".join(names))
                             for sheet, names in {**TRANSLATED_COLUMNS, SETTINGS: ("title",)}.items())
    return _('With %(setting)s 2, each text column (%(text_columns)s) has a column per translated language after '
             'it, named like "%(example)s" (the language code after "%(separator)s"); the column itself holds the '
             "source language's text. A blank cell is a text not yet translated.",
             setting="format_version", text_columns=text_columns, example=language_column("text", "fr"),
             separator=LANGUAGE_SEPARATOR)


def language_column(name: str, language: str) -> str:
    return f"{name}{LANGUAGE_SEPARATOR}{language}"


def split_language_column(name: str) -> tuple[str, str | None]:
    """``("text", "fr")`` for ``text::fr``; ``(name, None)`` for a column without a language."""
    base, separator, language = name.partition(LANGUAGE_SEPARATOR)
    return (base, language) if separator else (name, None)


def sheet_columns(languages: list[str] | tuple[str, ...] = ()) -> dict[str, tuple[Column, ...]]:
    """Each sheet's columns, with a column per language of ``languages`` after each text column."""
    sheets: dict[str, tuple[Column, ...]] = {}
    for sheet, columns in SHEET_COLUMNS.items():
        with_languages: list[Column] = []
        for column in columns:
            with_languages.append(column)
            if column.name in TRANSLATED_COLUMNS.get(sheet, ()):
                with_languages.extend(
                    Column(language_column(column.name, language), column.width,
                           _l("The %(column)s in the language %(language)s (blank: not translated yet)."),
                           wrap=column.wrap, terms={"column": column.name, "language": language})
                    for language in languages)
        sheets[sheet] = tuple(with_languages)
    return sheets


def format_statuses(statuses: dict[str, str]) -> str:
    return "; ".join(f"{language} = {status}" for language, status in statuses.items())


def parse_statuses(text: str) -> dict[str, str]:
    """``{"fr": "draft"}`` from "fr = draft; es = reviewed"; raises ``ValueError`` otherwise."""
    statuses = {}
    for part in split_list(text, ";,"):
        language, separator, status = part.partition("=")
        if not separator or not language.strip() or not status.strip():
            raise ValueError(text)
        statuses[language.strip()] = status.strip()
    return statuses
INTEGER_SETTINGS = frozenset({"format_version", "version"})
BOOLEAN_COLUMNS = frozenset({"required", "integer", "not_applicable"})



def place_help() -> str:
    """The help sheet's word on how problems are placed, in the language in force."""
    return _("Problems are reported with the place they were found, in the spreadsheet's own notation: "
             '"%(cell)s" is the cell in column %(column)s, row %(row)s of the %(sheet)s sheet (type it in the Name '
             'Box to go there), "%(rows)s" the whole row %(row)s, "%(sheet)s" the sheet as a whole.',
             cell=SURVEY + "!D17", column="D", row="17", sheet=SURVEY, rows=SURVEY + "!17:17")


_SHOW_IF = re.compile(r"^\s*(?P<question>\S+)\s+in\s+(?P<values>\S.*?)\s*$")
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})


def format_bool(value: bool) -> str:
    return YES if value else NO


def parse_bool(value: Any) -> bool | None:
    """True/False for yes/no, true/false, 1/0 (any case) or a spreadsheet boolean; None for anything else."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    return True if text in _TRUE else False if text in _FALSE else None


def format_show_if(show_if: dict | None) -> str:
    if not show_if:
        return ""
    return f"{show_if['question']} in {', '.join(str(value) for value in show_if['in'])}"


def parse_show_if(text: str) -> dict:
    """``{"question": KEY, "in": [VALUES]}`` from "KEY in VALUE, VALUE"; raises ``ValueError`` otherwise."""
    match = _SHOW_IF.match(text)
    values = [value.strip() for value in match["values"].split(",")] if match else []
    if match is None or not all(values):
        raise ValueError(text)
    return {"question": match["question"], "in": values}


def split_list(text: str, separators: str) -> list[str]:
    """The non-blank items of ``text`` split at any of ``separators`` (and line breaks)."""
    return [item.strip() for item in re.split(f"[{re.escape(separators)}\\n]", text) if item.strip()]


def cell_text(value: Any) -> str:
    """A cell's value as text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def whole_number(value: Any) -> Any:
    """``value`` as an int when it is a whole number (a number cell or digits); otherwise unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return value


def kind_option(name: str, value: Any, kind: str) -> Any:
    """Option ``name`` of a ``kind`` question from its cell: a date cell as YYYY-MM-DD text, text as the
    kind reads it (a number for a number question's min/max); unchanged when it cannot be read, so that
    checking the definition reports it."""
    if isinstance(value, (dt.date, dt.datetime)):
        return cell_text(value)
    if isinstance(value, str) and kind in REGISTRY:
        try:
            return REGISTRY[kind].option_from_text(name, value)
        except InvalidAnswer:
            return value
    return value
