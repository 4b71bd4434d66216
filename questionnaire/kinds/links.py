"""The links kind: a list of titled web addresses (SHERLOC entries, legislation references).

Canonical value: a non-empty list of ``{"title": str, "url": str}``.  A URL must be an absolute
``http``/``https`` address with a host and no whitespace (at most 2,000 characters); a title is text
on one line (at most 500 characters).  Option ``max_links`` (whole number > 0, default 20).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import FieldList, Form, FormField, StringField

from questionnaire.kinds.base import InvalidAnswer, Kind, Options, Problem, is_int
from questionnaire.kinds.base import positive_int_problems
from questionnaire.locale import format_number, ngettext

__all__ = ["Links", "is_web_address", "MAX_TITLE_LENGTH", "MAX_URL_LENGTH", "DEFAULT_MAX_LINKS"]

MAX_TITLE_LENGTH = 500
MAX_URL_LENGTH = 2000
DEFAULT_MAX_LINKS = 20
#: Whitespace, control characters and the characters a web address must not hold unescaped.
_NOT_IN_URL = re.compile(r'[\s\x00-\x1f\x7f<>"\\^`{|}]')

Link = dict[str, str]


def is_web_address(url: object) -> bool:
    """True when ``url`` is an absolute ``http``/``https`` address with a host, without whitespace,
    control characters or ``<>"`` and the like, and no longer than :data:`MAX_URL_LENGTH`."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        return False
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _split_line(line: str) -> tuple[str, str]:
    """Read one line of text as ``(title, url)``.

    Understands ``"Title <url>"``, ``"Title url"`` (the last word holding ``://``), a lone word (taken
    as the URL) and several words without an address (taken as a title without URL).
    """
    line = line.strip()
    if line.endswith(">") and "<" in line:
        title, _sep, url = line[:-1].rpartition("<")
        return title.strip(), url.strip()
    words = line.split()
    if len(words) == 1:
        return "", words[0]
    if words and "://" in words[-1]:
        return " ".join(words[:-1]), words[-1]
    return line, ""


