"""The layout of a definition workbook: its sheets, their columns, and how values are written in cells.

Shared by the writer and the reader in ``questionnaire.definitions.xlsx`` so that both agree on every
header, on how a yes/no, a list of provisions or a follow-up rule looks in a cell, and on the help text
that explains it to the people who edit the workbook.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from questionnaire.kinds import KIND_NAMES, REGISTRY, InvalidAnswer

SURVEY, CHOICES, CLUSTERS, SETTINGS, HELP = "survey", "choices", "clusters", "settings", "help"
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Column:
    name: str
    width: int
    help: str
    required: bool = False  # a sheet without this column cannot be read
    wrap: bool = False


#: Options written one per column (the ``choices`` option lives in the choices sheet).
OPTION_COLUMNS: tuple[Column, ...] = (
    Column("max_length", 11, "short_text, long_text: the most characters an answer may have."),
    Column("min", 12, "number: the smallest number allowed; date: the earliest date (YYYY-MM-DD)."),
    Column("max", 12, "number: the largest number allowed; date: the latest date (YYYY-MM-DD)."),
    Column("integer", 9, "number: yes when only whole numbers are allowed, no otherwise; blank: not set."),
    Column("min_selected", 13, "multiple_choice: the fewest choices a State must tick."),
    Column("max_selected", 13, "multiple_choice: the most choices a State may tick."),
    Column("max_links", 10, "links: the most links an answer may hold."),
    Column("not_applicable", 14, 'yes when a State may answer "Not applicable" (with an explanation); blank: no.'),
    Column("table_rows", 30, 'table: the rows, as "code = Label; code = Label".', wrap=True),
    Column("table_columns", 30, 'table: the columns, as "code = Label; code = Label".', wrap=True),
)
WHOLE_NUMBER_OPTIONS = frozenset({"max_length", "min_selected", "max_selected", "max_links"})

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    SURVEY: (
        Column("cluster", 9, "The code of the question's cluster, as in the clusters sheet.", required=True),
        Column("key", 30, "The question's permanent identifier: lowercase letters, digits, dots, hyphens, "
                          "underscores. Answers are tied to it; never reuse a key.", required=True),
        Column("number", 8, "The number shown to States, e.g. 1.2 (may be blank, e.g. for notes)."),
        Column("kind", 16, "One of: " + ", ".join(KIND_NAMES) + ".", required=True),
        Column("required", 10, "yes when the question must be answered, no otherwise."),
        Column("text", 60, "The question as States read it: short, one question, at most 40 words.",
               required=True, wrap=True),
        Column("guidance", 50, "Help shown under the question.", wrap=True),
        Column("provisions", 24, 'The articles the question reviews, separated by ";", e.g. '
                                 '"art. 6 (1) (a); art. 3 (a)".', wrap=True),
        Column("show_if", 32, 'A follow-up rule: "KEY in VALUE, VALUE" shows the question only when the earlier '
                              'question KEY is answered with one of the values, e.g. "som.crim.smuggling in yes, '
                              'partly". Blank: always shown.', wrap=True),
        *OPTION_COLUMNS,
    ),
    CHOICES: (
        Column("question", 30, "The key of a single_choice or multiple_choice question.", required=True),
        Column("value", 16, "The code stored in answers: lowercase letters, digits, _ or -.", required=True),
        Column("label", 60, "The text States see. Choices are offered in the order of these rows.",
               required=True, wrap=True),
    ),
    CLUSTERS: (
        Column("code", 9, "A short code such as I or II, used in the survey sheet's cluster column.",
               required=True),
        Column("title", 50, "The cluster's title.", required=True, wrap=True),
        Column("description", 70, "An optional introduction shown above the cluster's questions.", wrap=True),
    ),
    SETTINGS: (
        Column("setting", 16, "One of: " + ", ".join(
            ("format", "format_version", "slug", "title", "title::fr (the title in French; any language)",
             "instrument", "version", "source_language", "languages", "language_statuses")) + ".",
            required=True),
        Column("value", 80, 'The setting\'s value; languages as codes separated by commas, e.g. "en, fr"; '
                            'language_statuses as "fr = draft; es = reviewed".', required=True, wrap=True),
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
LANGUAGE_HELP = (
    'With format_version 2, each text column (survey: text, guidance, table_rows, table_columns; choices: '
    'label; clusters: title, description; settings: title) has a column per translated language after it, '
    'named like "text::fr" (the language code after "::"); the column itself holds the source language\'s '
    'text. A blank cell is a text not yet translated.'
)


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
                           f"The {column.name} in the language {language} (blank: not translated yet).",
                           wrap=column.wrap)
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

PLACE_HELP = (
    "Problems are reported with the place they were found, in the spreadsheet's own notation: "
    '"survey!D17" is the cell in column D, row 17 of the survey sheet (type it in the Name Box to go '
    'there), "survey!17:17" the whole row 17, "survey" the sheet as a whole.'
)

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
