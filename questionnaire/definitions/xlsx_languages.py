"""Reading a definition workbook's language columns (``text::fr``, ``label::ar``, a ``title::es`` setting).

With ``format_version`` 2 in the settings sheet, each text of the assembled document becomes a language map:
the source language's text from the column itself, each translated language's from its ``::xx`` column
(a blank cell: not translated).  Columns of a language the questionnaire does not translate into, and
language columns in a version 1 workbook, are problems at their header cell.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from flask_babel import gettext as _

from questionnaire.definitions.languages import LANGUAGES_VERSION, source_of
from questionnaire.definitions.xlsx_layout import (
    SETTINGS, SURVEY, cell_text, kind_option, language_column, split_language_column,
)

if TYPE_CHECKING:
    from questionnaire.definitions.xlsx_read import Report, Sheet


class LanguageColumns:
    """The translated languages of a workbook, and its texts read as language maps."""

    def __init__(self, settings: dict[str, Any], sheets: dict[str, Sheet], report: Report,
                 setting_rows: dict[str, int], read: Callable[[dict[str, Any], str], str]) -> None:
        self.version2 = settings.get("format_version") == LANGUAGES_VERSION
        self.source = source_of(settings)
        declared = settings.get("languages") if isinstance(settings.get("languages"), list) else []
        self.languages = [code for code in declared if code != self.source] if self.version2 else []
        self.report, self.read = report, read
        for sheet in sheets.values():
            for name, index in sheet.columns.items():
                language = split_language_column(name)[1]
                if language is not None and (problem := self._refusal(language)):
                    report.add(sheet.name, problem, 1, index)
        for name, row in setting_rows.items():
            language = split_language_column(name)[1]
            if language is not None and (problem := self._refusal(language)):
                report.add(SETTINGS, problem, row, sheets[SETTINGS].columns.get("setting"), "setting")

    def _refusal(self, language: str) -> str | None:
        if not self.version2:
            return _("language columns need format_version 2 in the settings sheet")
        if language == self.source:
            return _('"%(language)s" is the source language: its texts go in the column without "::%(language)s"',
                     language=language)
        if language not in self.languages:
            return _('"%(language)s" is not a translated language of this questionnaire (languages: %(languages)s)',
                     language=language, languages=", ".join(self.languages) or "–")
        return None

    def text(self, values: dict[str, Any], column: str) -> str | dict[str, str]:
        """The text of ``column``: a string in version 1, a map of its non-blank texts in version 2."""
        source_text = self.read(values, column)
        if not self.version2:
            return source_text
        texts = {self.source: source_text} if source_text.strip() else {}
        for language in self.languages:
            translation = self.read(values, language_column(column, language))
            if translation.strip():
                texts[language] = translation
        return texts

    def title(self, settings: dict[str, Any]) -> None:
        """Turn the ``title`` setting and the ``title::xx`` ones into the title's map (version 2)."""
        translations = {split_language_column(name)[1]: settings.pop(name) for name in list(settings)
                        if split_language_column(name)[1] is not None}
        if not self.version2:
            return
        title = settings.get("title")
        texts = {self.source: title} if isinstance(title, str) and title.strip() else {}
        texts.update({language: text for language, text in translations.items()
                      if language in self.languages and isinstance(text, str) and text.strip()})
        settings["title"] = texts

    def question(self, question: dict[str, Any], values: dict[str, Any], row: int, columns: dict[str, int]) -> None:
        """A survey row's question with its text, guidance and table labels as maps (version 2)."""
        if not self.version2:
            return
        question["text"] = self.text(values, "text")
        question["guidance"] = self.text(values, "guidance")
        for axis in ("table_rows", "table_columns"):
            items = question["options"].get(axis)
            if isinstance(items, list):
                question["options"][axis] = self._axis(question["kind"], axis, items, values, row, columns)

    def _axis(self, kind: str, axis: str, items: list, values: dict[str, Any], row: int,
              columns: dict[str, int]) -> list:
        """A table's rows or columns with labels in every language, from "code = Label" cells."""
        labels: dict[str, dict[str, str]] = {}
        codes = {item.get("value") for item in items if isinstance(item, dict)}
        for language in self.languages:
            name = language_column(axis, language)
            cell = values.get(name)
            if cell is None:
                continue
            parsed = kind_option(axis, cell_text(cell), kind)
            if not isinstance(parsed, list):
                self.report.add(SURVEY, _("write each row or column as “code = Label”, separated by “;”"), row,
                                columns.get(name), name)
                continue
            for item in parsed:
                if item["value"] not in codes:
                    self.report.add(SURVEY, _('"%(code)s" is not a code of the column %(column)s',
                                              code=item["value"], column=axis), row, columns.get(name), name)
                elif item["label"]:
                    labels.setdefault(item["value"], {})[language] = item["label"]
        return [{**item, "label": {**({self.source: item["label"]} if item.get("label") else {}),
                                   **labels.get(item.get("value"), {})}}
                if isinstance(item, dict) and isinstance(item.get("label"), str) else item
                for item in items]
