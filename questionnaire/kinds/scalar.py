"""Scalar kinds: number and date.

number — canonical value is an ``int`` when the number is whole, a ``float`` otherwise.  Text input is
plain decimal notation with a point: ``"12"``, ``"-3"``, ``"1234.5"``, ``".5"``; no thousands
separators, no decimal commas, no exponents; NaN and infinities are refused.  Options ``min``/``max``
(numbers, ``min <= max``) and ``integer`` (bool: only whole numbers).

date — canonical value is an ISO ``"YYYY-MM-DD"`` string; ``datetime.date`` values are accepted.
Options ``min``/``max`` (ISO date strings, ``min <= max``).
"""

from __future__ import annotations

import datetime
import math
import random
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask_babel import format_date, gettext as _, lazy_gettext as _l
from wtforms import StringField

from questionnaire.kinds.base import InvalidAnswer, Kind, Options, Problem, Summary
from questionnaire.kinds.base import is_blank, is_number, single_item

__all__ = ["Date", "Number", "format_number", "parse_iso_date"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
#: Longer text is refused rather than parsed (questionnaire figures are never this long).
MAX_NUMBER_CHARS = 40
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_number(value: int | float) -> str:
    """Write ``value`` in plain decimal notation: no trailing ``.0``, no exponent (``1e-05`` is
    ``"0.00001"``)."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def _is_finite_number(value: object) -> bool:
    """True for ``int``/``float`` (not ``bool``) values that are neither NaN nor infinite."""
    return is_number(value) and math.isfinite(value)


def _canonical(number: Decimal | float | int) -> int | float:
    """``number`` as ``int`` when whole, ``float`` otherwise (it must be finite)."""
    if isinstance(number, int):
        return number
    if isinstance(number, float):
        return int(number) if number.is_integer() else number
    return int(number) if number == number.to_integral_value() else float(number)


def _not_a_number(options: Options) -> str:
    """The hint for text that is not a number: a count asks for a whole number, and says so."""
    if (options or {}).get("integer") is True:
        return _("Enter a whole number, such as 12.")
    return _("Enter a number, such as 12 or 3.5.")


class Number(Kind):
    """A number, optionally whole and within ``min``/``max``."""

    name = "number"
    label = _l("Number")
    option_names = frozenset({"min", "max", "integer"})
    cell_look = "number"

    def _option_problems(self, options: Options) -> list[Problem]:
        """``min``/``max`` finite numbers with ``min <= max``; ``integer`` a bool."""
        problems: list[Problem] = []
        for key in ("min", "max"):
            if key in options and not _is_finite_number(options[key]):
                problems.append((key, _("“%(name)s” must be a number.", name=key)))
        if "integer" in options and not isinstance(options["integer"], bool):
            problems.append(("integer", _("“integer” must be true or false.")))
        low, high = options.get("min"), options.get("max")
        if _is_finite_number(low) and _is_finite_number(high) and low > high:
            problems.append(("min", _("“min” must not be more than “max”.")))
        return problems

    def _coerce(self, raw: Any, options: Options) -> int | float | None:
        """Read a number from text, an ``int``/``float``/``Decimal`` or a one-item list.

        Blank text gives ``None``.  Raises :class:`InvalidAnswer` for anything that is not a finite
        number in plain notation.
        """
        raw = single_item(raw, lambda: _("Give a single answer."))
        if is_blank(raw):
            return None
        number: Decimal | float | int
        if isinstance(raw, str):
            text = raw.strip()
            if len(text) > MAX_NUMBER_CHARS or not _NUMBER.fullmatch(text):
                raise InvalidAnswer(_not_a_number(options))
            number = Decimal(text)
        elif isinstance(raw, Decimal):
            if not raw.is_finite():
                raise InvalidAnswer(_not_a_number(options))
            number = raw
        elif is_number(raw):
            number = raw
        else:
            raise InvalidAnswer(_not_a_number(options))
        if isinstance(number, float) and not math.isfinite(number):
            raise InvalidAnswer(_not_a_number(options))
        result = _canonical(number)
        if isinstance(result, float) and not math.isfinite(result):
            raise InvalidAnswer(_not_a_number(options))
        return result

    def _check(self, value: Any, options: Options) -> None:
        """A finite number; whole if ``integer``; within ``min``/``max``."""
        if not _is_finite_number(value):
            raise InvalidAnswer(_not_a_number(options))
        if options.get("integer") is True and isinstance(value, float) and not value.is_integer():
            raise InvalidAnswer(_("Enter a whole number."))
        low, high = options.get("min"), options.get("max")
        if _is_finite_number(low) and value < low:
            raise InvalidAnswer(_("Enter a number of at least %(min)s.", min=format_number(low)))
        if _is_finite_number(high) and value > high:
            raise InvalidAnswer(_("Enter a number of at most %(max)s.", max=format_number(high)))

    def _as_text(self, value: Any, options: Options) -> str:
        """Plain decimal notation (see :func:`format_number`)."""
        return format_number(value) if is_number(value) else str(value)

    def _summarize(self, answered: list[Any], options: Options, summary: Summary) -> None:
        """Smallest, largest and mean of the finite numbers among the answers."""
        numbers = [v for v in answered if _is_finite_number(v)]
        if numbers:
            summary.min = min(numbers)
            summary.max = max(numbers)
            summary.mean = math.fsum(numbers) / len(numbers)

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> StringField:
        """A text box that offers a numeric keypad (the text is read by :meth:`coerce`)."""
        whole = (options or {}).get("integer") is True
        return StringField(label, render_kw={"inputmode": "numeric" if whole else "decimal"})

    def _form_value(self, value: Any, options: Options) -> Any:
        """The number in plain decimal notation, as a person would type it."""
        return self.as_text(value, options) if value is not None else value

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """The number itself."""
        return lambda value: value if value is not None and value != "" else None

    def option_from_text(self, name: str, text: str) -> Any:
        """``min``/``max`` as a number (whole numbers as ``int``)."""
        if name not in ("min", "max"):
            return text
        try:
            value = float(text)
        except ValueError:
            raise InvalidAnswer(_("Enter a number, such as 0 or 12.5.")) from None
        return int(value) if value.is_integer() else value

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> int:
        """A whole number from ``min`` (or 0) to 250."""
        return rng.randint(int(options.get("min", 0)), 250)


def parse_iso_date(text: object) -> datetime.date | None:
    """The date written as ``YYYY-MM-DD`` in ``text``, or ``None`` if it is not such a real date."""
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class Date(Kind):
    """A calendar date, optionally within ``min``/``max``."""

    name = "date"
    label = _l("Date")
    option_names = frozenset({"min", "max"})
    cell_look = "date"

    def _option_problems(self, options: Options) -> list[Problem]:
        """``min``/``max`` ISO date strings with ``min <= max``."""
        problems: list[Problem] = []
        for key in ("min", "max"):
            if key in options and parse_iso_date(options[key]) is None:
                problems.append((key, _("“%(name)s” must be a date written as YYYY-MM-DD.", name=key)))
        low, high = parse_iso_date(options.get("min")), parse_iso_date(options.get("max"))
        if low and high and low > high:
            problems.append(("min", _("“min” must not be later than “max”.")))
        return problems

    def _coerce(self, raw: Any, options: Options) -> str | None:
        """Read ``YYYY-MM-DD`` text, a ``datetime.date`` (or ``datetime``) or a one-item list.

        Blank text gives ``None``.  Raises :class:`InvalidAnswer` for other formats and for dates
        that do not exist (``2023-02-30``).
        """
        raw = single_item(raw, lambda: _("Give a single answer."))
        if is_blank(raw):
            return None
        if isinstance(raw, datetime.datetime):
            return raw.date().isoformat()
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        if not isinstance(raw, str) or not _DATE.fullmatch(raw.strip()):
            raise InvalidAnswer(_("Enter a date as YYYY-MM-DD."))
        parsed = parse_iso_date(raw.strip())
        if parsed is None:
            raise InvalidAnswer(_("Enter a real date, such as 2024-03-31."))
        return parsed.isoformat()

    def _check(self, value: Any, options: Options) -> None:
        """A real ``YYYY-MM-DD`` date within ``min``/``max``."""
        parsed = parse_iso_date(value)
        if parsed is None:
            raise InvalidAnswer(_("Enter a date as YYYY-MM-DD."))
        low, high = parse_iso_date(options.get("min")), parse_iso_date(options.get("max"))
        if low and parsed < low:
            raise InvalidAnswer(_("Enter a date on or after %(min)s.", min=low.isoformat()))
        if high and parsed > high:
            raise InvalidAnswer(_("Enter a date on or before %(max)s.", max=high.isoformat()))

    def _summarize(self, answered: list[Any], options: Options, summary: Summary) -> None:
        """Earliest and latest of the real dates among the answers, as ISO strings."""
        dates = sorted(v for v in answered if parse_iso_date(v) is not None)
        if dates:
            summary.min, summary.max = dates[0], dates[-1]

    def display_text(self, value: Any, options: Options | None = None) -> str:
        """A real date written the reader's way ("Mar 1, 2020", "1 mars 2020"); anything else as text."""
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        if parsed is None:
            return self.as_text(value, options)
        return format_date(parsed, "medium")

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> StringField:
        """The browser's date input (its value is YYYY-MM-DD text)."""
        return StringField(label, render_kw={"type": "date"})

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """A real date, so that spreadsheets can sort and filter by it."""
        return lambda value: parse_iso_date(value) if value else None

    def option_from_text(self, name: str, text: str) -> Any:
        """``min``/``max`` as YYYY-MM-DD text, which must name a real date."""
        if name in ("min", "max") and parse_iso_date(text) is None:
            raise InvalidAnswer(_("Enter a date as YYYY-MM-DD."))
        return text

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """A day between 1998 and 2022."""
        return (datetime.date(1998, 1, 1) + datetime.timedelta(days=rng.randint(0, 9000))).isoformat()
