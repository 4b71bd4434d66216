"""Free-text kinds: short_text (one line) and long_text (paragraphs).

Canonical value: a ``str`` stripped of surrounding whitespace, with ``"\\r\\n"`` and ``"\\r"``
turned into ``"\\n"`` and control characters other than tab and newline removed (PostgreSQL cannot
store NUL).  short_text also joins its lines with single spaces.  Option ``max_length`` (a whole
number > 0) caps the number of characters; the defaults are 500 and 20,000.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any, ClassVar

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import StringField, TextAreaField

from questionnaire.kinds.base import InvalidAnswer, Kind, Options, Problem, is_int, is_number
from questionnaire.kinds.base import positive_int_problems, single_item
from questionnaire.locale import format_number, ngettext

__all__ = ["LongText", "ShortText"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


class _TextKind(Kind):
    """Shared behaviour of the text kinds."""

    option_names = frozenset({"max_length"})
    default_max_length: ClassVar[int] = 500

    def max_length(self, options: Options) -> int:
        """The character limit for these options (the kind's default unless ``max_length`` is set)."""
        limit = options.get("max_length") if options else None
        return limit if is_int(limit) and limit > 0 else self.default_max_length

    def _option_problems(self, options: Options) -> list[Problem]:
        """``max_length``, when given, must be a whole number greater than zero."""
        return positive_int_problems(options, "max_length")

    def _clean(self, text: str) -> str:
        """Normalise line ends, drop control characters, strip surrounding whitespace."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", text).strip()

    def _coerce(self, raw: Any, options: Options) -> str | None:
        """Read a string (or a one-item list of strings; numbers are written out as text).

        Blank text gives ``None``.  Raises :class:`InvalidAnswer` for other types or several items.
        """
        raw = single_item(raw, lambda: _("Give a single answer."))
        if raw is None:
            return None
        if is_number(raw):
            raw = str(raw)
        if not isinstance(raw, str):
            raise InvalidAnswer(_("Enter text."))
        return self._clean(raw) or None

    def _check(self, value: Any, options: Options) -> None:
        """The value must be a ``str`` no longer than the limit."""
        if not isinstance(value, str):
            raise InvalidAnswer(_("Enter text."))
        limit = self.max_length(options)
        if len(value) > limit:
            raise InvalidAnswer(
                ngettext("Use at most %(num)s character (you used %(count)s).",
                         "Use at most %(num)s characters (you used %(count)s).", limit, count=format_number(len(value)))
            )

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """The text itself."""
        return lambda value: value or None


class ShortText(_TextKind):
    """A single line of text, at most 500 characters unless ``max_length`` says otherwise."""

    name = "short_text"
    label = _l("Short text")
    default_max_length = 500

    def _clean(self, text: str) -> str:
        """As for long text, then line breaks (and the spaces around them) become one space."""
        return _LINE_BREAKS.sub(" ", super()._clean(text))

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> StringField:
        """A one-line text box."""
        return StringField(label)

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """A short sentence."""
        return write_text(12, min(80, self.max_length(options)))


class LongText(_TextKind):
    """Paragraphs of text, at most 20,000 characters unless ``max_length`` says otherwise."""

    name = "long_text"
    label = _l("Long text")
    default_max_length = 20000
    cell_look = "wrap"

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> TextAreaField:
        """A text area of six lines."""
        return TextAreaField(label, render_kw={"rows": 6})

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """Paragraphs as long as ``text_range`` says (within the limit)."""
        low, high = text_range
        return write_text(low, min(high, self.max_length(options)))
