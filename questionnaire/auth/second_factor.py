"""The second step of signing in: time-based one-time codes (TOTP, RFC 6238) and recovery codes.

A person enrols by scanning a QR code (drawn here as an inline SVG, no outside service) with an
authenticator app and typing one code; they then get ten one-time recovery codes, shown once and
stored only as hashes. A code is accepted for the current 30-second step or one step either side, and
never twice (the last step used is kept). Roles in ``MFA_REQUIRED_ROLES`` must enrol before using the app.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Iterable, Mapping

import pyotp
import segno
from sqlalchemy.orm import Session

from questionnaire.models import User, utcnow
from questionnaire.models.audit import record

ISSUER = "SOM Protocol self-assessment"
RECOVERY_CODES = 10
#: What a reset records as discarded when the person had begun to set up two-step sign-in and not finished.
UNFINISHED_ENROLMENT = "unfinished_enrolment"
_DRIFT_STEPS = 1


def required_roles(config: Mapping) -> set[str]:
    """The roles that must use a second factor (``MFA_REQUIRED_ROLES``: comma-separated or a list)."""
    value = config.get("MFA_REQUIRED_ROLES") or ""
    names: Iterable[str] = value.split(",") if isinstance(value, str) else value
    return {name.strip() for name in names if name and name.strip()}


def must_enrol(user: User, config: Mapping) -> bool:
    return user.role in required_roles(config) and not user.has_second_factor


def start_enrolment(db: Session, user: User) -> str:
    """The secret ``user`` is enrolling with: the pending one, else a new one (not yet in force)."""
    if user.has_second_factor:
        raise ValueError("already enrolled")
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        db.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code of ``uri`` as an SVG ``data:`` URI (the page's content security policy allows it)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_recovery_code() -> str:
    """Ten characters (about 50 random bits) shown as two groups of five."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def _normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _hash_recovery(code: str) -> str:
    # Recovery codes are 50 random bits, not passwords: one SHA-256 is enough to keep them unreadable.
    return hashlib.sha256(_normalize(code).encode("ascii")).hexdigest()


def _check_totp(user: User, code: str, now: float) -> bool:
    """Whether ``code`` is the TOTP of a step near ``now`` not used before; records the step used."""
    code = _normalize(code)
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(now)
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_counter is not None and step <= user.totp_last_counter:
                return False  # a code already used (or an older one): replayed
            user.totp_last_counter = step
            return True
    return False


def confirm_enrolment(db: Session, user: User, code: str, now: float | None = None) -> list[str] | None:
    """Put the pending secret in force when ``code`` matches it; returns the new recovery codes (to be
    shown once), or None for a wrong code."""
    if user.has_second_factor or not _check_totp(user, code, now or time.time()):
        return None
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    user.recovery_code_hashes = [_hash_recovery(code) for code in codes]
    user.totp_confirmed_at = utcnow()
    user.end_sessions()  # sessions opened before the second factor existed end
    record(db, user, "user.second_factor_enrol", f"user:{user.id}")
    db.flush()
    return codes


def verify(db: Session, user: User, code: str, now: float | None = None) -> str | None:
    """Check a code at sign-in: "totp" or "recovery" (that recovery code is then spent), or None."""
    if not user.has_second_factor:
        return None
    if _check_totp(user, code, now or time.time()):
        db.flush()
        return "totp"
    hashed = _hash_recovery(code)
    remaining = list(user.recovery_code_hashes or [])
    for stored in remaining:
        if hmac.compare_digest(stored, hashed):
            remaining.remove(stored)
            user.recovery_code_hashes = remaining
            record(db, user, "user.recovery_code_used", f"user:{user.id}", remaining=len(remaining))
            db.flush()
            return "recovery"
    return None


def reset(db: Session, actor: User, user: User) -> bool:
    """Remove ``user``'s second factor (a lost phone); they enrol again at their next sign-in where their
    role requires it. Ends their sessions; audited: two-step sign-in set up and now not, or a set-up begun and
    never finished discarded. Returns whether there was anything to remove."""
    if user.totp_secret is None and not user.recovery_code_hashes:
        return False
    had = user.has_second_factor
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_counter = None
    user.recovery_code_hashes = None
    user.end_sessions()
    if had:
        record(db, actor, "user.second_factor_reset", f"user:{user.id}", before={"enrolled": True},
               after={"enrolled": False})
    else:
        record(db, actor, "user.second_factor_reset", f"user:{user.id}", discarded=UNFINISHED_ENROLMENT)
    db.flush()
    return True
