"""People: accounts, their role and, for national roles, their State."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from questionnaire.db import Base, stored_enum
from questionnaire.models.states import State
from questionnaire.models.timeutil import utcnow


class Role(enum.StrEnum):
    SECRETARIAT = "secretariat"
    FOCAL_POINT = "focal_point"
    EXPERT = "expert"
    REVIEWER = "reviewer"
    DELEGATE = "delegate"

    @property
    def is_national(self) -> bool:
        """National roles belong to one State and see only its data."""
        return self in (Role.FOCAL_POINT, Role.EXPERT)

    @property
    def has_state(self) -> bool:
        """Roles that belong to one State: the national roles, and delegates (who take part in
        consultations for their State but never read its replies)."""
        return self.is_national or self is Role.DELEGATE


_national_sql = ", ".join(f"'{role.value}'" for role in Role if role.has_state)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            f"(role IN ({_national_sql})) = (state_id IS NOT NULL)", name="state_iff_national"
        ),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role_known"))
    state_id: Mapped[Optional[int]] = mapped_column(ForeignKey("states.id"), index=True)
    # The person's language (a code of LANGUAGES) for pages and mail; None: follow the browser (pages) or
    # the default language (mail).
    locale: Mapped[Optional[str]] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # Sign-in throttling: failures since the last success, and when the next attempt is allowed.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[Optional[datetime]] = mapped_column(DateTime)
    # Every session cookie carries the version it was issued under; raising it ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Second factor (TOTP): the secret counts only once confirmed; recovery codes are kept hashed.
    totp_secret: Mapped[Optional[str]] = mapped_column(String(64))
    totp_confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    totp_last_counter: Mapped[Optional[int]] = mapped_column(Integer)
    recovery_code_hashes: Mapped[Optional[list[str]]] = mapped_column(JSON)

    state: Mapped[Optional[State]] = relationship(lazy="joined")

    def set_password(self, password: str) -> None:
        """Store ``password`` hashed; every session opened with the old one ends."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """End every session of this person, on every device (their cookies stop working)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @validates("role")
    def _known_role(self, _key: str, role: str) -> Role:
        """A member of Role whether given as one or as its value; ValueError otherwise."""
        return Role(role)

    @property
    def is_national(self) -> bool:
        return self.role.is_national

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
