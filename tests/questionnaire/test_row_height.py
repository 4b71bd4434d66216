"""The height of a row of wrapped texts: one line stays the default, every line shows, up to the tallest row."""
from __future__ import annotations

import pytest

from questionnaire.row_height import MAX_ROW_HEIGHT, line_height, row_height, text_width, wrapped_lines

ARABIC = "ينص القانون على معاقبة كل من يدبر الدخول غير المشروع"
CHINESE = "本法规定任何人为直接或间接获取经济或其他物质利益而安排他人非法入境的行为构成犯罪"


@pytest.mark.parametrize(("cells", "height"), [
    ([("Yes", 40)], None),
    ([("x" * 60, 60)], None),  # exactly one line
    ([], None),
    ([("", 60)], None),
])
def test_text_that_fits_on_one_line_keeps_the_default_height(cells, height):
    assert row_height(cells) is height


def test_each_explicit_line_break_is_a_line():
    assert wrapped_lines("First.\nSecond.\n\nFourth.", 60) == 4
    assert wrapped_lines("Windows\r\nline\r\nends", 60) == 3
    assert row_height([("a\nb\nc", 60)]) == 45.0  # three lines of Excel's 15-point default


def test_a_long_text_wraps_at_the_width_of_its_column():
    assert wrapped_lines("x" * 600, 60) == 10
    assert wrapped_lines("x" * 601, 60) == 11
    assert wrapped_lines("x" * 600, 110) == 6
    assert row_height([("x" * 600, 60)]) == 150.0


def test_wrapping_and_line_breaks_add_up():
    assert wrapped_lines("x" * 130 + "\nshort\n" + "y" * 61, 60) == 3 + 1 + 2


def test_the_tallest_wrapped_cell_sets_the_row():
    assert row_height([("short", 10), ("x" * 300, 30), ("a\nb", 80)]) == 150.0


@pytest.mark.parametrize(("text", "width"), [(CHINESE, 2 * len(CHINESE)), ("日本語のテキスト", 16), ("한국어 문장", 11),
                                              ("ＡＢＣ", 6)])
def test_chinese_japanese_korean_and_full_width_characters_count_double(text, width):
    assert text_width(text) == width


def test_a_chinese_text_takes_twice_the_lines_of_as_many_latin_letters():
    chinese, latin = CHINESE * 10, "x" * len(CHINESE) * 10
    assert wrapped_lines(chinese, 60) == 14 and wrapped_lines(latin, 60) == 7
    assert wrapped_lines(CHINESE, 30) == 3  # 40 ideographs: one line of Latin letters, three of Chinese


def test_arabic_takes_more_room_than_as_many_latin_letters():
    assert text_width(ARABIC) > len(ARABIC)
    assert wrapped_lines(ARABIC * 10, 100) > wrapped_lines("x" * len(ARABIC) * 10, 100)


def test_the_line_height_follows_the_font_size():
    assert line_height() == 15.0
    assert row_height([("a\nb", 60)], font_size=22) == 60.0


def test_a_text_taller_than_the_tallest_row_gets_the_tallest_row():
    assert row_height([("line\n" * 26, 60)]) == 405.0  # 27 lines: under the cap
    assert row_height([("line\n" * 27, 60)]) == MAX_ROW_HEIGHT == 409.0  # 28 lines would need 420 points
    assert row_height([("x" * 40000, 110)]) == MAX_ROW_HEIGHT
    assert row_height([(CHINESE * 1000, 30), ("short", 10)]) == MAX_ROW_HEIGHT
