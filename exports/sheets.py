"""The plain description of a worksheet that the table builders return and the writers consume.

A builder decides what the cells hold and how each column should look; it never touches openpyxl.
The XLSX writer turns the description into a styled sheet, the CSV writer reads only the values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Look(str, Enum):
    """How a column's cells are shown."""

    TEXT = "text"  # short text on one line
    WRAP = "wrap"  # long text, wrapped, aligned to the top; its row grows to show it
    NUMBER = "number"
    PERCENT = "percent"  # a share 0..1 shown as a percentage
    DATE = "date"
    DATETIME = "datetime"
    SCALE = "scale"  # Yes / Yes, in part / No, coloured by answer


@dataclass(frozen=True)
class Column:
    """One column: its header, look and width in characters."""

    header: str
    look: Look = Look.TEXT
    width: float = 14


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart of one block of a sheet: category labels and values in rows first..last."""

    title: str
    first_row: int  # 1-based worksheet rows
    last_row: int
    label_column: int  # 1-based worksheet columns
    value_column: int
    anchor: str  # top-left cell, e.g. "A2"
    source: str | None = None  # the sheet holding the data, when not the chart's own sheet
    height: int = 280  # pixels


@dataclass
class Sheet:
    """A worksheet: a header row (row ``header_row``) then data rows, plus how to present them.

    ``preamble`` rows come before the header row (titles, totals); ``freeze`` is the top-left cell of
    the scrolling area (e.g. ``"C2"``); ``as_table`` makes the header and rows an Excel table;
    ``autofilter`` filters the header and rows otherwise.  ``scale_colours`` maps a scale label to
    an RGB fill for :attr:`Look.SCALE` columns.  Printing: ``one_page`` fits the sheet on one page,
    ``page_breaks`` start new pages (charts); the writer derives the rest (see :mod:`exports.workbook`).
    """

    name: str
    columns: list[Column]
    rows: list[list[Any]]
    preamble: list[list[Any]] = field(default_factory=list)
    freeze: str | None = None
    as_table: bool = False
    autofilter: bool = True
    charts: list[ChartSpec] = field(default_factory=list)
    scale_colours: dict[str, str] = field(default_factory=dict)
    one_page: bool = False  # print on a single page (the About sheet)
    page_breaks: list[int] = field(default_factory=list)  # 0-based rows that start a new printed page

    @property
    def headers(self) -> list[str]:
        """The column headers, in order."""
        return [column.header for column in self.columns]

    @property
    def header_row(self) -> int:
        """The 1-based worksheet row of the headers."""
        return len(self.preamble) + 1
