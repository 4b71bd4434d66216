"""Translation helpers usable with or without a Flask application.

``_l(source, **values)`` returns a :class:`LazyText`: the English source text is kept, and translated
(through Flask-Babel) only when the text is turned into a string.  Inside an application context where
Flask-Babel is set up, the current locale's translation is used; anywhere else (command-line tools,
plain unit tests) the English source is used.  In both cases ``%(name)s`` placeholders are filled from
``values``, exactly as ``flask_babel.gettext`` does: without values the text is returned untouched, so
a literal ``%`` needs no escaping unless values are given.

``_(source, **values)`` is the eager version: it translates now and returns a plain ``str``.

Mark messages with ``_l`` for module-level constants (created at import time, before any locale is
known) and with ``_`` for text built while handling a request.  ``pybabel extract -k _l`` finds both.
"""

from __future__ import annotations

import html
from typing import Any

try:  # Flask and Flask-Babel are optional here: without them every text stays in English.
    from flask import current_app, has_app_context
    from flask_babel import gettext as _babel_gettext
except ImportError:  # pragma: no cover - exercised only where Flask is not installed
    current_app = None  # type: ignore[assignment]
    _babel_gettext = None  # type: ignore[assignment]

    def has_app_context() -> bool:  # type: ignore[misc]
        """Without Flask there is never an application context."""
        return False


__all__ = ["LazyText", "_", "_l", "translate"]


def _fill(text: str, values: dict[str, Any]) -> str:
    """Fill ``%(name)s`` placeholders of ``text`` from ``values``; no values means no formatting.

    Raises ``KeyError``/``ValueError``/``TypeError`` when ``text`` and ``values`` do not match, which
    is a programming error in the message, not something to hide.
    """
    return text % values if values else text


def _babel_ready() -> bool:
    """True when there is an application context whose app has Flask-Babel initialised."""
    if _babel_gettext is None or not has_app_context():
        return False
    return "babel" in getattr(current_app, "extensions", {})


def translate(source: str, values: dict[str, Any] | None = None) -> str:
    """Return ``source`` translated into the current locale and filled with ``values``.

    Uses Flask-Babel when an application context with Flask-Babel exists; if that is not the case, or
    if Flask-Babel fails for any reason (no locale, a broken catalogue, a translation whose
    placeholders do not match), the English ``source`` is filled instead.  Never returns a lazy object.
    """
    values = dict(values or {})
    if _babel_ready():
        try:
            return str(_babel_gettext(source, **values))
        except Exception:  # noqa: BLE001 - any failure of the translation layer falls back to English
            pass
    return _fill(source, values)


class LazyText:
    """A piece of user-facing text whose translation is looked up each time it is shown.

    It behaves like a ``str`` where that matters: ``str()``, equality with ``str`` and other
    ``LazyText`` (comparing the rendered text), hashing (of the rendered text, so it agrees with
    equality within one locale), ordering, ``len``, ``in``, concatenation with ``+`` (giving ``str``)
    and Jinja/MarkupSafe escaping via ``__html__``.  Other ``str`` methods (``upper``, ``split``, …)
    are forwarded to the rendered text.  It is not a ``str`` instance, so call ``str()`` before
    handing it to code that requires one (``str.join``, ``json.dumps``).
    """

    __slots__ = ("_source", "_values")

    def __init__(self, source: str, **values: Any) -> None:
        """Keep ``source`` (the English text with ``%(name)s`` placeholders) and its ``values``."""
        if not isinstance(source, str):
            raise TypeError(f"LazyText needs a str source, not {type(source).__name__}")
        self._source = source
        self._values = values

    @property
    def source(self) -> str:
        """The untranslated English text, placeholders not filled."""
        return self._source

    @property
    def values(self) -> dict[str, Any]:
        """A copy of the placeholder values."""
        return dict(self._values)

    def __str__(self) -> str:
        """The text in the current locale (English outside an app), placeholders filled."""
        return translate(self._source, self._values)

    def __repr__(self) -> str:
        """A debugging form showing the source text, not a translation."""
        extra = "".join(f", {k}={v!r}" for k, v in self._values.items())
        return f"LazyText({self._source!r}{extra})"

    def __html__(self) -> str:
        """The rendered text, HTML-escaped, for Jinja and MarkupSafe."""
        return html.escape(str(self), quote=True)

    def __eq__(self, other: object) -> bool:
        """Equal to a ``str`` or ``LazyText`` that renders to the same text now."""
        if isinstance(other, (LazyText, str)):
            return str(self) == str(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        """The opposite of ``__eq__``."""
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __lt__(self, other: object) -> bool:
        """Order by rendered text, against ``str`` or ``LazyText``."""
        if isinstance(other, (LazyText, str)):
            return str(self) < str(other)
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        """Order by rendered text, against ``str`` or ``LazyText``."""
        if isinstance(other, (LazyText, str)):
            return str(self) > str(other)
        return NotImplemented

    def __hash__(self) -> int:
        """Hash of the rendered text (consistent with ``__eq__`` within one locale)."""
        return hash(str(self))

    def __len__(self) -> int:
        """Length of the rendered text."""
        return len(str(self))

    def __bool__(self) -> bool:
        """True unless the source text is empty (does not depend on the locale)."""
        return bool(self._source)

    def __contains__(self, item: object) -> bool:
        """Substring test on the rendered text."""
        return str(item) in str(self)

    def __add__(self, other: object) -> str:
        """Concatenate the rendered text with a ``str`` or ``LazyText``; gives ``str``."""
        if isinstance(other, (LazyText, str)):
            return str(self) + str(other)
        return NotImplemented

    def __radd__(self, other: object) -> str:
        """``"prefix" + lazy`` gives ``str``."""
        if isinstance(other, str):
            return other + str(self)
        return NotImplemented

    def __getattr__(self, name: str) -> Any:
        """Forward public ``str`` methods (``upper``, ``startswith``, …) to the rendered text."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(str(self), name)


def _l(source: str, **values: Any) -> LazyText:
    """Mark ``source`` for translation, translating it each time it is shown (see :class:`LazyText`)."""
    return LazyText(source, **values)


def _(source: str, **values: Any) -> str:
    """Translate ``source`` now and fill ``%(name)s`` placeholders from ``values``; returns ``str``."""
    return translate(source, values)
