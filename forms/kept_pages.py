"""Cluster pages showing the stored answers, kept by each app worker while nothing they show has changed.

A cluster page is read far more often than its reply changes: people move between clusters, come back, reload,
reviewers read. What the page's content shows (``forms/_cluster_content.html``) comes from four rows read on
every request anyway (the State, the questionnaire, the State's response and the reader) and from what each of
them versions:

- the answers: every save raises the response's ``lock_version`` in the transaction that writes them (see
  ``forms.answers``), and so does every other change of the response (submission, reopening, a deadline granted,
  the reply's language); a response made again gets a new id and creation time;
- the questionnaire's texts and structure: its ``content_revision`` (``questionnaire.models.revision``), and its
  status says whether it can be answered;
- the State's name, the reader's role, State and language: their rows and the request's interface language.

So the content is kept under the reader and the page's address, stamped with every column of those four rows,
and drawn again into the site's frame (header, messages, footer: rendered per request) while the stamp read now
is the stamp it was kept with. The request's own tokens (the CSRF token and the kept-post token) are written
into it per request (``forms.slots`` markers). Only content showing the stored answers is kept (never a page
showing a post, an error, a conflict or a post kept over a sign-in), and never that of a reply a question to
the State stands on (reviewers' questions change without the response). The names of the people who last
changed each answer are the one thing shown that no stamp covers: a kept page lives at most
``KEPT_PAGE_SECONDS`` (a setting), so a renamed person's new name shows within that time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Hashable

from flask import current_app, request
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import inspect

from forms.pages import ClusterContent
from forms.slots import Slotted, holds_marker, marker, slotted
from questionnaire.auth.kept_posts import page_token
from questionnaire.models import User
from questionnaire.structure import Kept

#: The slots of the request's tokens in a kept page's content.
CSRF_SLOT, KEPT_POST_SLOT = 0, 1


@dataclass(frozen=True)
class KeptPage:
    """A cluster page's content split at its tokens, with the page's title and whether it is writable."""

    title: str
    content: Slotted
    writable: bool


def _kept_pages() -> Kept:
    kept = current_app.extensions.get("forms.kept_pages")
    if kept is None:
        kept = current_app.extensions.setdefault("forms.kept_pages", Kept(current_app.config["KEPT_PAGES"]))
    return kept


def _columns(row: Any) -> tuple[Any, ...]:
    """Every column's value of a mapped row (None: no row)."""
    if row is None:
        return ()
    return tuple(getattr(row, attribute.key) for attribute in inspect(type(row)).column_attrs)


def page_key(user: User) -> Hashable:
    """Whose page, at which address, in which interface language."""
    return user.id, request.path, str(get_locale())


def page_stamp(user: User, reply_version: tuple[Any, ...]) -> Hashable | None:
    """What the page's content is drawn from, as it stands now (``reply_version``: see
    ``forms.replies.reply_version_or_404``); None when the page is not to be kept (a question to the State
    stands on the reply)."""
    asked = reply_version[-1]
    if asked or not current_app.config["KEPT_PAGES"]:
        return None
    seconds = current_app.config["KEPT_PAGE_SECONDS"]
    return _columns(user), reply_version, int(time.time() // seconds) if seconds else None


def kept_page(user: User, stamp: Hashable | None) -> KeptPage | None:
    """The page kept for this request's reader and address with ``stamp``, if any."""
    if stamp is None:
        return None
    return _kept_pages().get(page_key(user), stamp)


def _tokens() -> dict[int, str]:
    """This request's tokens (the same ones the content rendered for it holds: each is made once a request)."""
    tokens = {KEPT_POST_SLOT: page_token()}
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        tokens[CSRF_SLOT] = generate_csrf()
    return tokens


def keep_page(user: User, stamp: Hashable | None, content: ClusterContent) -> None:
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
        _kept_pages().put(page_key(user), stamp, KeptPage(content.title, split, content.writable))


def content_of(page: KeptPage) -> ClusterContent:
    """The kept page's content with this request's tokens in it."""
    tokens = _tokens()
    pieces = {slot: tokens.get(slot, "") for slot in (CSRF_SLOT, KEPT_POST_SLOT)}
    return ClusterContent(page.title, Markup(page.content.fill(pieces)), page.writable, True)

