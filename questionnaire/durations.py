"""A length of time from the settings written in words the reader's way: "3 days", "1 heure", "ساعتان", "90分钟" —
the unit and its plural as the language makes them (CLDR's units, through Babel)."""
from __future__ import annotations

from babel.units import format_unit
from flask_babel import get_locale

_UNITS = (("duration-day", 24 * 60), ("duration-hour", 60))


def duration_words(minutes: float) -> str:
    """``minutes`` in the largest unit that says it exactly (days, hours, else minutes: 4,320 minutes read "3
    days", 90 read "90 minutes"), in the language of the page or mail being made."""
    locale = str(get_locale() or "en")
    for unit, size in _UNITS:
        if minutes >= size and minutes % size == 0:
            return format_unit(int(minutes // size), unit, length="long", locale=locale)
    whole = int(minutes) if float(minutes).is_integer() else minutes
    return format_unit(whole, "duration-minute", length="long", locale=locale)
