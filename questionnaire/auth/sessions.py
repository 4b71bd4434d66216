"""Sessions that end on the server, not only in the browser.

The session cookie is signed but kept by the browser, so it cannot be deleted from the server. Each
cookie therefore carries the user's ``session_version`` at sign-in and when it was last used; a cookie
is honoured only while both still hold. Raising the version (``User.end_sessions``: signing out,
"sign out everywhere", a new password, a new role or State, deactivation, reactivation, a reset second
factor) ends every session of that person at once, on every worker and machine, because the version
lives in the database. A replayed cookie, however well signed, carries an old version and is refused.
"""
from __future__ import annotations

import time

from flask import current_app, session
from sqlalchemy.orm import Session

from questionnaire.models import User

USER = "user_id"
VERSION = "session_version"
SEEN = "seen"
_REFRESH_SEEN_AFTER = 60  # seconds: the idle clock need not rewrite the cookie on every request


def session_fields(user: User, now: float | None = None) -> dict[str, int]:
    """What a signed-in session cookie holds for ``user``."""
    return {USER: user.id, VERSION: user.session_version, SEEN: int(now if now is not None else time.time())}


def start_session(user: User) -> None:
    """A fresh session for ``user`` (nothing kept from before signing in but the language: the person's
    own one if they chose one, else the one chosen in this browser before signing in)."""
    language = user.locale or session.get("lang")
    session.clear()
    session.permanent = True
    session.update(session_fields(user))
    if language:
        session["lang"] = language


def idle_timeout_seconds() -> int:
    return int(current_app.config["IDLE_TIMEOUT_MINUTES"] * 60)


def session_user(db: Session) -> tuple[User | None, str | None]:
    """``(user, None)`` for a live session, ``(None, why)`` after clearing one that ended ("idle",
    "ended"), ``(None, None)`` when nobody was signed in."""
    user_id = session.get(USER)
    if user_id is None:
        return None, None
    user = db.get(User, user_id) if isinstance(user_id, int) else None
    now = time.time()
    seen = session.get(SEEN)
    if user is None or not user.active or session.get(VERSION) != user.session_version:
        session.clear()
        return None, "ended"
    if not isinstance(seen, (int, float)) or now - seen > idle_timeout_seconds():
        session.clear()
        return None, "idle"
    if now - seen >= _REFRESH_SEEN_AFTER:
        session[SEEN] = int(now)
    return user, None


def end_all_sessions(user: User) -> None:
    """End every session of ``user`` (this one included) and clear this browser's cookie."""
    user.end_sessions()
    session.clear()


def keep_this_session(user: User) -> None:
    """After ``user`` ended their other sessions themselves, let the current one go on."""
    session[VERSION] = user.session_version
