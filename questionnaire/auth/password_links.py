"""Links that let a person choose their password: invitations and resets, single-use and expiring.

A link carries a token signed with the app's secret key (itsdangerous, its own salt) naming the person,
the purpose and the person's ``session_version`` when it was made. Choosing a password raises that
version (``User.set_password``), so a used link, and every other link made before, stops working; so do
signing out everywhere and deactivation. Nothing secret is in the token: it only names the account.
"""
from __future__ import annotations

import enum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from questionnaire.models import User

_SALT = "questionnaire.password-link"


class Purpose(enum.StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class LinkRefused(Exception):
    """The link cannot be used; ``reason`` is one of: tampered, expired, used, inactive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _max_age(purpose: Purpose) -> int:
    hours = current_app.config["INVITATION_HOURS" if purpose is Purpose.INVITATION else "PASSWORD_RESET_HOURS"]
    return int(float(hours) * 3600)


def issue(user: User, purpose: Purpose) -> str:
    """A token for ``user`` to choose a password (flush first: the user needs an id)."""
    return _serializer().dumps({"u": user.id, "v": user.session_version, "p": str(purpose)})


def resolve(db: Session, token: str) -> tuple[User, Purpose]:
    """The account and purpose of a valid token; raises LinkRefused otherwise."""
    try:
        claims = _serializer().loads(token, max_age=None)
        purpose = Purpose(claims["p"])
        _serializer().loads(token, max_age=_max_age(purpose))
    except SignatureExpired:
        raise LinkRefused("expired") from None
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused("tampered") from None
    user = db.get(User, claims["u"]) if isinstance(claims.get("u"), int) else None
    if user is None:
        raise LinkRefused("tampered")
    if not user.active:
        raise LinkRefused("inactive")
    if claims.get("v") != user.session_version:
        raise LinkRefused("used")
    return user, purpose
