"""States: UN member States, their regional group and whether they are parties to the Protocol."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from questionnaire.db import Base

REGIONAL_GROUPS: tuple[str, ...] = (
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States",
    "Western European and other States",
)

_groups_sql = ", ".join(f"'{group}'" for group in REGIONAL_GROUPS)

#: What a participant is: a UN member State, a non-member State, or a regional economic integration
#: organization (the European Union: no ISO code of its own, no UN regional group).
PARTICIPANT_KINDS: tuple[str, ...] = ("member_state", "non_member_state", "organization")


class State(Base):
    __tablename__ = "states"
    __table_args__ = (
        CheckConstraint(f"regional_group IN ({_groups_sql})", name="regional_group_known"),
        CheckConstraint("length(iso3) = 3", name="iso3_three_letters"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    regional_group: Mapped[str] = mapped_column(String(60))
    #: Mirrors the status in force in the Smuggling of Migrants Protocol (see ``Participation``).
    som_party: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20), default="member_state", server_default="member_state")

    @property
    def has_iso3(self) -> bool:
        """Whether ``iso3`` is an ISO 3166 code (an organization's is only the code used in addresses)."""
        return self.kind != "organization"

    def __repr__(self) -> str:
        return f"<State {self.iso3}>"
