"""People: accounts, their role and, for national roles, their State."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String
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

    @property
    def is_national(self) -> bool:
        """National roles belong to one State and see only its data."""
        return self in (Role.FOCAL_POINT, Role.EXPERT)


_national_sql = ", ".join(f"'{role.value}'" for role in Role if role.is_national)


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
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(DateTime)

    state: Mapped[Optional[State]] = relationship(lazy="joined")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

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
