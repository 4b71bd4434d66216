"""Who may sign in, and where a person may be sent back to after signing in."""
from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import User


def authenticate(db: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (the caller must not say which part failed)."""
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None for anything else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
