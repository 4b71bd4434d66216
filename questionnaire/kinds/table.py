"""The table kind: a small grid of figures, such as persons investigated / prosecuted / convicted × year.

Options ``table_rows`` and ``table_columns``: lists of ``{"value", "label"}`` (codes as for choices, at
least one each, at most 20 rows and 10 columns).  Canonical value: ``{row code: {column code: cell}}``
with every cell of the grid, each a whole number (0 or more) or ``"not_available"``.  A table with no
figure at all is no answer; a table with only some cells filled is refused, naming the first empty cell,
so that a "not available" is always said, never guessed from a blank.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import Form, FormField, StringField

from questionnaire.kinds.base import CellColumn, InvalidAnswer, Kind, Options, Problem, is_blank, is_int
from questionnaire.kinds.choices import CHOICE_CODE
from questionnaire.locale import format_number
from questionnaire.punctuation import labelled

__all__ = ["Table", "NOT_AVAILABLE", "MAX_ROWS", "MAX_COLUMNS"]

#: The stored code of a cell for which the State has no figure.
NOT_AVAILABLE = "not_available"
MAX_ROWS = 20
MAX_COLUMNS = 10
#: Larger figures are refused as typing mistakes.
MAX_FIGURE = 10**9
_NOT_AVAILABLE_WORDS = frozenset({"n/a", "na", "not available", "not_available", "-"})
_FORM_KEY = re.compile(r"r(\d+)_c(\d+)")
_AXES = {"table_rows": MAX_ROWS, "table_columns": MAX_COLUMNS}


def _axis(options: Options, name: str) -> list[tuple[str, str]]:
    """The ``(code, label)`` pairs of ``table_rows`` or ``table_columns`` (usable ones only)."""
    items = options.get(name) if options else None
    if not isinstance(items, Sequence) or isinstance(items, str):
        return []
    return [(item["value"], str(item.get("label") or item["value"])) for item in items
            if isinstance(item, Mapping) and isinstance(item.get("value"), str)]


def _axis_problems(options: Options, name: str, limit: int) -> list[Problem]:
    """Problems with one axis: a list of 1..``limit`` ``{"value", "label"}`` with unique codes."""
    items = options.get(name)
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        return [(name, _("List the table’s “%(name)s”: at least one, each with a value and a label.", name=name))]
    problems: list[Problem] = []
    if len(items) > limit:
        problems.append((name, _("Give at most %(max)s.", max=limit)))
    seen: set[str] = set()
    for index, item in enumerate(items):
        place = f"{name}[{index}]"
        if not isinstance(item, Mapping) or set(item) - {"value", "label"}:
            problems.append((place, _("Each row and column must have a value and a label.")))
            continue
        value, label = item.get("value"), item.get("label")
        if not isinstance(value, str) or not CHOICE_CODE.fullmatch(value):
            problems.append((f"{place}.value", _(
                "A choice’s value must be 1 to 64 characters: lower-case letters a–z, digits, “_” or “-”.")))
        elif value in seen:
            problems.append((f"{place}.value", _("The value “%(value)s” is used more than once.", value=value)))
        else:
            seen.add(value)
        if not isinstance(label, str) or not label.strip():
            problems.append((f"{place}.label", _("Give each row and column a label.")))
    return problems


def _not_available_words() -> set[str]:
    """What a person may type for "not available" (the English words and the current language's)."""
    return {*_NOT_AVAILABLE_WORDS, _("not available").casefold()}


class Table(Kind):
    """A grid of whole numbers or "not available" (statistics)."""

    name = "table"
    label = _l("Table of figures (rows × columns)")
    option_names = frozenset(_AXES)
    labelled_options = {"table_rows": "row", "table_columns": "column"}
    widget = "table"
    first_control_suffix = "-r0_c0"
    cell_look = "number"

    def _option_problems(self, options: Options) -> list[Problem]:
        """Both axes present and well formed."""
        return [problem for name, limit in _AXES.items() for problem in _axis_problems(options, name, limit)]

    def grid(self, options: Options | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """``(rows, columns)``: the ``(code, label)`` pairs of each axis, in order."""
        options = options or {}
        return _axis(options, "table_rows"), _axis(options, "table_columns")

    # --- answers ----------------------------------------------------------------------------------

    def _cell(self, raw: Any, place: str) -> int | str | None:
        """One cell read from text or a number; ``None`` when blank."""
        if isinstance(raw, str):
            text = " ".join(raw.split()).casefold()
            if not text:
                return None
            if text in _not_available_words():
                return NOT_AVAILABLE
            if re.fullmatch(r"\d+", text):
                return self._figure(int(text), place)
            if re.fullmatch(r"[+-]?\d+", text):
                raise InvalidAnswer(_("Enter a whole number of 0 or more."), place=place)
            if re.fullmatch(r"[+-]?(\d+[.,]\d*|[.,]\d+)", text):
                raise InvalidAnswer(_("Enter a whole number, without decimals."), place=place)
            raise InvalidAnswer(_("Enter a whole number or “not available”."), place=place)
        if raw is None:
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if is_int(raw):
            return self._figure(raw, place)
        if isinstance(raw, float):
            raise InvalidAnswer(_("Enter a whole number, without decimals."), place=place)
        raise InvalidAnswer(_("Enter a whole number or “not available”."), place=place)

    def _figure(self, number: int, place: str) -> int:
        if number < 0:
            raise InvalidAnswer(_("Enter a whole number of 0 or more."), place=place)
        if number > MAX_FIGURE:
            raise InvalidAnswer(_("Enter a whole number of at most %(max)s.", max=format_number(MAX_FIGURE)), place=place)
        return number

    def _coerce(self, raw: Any, options: Options) -> dict[str, dict[str, int | str]] | None:
        """Read a table from the form's cells (``{"r0_c1": "12"}``) or a ``{row: {column: cell}}``
        mapping.  Raises :class:`InvalidAnswer` (``place`` ``"row.column"``) for a cell that is not a
        whole number of 0 or more or "not available", a row or column the table does not have, or a
        table only partly filled."""
        if is_blank(raw):
            return None
        if not isinstance(raw, Mapping):
            raise InvalidAnswer(_("Give the figures as a table of rows and columns."))
        rows, columns = self.grid(options)
        row_codes, column_codes = [code for code, _l in rows], [code for code, _l in columns]
        cells: dict[tuple[str, str], Any] = {}
        if raw and all(isinstance(key, str) and _FORM_KEY.fullmatch(key) for key in raw):
            for key, text in raw.items():
                r, c = (int(part) for part in _FORM_KEY.fullmatch(key).groups())  # type: ignore[union-attr]
                if r >= len(rows) or c >= len(columns):
                    raise InvalidAnswer(_("This table has no such cell."), place=key)
                cells[(row_codes[r], column_codes[c])] = text
        else:
            for row, line in raw.items():
                if row not in row_codes:
                    raise InvalidAnswer(_("“%(row)s” is not a row of this table.", row=str(row)), place=str(row))
                if not isinstance(line, Mapping):
                    raise InvalidAnswer(_("Give the figures as a table of rows and columns."), place=str(row))
                for column, text in line.items():
                    if column not in column_codes:
                        raise InvalidAnswer(_("“%(column)s” is not a column of this table.", column=str(column)),
                                            place=f"{row}.{column}")
                    cells[(row, column)] = text
        read = {key: self._cell(text, ".".join(key)) for key, text in cells.items()}
        if all(cell is None for cell in read.values()):
            return None
        value: dict[str, dict[str, int | str]] = {}
        for row, row_label in rows:
            value[row] = {}
            for column, column_label in columns:
                cell = read.get((row, column))
                if cell is None:
                    raise InvalidAnswer(_("Fill in every cell: “%(row)s”, “%(column)s” is empty. Write "
                                          "“not available” where there is no figure.",
                                          row=row_label, column=column_label), place=f"{row}.{column}")
                value[row][column] = cell
        return value

    def _check(self, value: Any, options: Options) -> None:
        """Exactly the grid's cells, each a whole number in range or ``"not_available"``."""
        rows, columns = self.grid(options)
        if not isinstance(value, Mapping) or set(value) != {code for code, _l in rows}:
            raise InvalidAnswer(_("Give the figures as a table of rows and columns."))
        for row, _row_label in rows:
            line = value[row]
            if not isinstance(line, Mapping) or set(line) != {code for code, _l in columns}:
                raise InvalidAnswer(_("Give the figures as a table of rows and columns."), place=row)
            for column, cell in line.items():
                if cell != NOT_AVAILABLE:
                    if not is_int(cell):
                        raise InvalidAnswer(_("Enter a whole number or “not available”."), place=f"{row}.{column}")
                    self._figure(cell, f"{row}.{column}")

    # --- display ----------------------------------------------------------------------------------

    def cell_text(self, cell: Any) -> str:
        """One cell as text: the number, or the words "not available"."""
        return _("not available") if cell == NOT_AVAILABLE else str(cell)

    def as_grid(self, value: Any, options: Options | None = None) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
        """``(column labels, [(row label, cell texts)])`` for showing an answer as a table."""
        if not isinstance(value, Mapping):
            return None
        rows, columns = self.grid(options)
        return ([label for _code, label in columns],
                [(label, [self.cell_text(value.get(row, {}).get(column)) for column, _c in columns])
                 for row, label in rows])

    def _as_text(self, value: Any, options: Options) -> str:
        """One line per row: ``Persons investigated — 2023: 12; 2024: not available``."""
        rows, columns = self.grid(options)
        return "\n".join(
            f"{row_label} — " + "; ".join(labelled(column_label, self.cell_text(value[row][column]))
                                          for column, column_label in columns)
            for row, row_label in rows
        )

    # --- answering form ---------------------------------------------------------------------------

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> FormField:
        """One text box per cell, named ``r<row>_c<column>`` and labelled by its row and column."""
        grid_rows, grid_columns = self.grid(options)
        fields = {
            f"r{r}_c{c}": StringField(f"{row_label} — {column_label}", render_kw={"inputmode": "numeric"})
            for r, (_row, row_label) in enumerate(grid_rows)
            for c, (_column, column_label) in enumerate(grid_columns)
        }
        return FormField(type("TableCells", (Form,), fields), label=label)

    def posted_data(self, formdata: Any, name: str, options: Options | None = None, *,
                    rows: int = 1) -> dict[str, str | None]:
        """Each cell's text by ``r<row>_c<column>`` (``None`` where nothing was posted), as the grid's field reads them."""
        grid_rows, grid_columns = self.grid(options)
        cells = {}
        for r in range(len(grid_rows)):
            for c in range(len(grid_columns)):
                values = formdata.getlist(f"{name}-r{r}_c{c}")
                cells[f"r{r}_c{c}"] = values[0] if values else None
        return cells

    def _form_value(self, value: Any, options: Options) -> Any:
        """The stored cells as the form's texts."""
        grid_rows, grid_columns = self.grid(options)
        if not isinstance(value, Mapping):
            return None
        return {f"r{r}_c{c}": self.cell_text(value.get(row, {}).get(column))
                for r, (row, _rl) in enumerate(grid_rows) for c, (column, _cl) in enumerate(grid_columns)
                if value.get(row, {}).get(column) is not None}

    # --- spreadsheets and definitions -------------------------------------------------------------

    def _cell_columns(self, options: Options) -> list[CellColumn]:
        """One number column per cell, named ``row label — column label``."""
        grid_rows, grid_columns = self.grid(options)
        columns = []
        for row, row_label in grid_rows:
            for column, column_label in grid_columns:
                columns.append(CellColumn(f"{row_label} — {column_label}", "number", self._cell_reader(row, column)))
        return columns

    def _cell_reader(self, row: str, column: str) -> Callable[[Any], Any]:
        def to_cell(value: Any) -> Any:
            if not isinstance(value, Mapping):
                return None
            cell = value.get(row, {}).get(column)
            return self.cell_text(cell) if cell == NOT_AVAILABLE else cell
        return to_cell

    def option_from_text(self, name: str, text: str) -> Any:
        """``table_rows``/``table_columns`` typed as ``code = Label; code = Label``."""
        if name not in _AXES:
            return text
        items = []
        for part in text.split(";"):
            if not part.strip():
                continue
            code, sep, label = part.partition("=")
            if not sep:
                raise InvalidAnswer(_("Write each row or column as “code = Label”, separated by “;”."))
            items.append({"value": code.strip(), "label": label.strip()})
        return items

    def option_as_text(self, name: str, value: Any) -> Any:
        """The inverse of :meth:`option_from_text`."""
        if name in _AXES and isinstance(value, list):
            return "; ".join(f"{item.get('value')} = {item.get('label')}" for item in value
                             if isinstance(item, Mapping))
        return value

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> Any:
        """Falling figures down the rows, now and then not available."""
        grid_rows, grid_columns = self.grid(options)
        value: dict[str, dict[str, int | str]] = {}
        for index, (row, _label) in enumerate(grid_rows):
            value[row] = {column: NOT_AVAILABLE if rng.random() < 0.1 else rng.randint(0, 200 // (index + 1))
                          for column, _c in grid_columns}
        return value