def _rows(raw: Any) -> list[tuple[Any, Any]]:
    """The ``(title, url)`` pairs in ``raw``: text (one link per line), one mapping, or a list of
    mappings and/or lines.  Raises :class:`InvalidAnswer` for other shapes."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [_split_line(line) for line in raw.splitlines()]
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, (list, tuple)):
        raise InvalidAnswer(_("Each link needs a title and a web address."))
    rows: list[tuple[Any, Any]] = []
    for item in raw:
        if item is None:
            rows.append(("", ""))
        elif isinstance(item, str):
            rows.append(_split_line(item))
        elif isinstance(item, Mapping):
            rows.append((item.get("title"), item.get("url")))
        else:
            raise InvalidAnswer(_("Each link needs a title and a web address."))
    return rows


def _too_long(text: str, limit: int, place: str) -> InvalidAnswer:
    """The error for ``text`` longer than ``limit`` characters."""
    return InvalidAnswer(
        ngettext("Use at most %(num)s character (you used %(count)s).",
                 "Use at most %(num)s characters (you used %(count)s).", limit, count=format_number(len(text))),
        place=place,
    )


class LinkRow(Form):
    """One link of the answering form: a title and a web address (sub-form, no CSRF of its own)."""

    title = StringField(_l("Title"))
    url = StringField(_l("Web address"), render_kw={"inputmode": "url", "autocomplete": "url"})


class Links(Kind):
    """A list of links, each a title and an absolute web address."""

    name = "links"
    label = _l("Links (title and web address)")
    multiple = True
    option_names = frozenset({"max_links"})
    widget = "link_rows"
    first_control_suffix = "-0-title"
    cell_look = "wrap"

    def max_links(self, options: Options) -> int:
        """The most links allowed by these options."""
        limit = options.get("max_links") if options else None
        return limit if is_int(limit) and limit > 0 else DEFAULT_MAX_LINKS

    def _option_problems(self, options: Options) -> list[Problem]:
        """``max_links``, when given, must be a whole number greater than zero."""
        return positive_int_problems(options, "max_links")

    def _coerce(self, raw: Any, options: Options) -> list[Link] | None:
        """Read links from a list of ``{"title", "url"}`` mappings (other keys ignored), a list of
        lines, or text with one link per line (``"Title <url>"`` or a bare URL).

        Rows with neither title nor URL are dropped; a row with only a URL gets the URL as title.
        Titles have their whitespace collapsed, URLs are stripped.  No rows gives ``None``.  Raises
        :class:`InvalidAnswer` (``place`` like ``"[1].url"``, counting the rows given) for a title
        without URL, a URL that is not a full web address, or text that is too long.
        """
        links: list[Link] = []
        for index, (title, url) in enumerate(_rows(raw)):
            if not isinstance(title, (str, type(None))) or not isinstance(url, (str, type(None))):
                raise InvalidAnswer(_("Each link needs a title and a web address."), place=f"[{index}]")
            title = " ".join((title or "").split())
            url = (url or "").strip()
            if not title and not url:
                continue
            if not url:
                raise InvalidAnswer(
                    _("Give the web address for “%(title)s”.", title=title), place=f"[{index}].url"
                )
            if len(url) > MAX_URL_LENGTH:
                raise _too_long(url, MAX_URL_LENGTH, f"[{index}].url")
            if not is_web_address(url):
                raise InvalidAnswer(
                    _("Enter a full web address starting with http:// or https://."),
                    place=f"[{index}].url",
                )
            if len(title) > MAX_TITLE_LENGTH:
                raise _too_long(title, MAX_TITLE_LENGTH, f"[{index}].title")
            links.append({"title": title or url, "url": url})
        return links or None

    def _check(self, value: Any, options: Options) -> None:
        """A list of ``{"title", "url"}`` mappings (exactly those keys) with a one-line title and a
        full web address each, no more than ``max_links`` of them."""
        if not isinstance(value, list):
            raise InvalidAnswer(_("Each link needs a title and a web address."))
        for index, link in enumerate(value):
            if (
                not isinstance(link, Mapping)
                or set(link) != {"title", "url"}
                or not isinstance(link["title"], str)
                or not link["title"].strip()
                or "\n" in link["title"]
            ):
                raise InvalidAnswer(_("Each link needs a title and a web address."), place=f"[{index}]")
            if len(link["title"]) > MAX_TITLE_LENGTH:
                raise _too_long(link["title"], MAX_TITLE_LENGTH, f"[{index}].title")
            if not is_web_address(link["url"]):
                raise InvalidAnswer(
                    _("Enter a full web address starting with http:// or https://."),
                    place=f"[{index}].url",
                )
        limit = self.max_links(options)
        if len(value) > limit:
            raise InvalidAnswer(ngettext("Give at most %(num)s link.", "Give at most %(num)s links.", limit))

    def _as_text(self, value: Any, options: Options) -> str:
        """One ``"Title <url>"`` line per link."""
        return "\n".join(f"{link['title']} <{link['url']}>" for link in value)

    def posted_data(self, formdata: Any, name: str, options: Options | None = None, *,
                    rows: int = 1) -> list[dict[str, str | None]]:
        """The posted rows in the order of their numbers (``<name>-<n>-title``, ``<name>-<n>-url``), then rows
        up to ``rows`` in all, as the rows' field (``wtforms.FieldList``) reads them: it numbers the rows it adds
        after the posted ones from their count, so where the posted numbers have gaps an added row reads the
        posted row of its number (a browser posts rows numbered from 0 without gaps: the added rows are blank)."""
        offset = len(name) + 1
        indexes = sorted({int(number) for key in formdata.keys() if key.startswith(name)
                          for number in (key[offset:].split("-", 1)[0],) if number.isdigit()})
        indexes += range(len(indexes), rows)

        def first(key: str) -> str | None:
            values = formdata.getlist(key)
            return values[0] if values else None

        return [{"title": first(f"{name}-{index}-title"), "url": first(f"{name}-{index}-url")} for index in indexes]

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> FieldList:
        """``rows`` rows of a title and a web address."""
        return FieldList(FormField(LinkRow), label=label, min_entries=rows)

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> list[Link]:
        """One to three laws in SHERLOC."""
        return [{"title": f"Law no. {rng.randint(1, 400)}/{rng.randint(1995, 2024)}",
                 "url": f"https://sherloc.unodc.org/cld/legislation/{rng.randint(1000, 9999)}"}
                for _number in range(rng.randint(1, 3))]
