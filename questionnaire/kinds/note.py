"""The note kind: guidance text shown in the questionnaire, which takes no answer."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from questionnaire.kinds.base import InvalidAnswer, Kind, Options

__all__ = ["Note"]


class Note(Kind):
    """Guidance text; not answerable and without options."""

    name = "note"
    label = _l("Note (no answer)")
    answerable = False
    widget = "note"

    def coerce(self, raw: Any, options: Options | None = None) -> None:
        """Always ``None``: whatever was submitted for a note is ignored."""
        return None

    def check(self, value: Any, options: Options | None = None) -> None:
        """Pass for ``None``; raise :class:`InvalidAnswer` for any other value."""
        if value is not None:
            raise InvalidAnswer(_("This item is guidance and takes no answer."))

    def is_answered(self, value: Any) -> bool:
        """Always ``False``: a note is never answered."""
        return False
