"""Who may sign in: passwords checked in constant-looking time, failures throttled per account.

Per account, failures are counted in the database (so the count holds across workers and machines):
after ``LOGIN_FREE_ATTEMPTS`` each further failure makes the account wait before the next attempt (1 s,
then doubling; a wrong password during the wait counts too); at ``LOGIN_LOCK_AFTER`` failures it is
locked for ``LOGIN_LOCK_MINUTES`` (attempts during the lock are refused and audited but not counted, so
the lock ends on time). While an account waits or is locked, even the right password is refused, with
the same answer as a wrong one.
An unknown e-mail costs the same password check (against a dummy hash) and gets the same answer, so
neither the page nor its timing tells whether an account exists. The per-address rate limit is the
route's (Flask-Limiter).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from questionnaire.models import User, utcnow
from questionnaire.models.audit import record


@dataclass(frozen=True)
class Throttle:
    free_attempts: int = 4
    lock_after: int = 10
    lock_minutes: int = 15

    @classmethod
    def from_config(cls, config: Mapping) -> "Throttle":
        return cls(int(config["LOGIN_FREE_ATTEMPTS"]), int(config["LOGIN_LOCK_AFTER"]), int(config["LOGIN_LOCK_MINUTES"]))

    def wait_after(self, failures: int) -> timedelta | None:
        """How long an account with ``failures`` consecutive failures must wait; None for no wait."""
        if failures >= self.lock_after:
            return timedelta(minutes=self.lock_minutes)
        if failures > self.free_attempts:
            return timedelta(seconds=2 ** (failures - self.free_attempts - 1))
        return None


@dataclass(frozen=True)
class Attempt:
    """The outcome of one sign-in attempt; only ``user`` (set when it may go on) may be shown to anyone."""

    user: User | None
    account: User | None
    reason: str  # ok, unknown, password, inactive, locked


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("an account that does not exist")


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def is_waiting(user: User, now: datetime) -> bool:
    """Whether ``user`` must wait before the next attempt (a delay or a lock)."""
    return user.locked_until is not None and user.locked_until > now


def is_locked(user: User, throttle: Throttle, now: datetime) -> bool:
    """Whether ``user`` is locked: attempts are then refused without counting, so the lock ends on time.
    (During a shorter delay a wrong password still counts, so hammering reaches the lock.)"""
    return is_waiting(user, now) and (user.failed_logins or 0) >= throttle.lock_after


def check_password(db: Session, email: str, password: str, throttle: Throttle, now: datetime | None = None) -> Attempt:
    """Check ``password`` for the account of ``email``, counting a failure against the account.

    Failures are recorded in the audit log (flushed with ``db``; the caller commits either way).
    """
    now = now or utcnow()
    email = normalize_email(email)
    account = db.scalar(select(User).where(User.email == email))
    if account is None:
        check_password_hash(_dummy_hash(), password)
        record(db, None, "user.login_failed", f"email:{email}"[:200], reason="unknown")
        return Attempt(None, None, "unknown")
    right = account.check_password(password)  # checked even while locked: the same time either way
    if is_locked(account, throttle, now) or (right and is_waiting(account, now)):
        record(db, account, "user.login_failed", f"user:{account.id}", reason="locked",
               locked_until=account.locked_until.isoformat(timespec="seconds"))
        return Attempt(None, account, "locked")
    if not right:
        count_failure(db, account, throttle, now, reason="password")
        return Attempt(None, account, "password")
    if not account.active:
        record(db, account, "user.login_failed", f"user:{account.id}", reason="inactive")
        return Attempt(None, account, "inactive")
    return Attempt(account, account, "ok")


def count_failure(db: Session, account: User, throttle: Throttle, now: datetime, reason: str) -> None:
    """One more failure for ``account`` (a wrong password or second-factor code): audited, and the
    account made to wait or locked when the count calls for it."""
    account.failed_logins = (account.failed_logins or 0) + 1
    record(db, account, "user.login_failed", f"user:{account.id}", reason=reason, failures=account.failed_logins)
    wait = throttle.wait_after(account.failed_logins)
    if wait is not None:
        account.locked_until = now + wait
        if account.failed_logins >= throttle.lock_after:
            record(db, account, "user.locked", f"user:{account.id}", failures=account.failed_logins,
                   until=account.locked_until.isoformat(timespec="seconds"))
    db.flush()


def complete_sign_in(db: Session, user: User) -> None:
    """Record a completed sign-in (password and, where enrolled, second factor): failures forgotten."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    record(db, user, "user.login", f"user:{user.id}")
    db.flush()


def unlock(db: Session, actor: User, user: User) -> bool:
    """Let a locked or waiting account sign in again at once; returns whether anything changed."""
    if not user.failed_logins and user.locked_until is None:
        return False
    before = {"failed_logins": user.failed_logins,
              "locked_until": user.locked_until.isoformat(timespec="seconds") if user.locked_until else None}
    user.failed_logins = 0
    user.locked_until = None
    record(db, actor, "user.unlock", f"user:{user.id}", before=before,
           after={"failed_logins": 0, "locked_until": None})
    db.flush()
    return True


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to after signing in, or None for anything else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
