"""How tall a spreadsheet row must be to show its wrapped texts in full.

A workbook stores each row's height; a row written without one opens one line high in LibreOffice Calc
(Excel may fit it on opening, Calc keeps what is stored), so a long wrapped answer shows, and prints, as
its first line only. Every writer of wrapped cells (the exports, the definition workbook, the translation
workbook) asks :func:`row_height` for the height of each row, so the estimate lives here once.

The estimate needs no font files: a text's lines are its explicit line breaks plus the lines wrapping
makes at the column's width (in characters of the default font, as spreadsheets measure columns), with
wide characters counted for more. Measured in LibreOffice Calc with 11-point text in columns 30 to
110 characters wide, an English text fits 1.07 to 1.14 characters per unit of width, Chinese about half
as many on slightly taller lines, and Arabic 0.9 to 1.5 times the room of as many Latin letters
depending on the font (Noto Sans Arabic, the widest measured, on taller lines). The weights below
reproduce those measurements or err on the side of a row slightly too tall: a few blank points cost
less than a hidden line.
"""
from __future__ import annotations

import math
import re
from typing import Iterable

#: The default font size of the workbooks, in points.
DEFAULT_FONT_SIZE = 11
#: Points per line at the default font size: Excel's default row height for Calibri 11, and Calc's measured one.
DEFAULT_LINE_HEIGHT = 15.0
#: The tallest row Excel and LibreOffice Calc allow, in points.
MAX_ROW_HEIGHT = 409.0
#: Characters of average text per unit of column width (a column 60 wide holds a 60-character line).
CHARACTERS_PER_WIDTH = 1.0
#: Chinese, Japanese and Korean ideographs, syllables and full-width forms take the room of two letters.
WIDE_WEIGHT = 2.0
#: Arabic script takes more room than Latin in the fonts that render it (taller lines, wider letters).
ARABIC_WEIGHT = 1.3

_ARABIC_RANGES = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC = re.compile(f"[{_ARABIC_RANGES}]")
# Hangul jamo and syllables, CJK punctuation, kana, ideographs, Yi, compatibility and full-width forms;
# matched with Arabic in one pass over the text, then told apart.
_WIDE_OR_ARABIC = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    f"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd{_ARABIC_RANGES}]"
)


def text_width(text: str) -> float:
    """The room ``text`` takes on one line, in characters of average Latin text."""
    if text.isascii():
        return len(text)
    found = _WIDE_OR_ARABIC.findall(text)
    if not found:
        return len(text)
    arabic = len(_ARABIC.findall("".join(found)))
    return len(text) + (len(found) - arabic) * (WIDE_WEIGHT - 1) + arabic * (ARABIC_WEIGHT - 1)


def wrapped_lines(text: str, column_width: float) -> int:
    """The lines ``text`` takes in a wrapped cell of a column ``column_width`` characters wide: one per
    line break, plus those wrapping adds to each line longer than the column (at least 1)."""
    per_line = max(column_width * CHARACTERS_PER_WIDTH, 1.0)
    if len(text) * WIDE_WEIGHT <= per_line and "\n" not in text:
        return 1  # fits on one line whatever its characters
    # a line feed breaks the line in Excel and Calc; a carriage return before it ("\r\n") adds nothing
    return sum(max(1, math.ceil(text_width(line.removesuffix("\r")) / per_line)) for line in text.split("\n"))


def line_height(font_size: float = DEFAULT_FONT_SIZE) -> float:
    """The height in points of one line of text in ``font_size``."""
    return font_size * DEFAULT_LINE_HEIGHT / DEFAULT_FONT_SIZE


def row_height(cells: Iterable[tuple[str, float]], font_size: float = DEFAULT_FONT_SIZE) -> float | None:
    """The height in points of a row whose wrapped cells hold ``cells``, given as (text, width of its
    column in characters): enough lines for the tallest one, in ``font_size``.

    None when every text fits on one line: the row keeps the program's default height. A text too long
    for the tallest row a spreadsheet allows gets that height, :data:`MAX_ROW_HEIGHT`: the row shows its
    beginning, and the full text is still in the cell (the formula bar and the cell's editor show it).
    """
    lines = 1
    most = math.floor(MAX_ROW_HEIGHT / line_height(font_size))
    for text, width in cells:
        lines = max(lines, wrapped_lines(text, width))
        if lines > most:
            return MAX_ROW_HEIGHT
    if lines == 1:
        return None
    return min(round(lines * line_height(font_size), 2), MAX_ROW_HEIGHT)
