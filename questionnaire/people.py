"""Accounts: creating and changing users, with the rules on roles and States."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.i18n import _
from questionnaire.models import Role, State, User
from questionnaire.models.audit import record


class PeopleError(ValueError):
    """A user could not be created or changed; ``str()`` is the message to show."""


def resolve_role_and_state(db: Session, role: str, iso3: str | None) -> tuple[Role, State | None]:
    """The role and State for an account; raises ``PeopleError`` for an unknown role or State,
    a national role without a State, or a State given to a role that has none."""
    try:
        role_enum = Role(role)
    except ValueError:
        raise PeopleError(
            _("Unknown role %(role)s; use one of %(roles)s.", role=role, roles=", ".join(r.value for r in Role))
        ) from None
    state = None
    if iso3:
        state = db.scalar(select(State).where(State.iso3 == iso3.strip().upper()))
        if state is None:
            raise PeopleError(_("Unknown State %(code)s; give its ISO 3166 alpha-3 code.", code=iso3))
    if role_enum.is_national and state is None:
        raise PeopleError(_("A %(role)s belongs to a State: give its code.", role=role_enum.value))
    if not role_enum.is_national and state is not None:
        raise PeopleError(_("A %(role)s does not belong to a State.", role=role_enum.value))
    return role_enum, state


def create_user(
    db: Session, actor: User | None, *, email: str, name: str, role: str, iso3: str | None, password: str
) -> User:
    """Create an active account; raises ``PeopleError`` for a taken e-mail or a bad role/State."""
    email = email.strip().lower()
    if not email or "@" not in email:
        raise PeopleError(_("Enter a valid e-mail address."))
    if not name.strip():
        raise PeopleError(_("Enter the person's name."))
    if len(password) < 8:
        raise PeopleError(_("Use a password of at least 8 characters."))
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        raise PeopleError(_("An account with the e-mail %(email)s exists already.", email=email))
    role_enum, state = resolve_role_and_state(db, role, iso3)
    user = User(email=email, name=name.strip(), role=role_enum.value, state=state, active=True)
    user.set_password(password)
    db.add(user)
    db.flush()
    record(db, actor, "user.create", f"user:{user.id}", after={"email": email, "role": role_enum.value, "state": state.iso3 if state else None})
    return user
