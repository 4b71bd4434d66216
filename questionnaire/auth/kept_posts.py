"""Signed tokens that let a post be kept for after sign-in, and only for the person it names.

An answer form carries a token signed with the app's secret key (itsdangerous, separate from the
session cookie) naming the person the form was rendered for and the page it belongs to. When that
person's session has ended by the time they post, the post is kept for them only if the token is
valid, unexpired and made for that page; the kept values are shown back only to that person after
they sign in, and never saved without them pressing Save again. Without a valid token nothing is kept.
"""
from __future__ import annotations

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

FIELD = "kept_post_token"
_SALT = "questionnaire.kept-post"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_token(user_id: int, path: str) -> str:
    """A token for the form on ``path`` rendered for ``user_id``."""
    return _serializer().dumps({"user": user_id, "path": path})


def page_token() -> str:
    """The token of this request's page for its signed-in person: made once a request, so every form of the
    page carries the same one."""
    token = g.get("kept_post_token")
    if token is None:
        token = g.kept_post_token = issue_token(g.user.id, request.path)
    return token


def token_owner(token: str | None, path: str) -> int | None:
    """The user a valid, unexpired token for ``path`` names, or None for a missing, forged, expired or
    other-page token."""
    if not token:
        return None
    max_age = int(current_app.config["KEPT_POST_TOKEN_HOURS"] * 3600)
    try:
        claims = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not isinstance(claims, dict) or claims.get("path") != path or not isinstance(claims.get("user"), int):
        return None
    return claims["user"]
