"""Accounts: creating and changing users, with the rules on roles and States.

Every change is audited with what the account looked like before and after it; passwords are only ever
stored hashed (a generated one is returned once, for the caller to show).
"""
from __future__ import annotations

import re
import secrets
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.auth.passwords import queue_invitation
from questionnaire.mail.outbox import queue_mail
from questionnaire.navigation import role_label
from questionnaire.models import Role, State, User
from questionnaire.models.audit import record

MIN_PASSWORD_LENGTH = 8
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class PeopleError(ValueError):
    """A user could not be created or changed; ``str()`` is the message to show and ``field`` (if
    known) names the form field it belongs beside: email, name, role or state."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def generate_password() -> str:
    """A new random password (16 URL-safe characters, about 96 bits)."""
    return secrets.token_urlsafe(12)


def normalize_email(email: str) -> str:
    """The e-mail as stored (trimmed, lower case); raises ``PeopleError`` unless it looks like one."""
    email = (email or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise PeopleError(_("Enter a valid e-mail address."), "email")
    return email


def resolve_role_and_state(db: Session, role: str, iso3: str | None) -> tuple[Role, State | None]:
    """The role and State for an account; raises ``PeopleError`` for an unknown role or State,
    a national role without a State, or a State given to a role that has none."""
    try:
        role_enum = Role(role)
    except ValueError:
        raise PeopleError(
            _("Unknown role %(role)s; use one of %(roles)s.", role=role, roles=", ".join(r.value for r in Role)),
            "role",
        ) from None
    state = None
    if iso3:
        state = db.scalar(select(State).where(State.iso3 == iso3.strip().upper()))
        if state is None:
            raise PeopleError(_("Unknown State %(code)s; give its ISO 3166 alpha-3 code.", code=iso3), "state")
    if role_enum.has_state and state is None:
        raise PeopleError(_("The role %(role)s belongs to a State: choose one.", role=role_label(role_enum.value)), "state")
    if not role_enum.has_state and state is not None:
        raise PeopleError(_("The role %(role)s does not belong to a State: leave the State empty.", role=role_label(role_enum.value)), "state")
    return role_enum, state


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise PeopleError(_("Enter the person's name."), "name")
    if len(name) > 200:
        raise PeopleError(_("Use a name of at most 200 characters."), "name")
    return name


def _require_free_email(db: Session, email: str, user: User | None = None) -> None:
    owner = db.scalar(select(User.id).where(User.email == email))
    if owner is not None and (user is None or owner != user.id):
        raise PeopleError(_("An account with the e-mail %(email)s exists already.", email=email), "email")


def snapshot(user: User) -> dict[str, Any]:
    """What the audit trail keeps of an account (never its password)."""
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "state": user.state.iso3 if user.state else None,
        "active": user.active,
        "locale": user.locale,
    }


def _known_locale(locale: str | None) -> str | None:
    """``locale`` if it is an interface language, None for "follow the browser"; PeopleError otherwise."""
    from questionnaire.locale import LANGUAGE_NAMES

    if not locale:
        return None
    if locale not in LANGUAGE_NAMES:
        raise PeopleError(_("Choose one of the languages offered."), "locale")
    return locale


def create_user(
    db: Session, actor: User | None, *, email: str, name: str, role: str, iso3: str | None,
    password: str | None = None, locale: str | None = None,
) -> User:
    """Create an active account; raises ``PeopleError`` for a bad or taken e-mail, a missing name, a
    short password or a bad role/State. Nothing is added to ``db`` unless everything is valid.

    Without ``password`` the person is invited: the account has no usable password and an e-mail with a
    single-use link to choose one is queued in the same transaction."""
    email = normalize_email(email)
    name = _clean_name(name)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise PeopleError(_("Use a password of at least 8 characters."), "password")
    _require_free_email(db, email)
    role_enum, state = resolve_role_and_state(db, role, iso3)
    user = User(email=email, name=name, role=role_enum, state=state, active=True, password_hash="",
                locale=_known_locale(locale))
    if password is not None:
        user.set_password(password)
    db.add(user)
    db.flush()
    after = snapshot(user)
    record(db, actor, "user.create", f"user:{user.id}", after={k: after[k] for k in ("email", "role", "state")})
    if password is None:
        queue_invitation(db, actor, user)
    return user


def resend_invitation(db: Session, actor: User, user: User) -> None:
    """Send the person a new link to choose their password (links sent before keep working until one is
    used). Raises ``PeopleError`` for a deactivated account."""
    if not user.active:
        raise PeopleError(_("Reactivate the account before inviting the person again."))
    queue_invitation(db, actor, user)


def update_user(
    db: Session, actor: User, user: User, *, email: str, name: str, role: str, iso3: str | None,
    locale: str | None = ...,  # type: ignore[assignment]
) -> bool:
    """Change an account's e-mail, name, role, State and (when given) interface language; returns whether
    anything changed.

    Raises ``PeopleError`` (changing nothing) for a bad or taken e-mail, a missing name, a bad
    role/State, or a secretariat user taking away their own secretariat role.
    """
    email = normalize_email(email)
    name = _clean_name(name)
    _require_free_email(db, email, user)
    role_enum, state = resolve_role_and_state(db, role, iso3)
    if actor.id == user.id and role_enum is not Role.SECRETARIAT and user.has_role(Role.SECRETARIAT):
        raise PeopleError(_("You cannot take away your own secretariat role: ask another secretariat member."), "role")
    new_locale = user.locale if locale is ... else _known_locale(locale)
    before = snapshot(user)
    user.email, user.name, user.role, user.state, user.locale = email, name, role_enum, state, new_locale
    after = snapshot(user)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return False
    if {"role", "state"} & set(changed):
        user.end_sessions()  # what the person may see changed: their open sessions end
    record(
        db, actor, "user.update", f"user:{user.id}",
        before={key: before[key] for key in changed}, after={key: after[key] for key in changed},
    )
    db.flush()
    return True


def set_active(db: Session, actor: User, user: User, active: bool) -> bool:
    """Deactivate or reactivate an account; returns whether it changed. A deactivated person cannot
    sign in and is signed out on their next request; sessions from before a reactivation stay ended. Raises ``PeopleError`` when ``actor`` would
    deactivate themselves."""
    if not active and actor.id == user.id:
        raise PeopleError(_("You cannot deactivate your own account."))
    if user.active == active:
        return False
    user.active = active
    user.end_sessions()  # a deactivated person's cookies never come back to life on reactivation
    if not active:
        queue_mail(db, user, "account_deactivated", lambda: _("Your account is deactivated"))
    record(
        db, actor, "user.reactivate" if active else "user.deactivate", f"user:{user.id}",
        before={"active": not active}, after={"active": active},
    )
    db.flush()
    return True


def reset_password(db: Session, actor: User | None, user: User) -> str:
    """Give ``user`` a new generated password and return it (to be shown once; only its hash is kept).
    Every session opened with the old password ends."""
    password = generate_password()
    user.set_password(password)
    record(db, actor, "user.password_reset", f"user:{user.id}")
    db.flush()
    return password


def list_users(
    db: Session, *, role: str | None = None, iso3: str | None = None, active: bool | None = None
) -> list[User]:
    """Accounts sorted by name (then e-mail), optionally only one role, one State's, active or not;
    one query (the State is joined)."""
    query = select(User).order_by(User.name, User.email)
    if role:
        query = query.where(User.role == role)
    if iso3:
        query = query.where(User.state.has(State.iso3 == iso3))
    if active is not None:
        query = query.where(User.active == active)
    return list(db.scalars(query).unique())
