"""Keeping what a person whose session ended posted to a cluster form, and showing it back after they
sign in.

A post is kept only when the form's signed token (``questionnaire.auth.kept_posts``) names its owner
and this page; it is capped in size (``KEPT_POST_MAX_BYTES``) and in number per person
(``KEPT_POSTS_PER_USER``: the newest replaces that person's oldest, so what they typed last is never
the one refused). The values are stored server-side under a random token carried in the sign-in
``next`` address and shown (never saved) on the same page, only to their owner, for two days.
"""
from __future__ import annotations

import json
import secrets
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from questionnaire.auth import kept_posts
from questionnaire.db import get_session
from questionnaire.models import PendingPost, User, utcnow

KEEP_FOR = timedelta(days=2)
_NOT_KEPT = {"csrf_token", kept_posts.FIELD}
#: Fields kept only from the endpoint that gives them a meaning: the reply's language goes with every post of a
#: cluster page's form (its choice belongs to the form), but is asked for only by "Change the language".
_KEPT_ONLY_FROM = {"language": "forms.save_and_choose_language"}
#: What the endpoints posting a cluster page's form add to the page's address (a kept post belongs to the page).
_AFTER_PAGE = {"forms.autosave": "/autosave", "forms.save_and_choose_language": "/language"}


def stash_posted_form() -> str | None:
    """Keep the current POST (a cluster form) for the person its token names; the page to reopen with
    it after signing in, or None when nothing was kept (no valid token, too large, owner inactive)."""
    path = request.path.removesuffix(_AFTER_PAGE.get(request.endpoint or "", ""))
    owner_id = kept_posts.token_owner(request.form.get(kept_posts.FIELD), path)
    if owner_id is None:
        return None
    fields = {name: request.form.getlist(name) for name in request.form.keys()
              if name not in _NOT_KEPT and _KEPT_ONLY_FROM.get(name, request.endpoint) == request.endpoint}
    if not fields:
        return None
    size = len(json.dumps(fields, ensure_ascii=False).encode("utf-8"))
    if size > current_app.config["KEPT_POST_MAX_BYTES"]:
        return None
    db = get_session()
    owner = db.get(User, owner_id)
    if owner is None or not owner.active:
        return None
    token = keep(db, owner, path, fields, size)
    db.commit()
    return f"{path}?restore={token}"


def keep(db: Session, owner: User, path: str, fields: dict[str, list[str]], size: int) -> str:
    """Store ``fields`` for ``owner`` (dropping expired posts, and this person's oldest beyond the
    limit); returns the random token that reaches them."""
    db.execute(delete(PendingPost).where(PendingPost.created_at < utcnow() - KEEP_FOR))
    limit = int(current_app.config["KEPT_POSTS_PER_USER"])
    kept = db.scalar(select(func.count()).select_from(PendingPost).where(PendingPost.user_id == owner.id)) or 0
    if kept >= limit:
        oldest = select(PendingPost.id).where(PendingPost.user_id == owner.id)
        oldest = oldest.order_by(PendingPost.created_at, PendingPost.id).limit(kept - limit + 1)
        db.execute(delete(PendingPost).where(PendingPost.id.in_(list(db.scalars(oldest)))))
    token = secrets.token_urlsafe(24)
    db.add(PendingPost(token=token, user_id=owner.id, path=path, fields=fields, size=size, created_at=utcnow()))
    db.flush()
    return token


def pending_form(db: Session, token: str | None, path: str, user_id: int) -> MultiDict | None:
    """The values kept under ``token`` for page ``path`` and the signed-in ``user_id``, or None."""
    if not token:
        return None
    pending = db.scalar(select(PendingPost).where(PendingPost.token == token))
    if pending is None or pending.path != path or pending.created_at < utcnow() - KEEP_FOR:
        return None
    if pending.user_id != user_id:
        return None
    return MultiDict([(name, value) for name, values in pending.fields.items() for value in values])
