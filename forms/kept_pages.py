"""Cluster pages showing the stored answers, kept by each app worker while nothing they show has changed.

A cluster page is read more often than its reply changes: people move between clusters, come back, reload; a
submitted reply is read by every reviewer and the secretariat and does not change at all. What the page's content
(``forms/_cluster_content.html``) shows is drawn from three rows, each versioned:

- the State's response: every save raises its ``lock_version`` in the transaction that writes the answers (see
  ``forms.answers``), and so does every other change of it (submission, reopening, a deadline granted, the reply's
  language); a response made again gets a new id and creation time;
- the questionnaire: its ``content_revision`` (``questionnaire.models.revision``) for its texts and structure,
  its status for whether it can be answered;
- the State: its name.

Of the reader, the content takes only the interface language, the time zone and whether they may write on it
(the national users of the State: the language choice and the form's controls); everything else about them is
in the site's frame (header, messages, footer), rendered per request. So the content is kept under the page's
address, the language, the time zone and whether it is writable, stamped with every column of the three rows as
the reader may read them (``forms.replies.reply_version_or_404``: one statement, which also applies the access
rules, before anything kept is looked at), and drawn again while the stamp read now is the one it was kept with:
every expert of a State shares one rendering, every reviewer another. The request's own tokens (the CSRF token
and the kept-post token naming the person) are written into it per request (``forms.slots`` markers).

Only content showing the stored answers is kept (never a page showing a post, an error, a conflict or a post
kept over a sign-in), and never that of a reply a question to the State stands on (reviewers' questions change
without the response). The names of the people who last changed each answer are the one thing shown that no
stamp covers: a kept page lives at most ``KEPT_PAGE_SECONDS`` (a setting), so a renamed person's new name shows
within that time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Hashable

from flask import current_app, request
from flask_babel import get_locale, get_timezone
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from forms.pages import ClusterContent
from forms.replies import ReplyVersion
from forms.slots import Slotted, holds_marker, marker, slotted
from questionnaire.auth.kept_posts import page_token
from questionnaire.structure import kept_content

#: The slots of the request's tokens in a kept page's content.
CSRF_SLOT, KEPT_POST_SLOT = 0, 1


@dataclass(frozen=True)
class KeptPage:
    """A cluster page's content split at its tokens, with the page's title and whether it is writable."""

    title: str
    content: Slotted
    writable: bool
    kept_at: float  # ``time.monotonic()`` when it was kept


def cluster_content_through_kept(version: ReplyVersion, writable: bool, render: Callable[[], ClusterContent],
                                 keep: bool = True) -> ClusterContent:
    """A cluster page's content for this request: the one kept for this page while ``version`` is the one it was
    kept with (and it was kept less than ``KEPT_PAGE_SECONDS`` ago), with this request's tokens written in;
    otherwise ``render``'s, kept for the next requests when it shows only what is stored. ``keep`` False: neither
    looked up nor kept (a page showing a post kept over a sign-in)."""
    key, stamp = _page_key(writable), _page_stamp(version) if keep else None
    page = _kept_page(key, stamp)
    if page is not None:
        return _content_of(page)
    content = render()
    _keep_page(key, stamp, content)
    return content


def _page_key(writable: bool) -> Hashable:
    """Which page: its address, the interface language and time zone, and whether the reader may write on it
    (the only thing a page's content takes from its reader: see the module's docstring)."""
    return request.path, str(get_locale()), str(get_timezone()), writable


def _page_stamp(version: ReplyVersion) -> Hashable | None:
    """What the page's content is drawn from, as it stands now; None when the page is not to be kept (a question
    to the State stands on the reply)."""
    if version.asked or not current_app.config["KEPT_PAGES"]:
        return None
    return version.columns


def _kept_page(key: Hashable, stamp: Hashable | None) -> KeptPage | None:
    """The page kept under ``key`` with ``stamp`` less than ``KEPT_PAGE_SECONDS`` ago, if any."""
    if stamp is None:
        return None
    page = kept_content().pages.get(key, stamp)
    if page is None or time.monotonic() - page.kept_at > current_app.config["KEPT_PAGE_SECONDS"]:
        return None
    return page


def _tokens() -> dict[int, str]:
    """This request's tokens (the same ones the content rendered for it holds: each is made once a request)."""
    tokens = {KEPT_POST_SLOT: page_token()}
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        tokens[CSRF_SLOT] = generate_csrf()
    return tokens


def _keep_page(key: Hashable, stamp: Hashable | None, content: ClusterContent) -> None:
    """Keep ``content`` (rendered for this request) under ``stamp``, if it shows only what is stored and its
    text holds no marker of its own."""
    if stamp is None or not content.shows_stored_only:
        return
    html = str(content.html)
    if holds_marker(html):
        return
    for slot, token in _tokens().items():
        html = html.replace(token, marker(slot))
    split = slotted(html)
    if split is not None:  # always, the text holding no marker of its own
        page = KeptPage(content.title, split, content.writable, time.monotonic())
        kept_content().pages.put(key, stamp, page)


def _content_of(page: KeptPage) -> ClusterContent:
    """The kept page's content with this request's tokens in it."""
    tokens = _tokens()
    pieces = {slot: tokens.get(slot, "") for slot in (CSRF_SLOT, KEPT_POST_SLOT)}
    return ClusterContent(page.title, Markup(page.content.fill(pieces)), page.writable, True)
