"""Keeping what a signed-out person posted to a cluster form, and showing it back after they sign in.

The values are stored server-side under a random token carried in the sign-in ``next`` address; they
are shown (never saved) on the same page, only to the person the form was rendered for, for two days.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from questionnaire.db import get_session
from questionnaire.models import PendingPost, utcnow

KEEP_FOR = timedelta(days=2)
OWNER_FIELD = "answering_user"
_NOT_KEPT = {"csrf_token"}


def stash_posted_form() -> str | None:
    """Store the current POST (a cluster form) and return the page to reopen with it after signing in."""
    if not request.form:
        return None
    db = get_session()
    db.execute(delete(PendingPost).where(PendingPost.created_at < utcnow() - KEEP_FOR))
    token = secrets.token_urlsafe(24)
    fields = {name: request.form.getlist(name) for name in request.form.keys() if name not in _NOT_KEPT}
    path = request.path.removesuffix("/autosave")
    db.add(PendingPost(token=token, path=path, fields=fields))
    db.commit()
    return f"{path}?restore={token}"


def pending_form(db: Session, token: str | None, path: str, user_id: int) -> MultiDict | None:
    """The values kept under ``token`` for page ``path`` and the signed-in ``user_id``, or None."""
    if not token:
        return None
    pending = db.scalar(select(PendingPost).where(PendingPost.token == token))
    if pending is None or pending.path != path or pending.created_at < utcnow() - KEEP_FOR:
        return None
    if pending.fields.get(OWNER_FIELD) != [str(user_id)]:
        return None
    return MultiDict([(name, value) for name, values in pending.fields.items() for value in values])
