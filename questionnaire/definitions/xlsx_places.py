"""Where in the workbook each part of an assembled document came from, to place ``check_document``'s problems.

``check_document`` names places in the document (``clusters[0].questions[16].kind``); people editing a
workbook need the cell (``survey!D18``).  :class:`Places` is filled while the document is assembled and
turns the one into the other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from questionnaire.definitions.problems import Problem
from questionnaire.definitions.xlsx_layout import (
    CHOICES, CLUSTERS, OPTION_COLUMNS, SETTING_NAMES, SETTINGS, SURVEY, language_column,
)

_QUESTION = re.compile(r"^clusters\[(\d+)\]\.questions\[(\d+)\](?:\.([a-z_]+))?(.*)$")
_CLUSTER = re.compile(r"^clusters\[(\d+)\](?:\.([a-z_]+))?(?:\.([a-z]{2})$)?")
_SETTING = re.compile(r"^([a-z_]+)(?:\[\d+\]|\.([a-z]{2}))?$")
_CHOICE = re.compile(r"^\.choices\[(\d+)\](?:\.(value|label))?(?:\.([a-z]{2})$)?")
_OPTION = re.compile(r"^\.([a-z_]+)(?:.*\.label\.([a-z]{2})$)?")
_LANGUAGE = re.compile(r"^\.([a-z]{2})$")  # a text's translation: "text.fr" is the cell of column "text::fr"
_OPTION_NAMES = frozenset(column.name for column in OPTION_COLUMNS)

#: (sheet, message, row, column index, column name); row and column None when unknown.
Location = tuple[str, str, int | None, int | None, str | None]


@dataclass
class Places:
    columns: dict[str, dict[str, int]]  # sheet → column name → 1-based column index
    unreadable: set[str] = field(default_factory=set)  # sheets whose content problems are not reported
    settings: dict[str, int] = field(default_factory=dict)  # setting → row
    clusters: list[int] = field(default_factory=list)  # cluster index → row
    questions: dict[tuple[int, int], tuple[int, list[int]]] = field(default_factory=dict)  # → survey row, choice rows

    def _cell(self, sheet: str, row: int | None, column: str, message: str) -> Location:
        index = self.columns.get(sheet, {}).get(column)
        if not row:
            return sheet, f"{column}: {message}", None, None, None
        return sheet, message, row, index, column

    def locate(self, problem: Problem) -> Location:
        """The sheet, row and column of a ``check_document`` problem (its own place if it has none)."""
        place, message = problem.place, problem.message
        if match := _QUESTION.match(place):
            return self._question((int(match[1]), int(match[2])), match[3], match[4], message)
        if match := _CLUSTER.match(place):
            index = int(match[1])
            row = self.clusters[index] if index < len(self.clusters) else None
            if match[2] in ("code", "title", "description"):
                return self._cell(CLUSTERS, row, _with_language(match[2], match[3]), message)
            return CLUSTERS, message, row or None, None, None
        if place == "clusters":
            return CLUSTERS, _("%(problem)s (one row per cluster)", problem=message), None, None, None
        if (match := _SETTING.match(place)) and match[1] in SETTING_NAMES:
            name = _with_language(match[1], match[2]) if match[1] == "title" else match[1]
            row = self.settings.get(name)
            if row is None:
                return SETTINGS, f"{name}: {message}", None, None, None
            return SETTINGS, message, row, self.columns.get(SETTINGS, {}).get("value"), name
        return place, message, None, None, None

    def _question(self, at: tuple[int, int], field_name: str | None, rest: str, message: str) -> Location:
        row, choice_rows = self.questions.get(at, (None, []))
        if field_name is None:
            return SURVEY, message, row, None, None
        if field_name == "show_if" and CHOICES in self.unreadable:
            return CHOICES, message, None, None, None  # without choices, the values cannot be checked
        if field_name != "options":
            language = _LANGUAGE.match(rest) if field_name in ("text", "guidance") else None
            return self._cell(SURVEY, row, _with_language(field_name, language[1] if language else None), message)
        if match := _CHOICE.match(rest):
            index = int(match[1])
            if index < len(choice_rows):
                return self._cell(CHOICES, choice_rows[index], _with_language(match[2] or "value", match[3]), message)
        elif (match := _OPTION.match(rest)) and match[1] in _OPTION_NAMES:
            return self._cell(SURVEY, row, _with_language(match[1], match[2]), message)
        if choice_rows:
            return self._cell(CHOICES, choice_rows[0], "question", message)
        if rest.startswith(".choices") and CHOICES in self.unreadable:
            return CHOICES, message, None, None, None  # the choices sheet's own problem says it all
        return self._cell(SURVEY, row, "kind", message)


def _with_language(column: str, language: str | None) -> str:
    return language_column(column, language) if language else column
