"""The navigation of a reply's pages: its sections, each with its required answers given and in all, and the
review page.

Apart from those counts and the State's code in its links, the navigation depends only on the questionnaire's
content (its content revision), the page it is shown on, the reader's language and the language the
questionnaire is read in; so a worker renders it once per such combination through ``forms/_nav.html``, with
markers where the counts and the State's code go (``forms.slots``), and writes each page's into it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from babel.numbers import format_decimal
from urllib.parse import quote

from flask import get_template_attribute, url_for
from flask_babel import get_locale
from markupsafe import Markup, escape

from forms.replies import Reply
from forms.slots import Slotted, marker, slotted
from questionnaire.db import get_session
from questionnaire.replies.answering import Progress
from questionnaire.structure import kept_page_parts


@lru_cache(maxsize=4096)
def _written(number: int, locale: str) -> str:
    """A count written the reader's way (``questionnaire.locale.format_number``'s text, kept)."""
    return format_decimal(number, locale=locale)


def _counts_of(progress: Progress, locale: str) -> tuple[str, str]:
    return _written(progress.required_answered, locale), _written(progress.required_total, locale)


def _counts(progress: Mapping[str, Progress], locale: str) -> dict[str, tuple[str, str]]:
    return {code: _counts_of(found, locale) for code, found in progress.items()}


def _render(reply: Reply, counts: Mapping[str, tuple[str, str]], current: str, preview: bool) -> str:
    return str(get_template_attribute("forms/_nav.html", "reply_nav")(reply, counts, current, preview))


def _build(reply: Reply, current: str) -> Slotted | None:
    """The navigation with markers: slots 0, 1, 2, 3… the sections' counts, slot ``2 × sections`` the State's
    code in the links' addresses (so one rendering serves every State)."""
    codes = [cluster.code for cluster in reply.questionnaire.clusters]
    counts = {code: (marker(2 * n), marker(2 * n + 1)) for n, code in enumerate(codes)}
    rendered = _render(reply, counts, current, False)
    state_slot = 2 * len(codes)
    prefix = _reply_prefix(reply)
    rendered = rendered.replace(prefix, prefix[:-len(_quoted(reply)) - 1] + marker(state_slot) + "/")
    kept = slotted(rendered)
    links = len(codes) + 2  # the sections, the review page and the printable reply
    if kept is None or sorted(kept.order) != list(range(state_slot)) + [state_slot] * links:
        return None
    return kept


def _reply_prefix(reply: Reply) -> str:
    """The address every page of the reply starts with (``/answers/7/MEX/``)."""
    return url_for("forms.overview", questionnaire_id=reply.model.id, iso3=reply.state.iso3)


def _quoted(reply: Reply) -> str:
    return quote(reply.state.iso3, safe="")


def reply_nav(reply: Reply, progress: Mapping[str, Progress], current: str, *, preview: bool = False) -> Markup:
    """The navigation of ``reply``'s pages on page ``current`` (a section's code, or ``review``) with the
    sections' ``progress``; a preview's links go to the preview's sections, without counts."""
    locale = str(get_locale())
    if preview or reply.state is None:
        return Markup(_render(reply, _counts(progress, locale), current, preview))
    key = ("reply_nav", current, locale, reply.language)
    kept = kept_page_parts(get_session(), reply.model, key, lambda: _build(reply, current))
    if kept is None:
        return Markup(_render(reply, _counts(progress, locale), current, False))
    pieces: list[str] = []
    for cluster in reply.questionnaire.clusters:
        pieces.extend(_counts_of(progress[cluster.code], locale))
    pieces.append(str(escape(_quoted(reply))))
    return Markup(kept.fill(pieces))
