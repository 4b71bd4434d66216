"""States and other participants: UN member States, non-member States and regional economic integration
organizations (the European Union), with their UN regional group where they have one.

Whether one is a party to an instrument is not stored here but in ``Participation`` (see
``questionnaire.models.participants``): the status in force, with its source and "as at" date."""
from __future__ import annotations

from typing import Optional

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

#: The group shown for a regional economic integration organization, in monitoring and exports.
ORGANIZATION_GROUP = "Regional economic integration organization"
#: The group shown for a non-member State that belongs to no UN regional group.
NO_GROUP = "No UN regional group"
#: Every group a participant can be listed under, in the order pages and workbooks show them.
LISTED_GROUPS: tuple[str, ...] = REGIONAL_GROUPS + (ORGANIZATION_GROUP, NO_GROUP)


def group_of(regional_group: str | None, kind: str) -> str:
    """The group a participant is listed under (see ``LISTED_GROUPS``), from its columns."""
    if regional_group:
        return regional_group
    return ORGANIZATION_GROUP if kind == "organization" else NO_GROUP


class State(Base):
    __tablename__ = "states"
    __table_args__ = (
        CheckConstraint(f"regional_group IN ({_groups_sql})", name="regional_group_known"),
        CheckConstraint("length(iso3) = 3", name="iso3_three_letters"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    #: One of REGIONAL_GROUPS; None for an organization and a non-member State outside the groups.
    regional_group: Mapped[Optional[str]] = mapped_column(String(60))
    #: The old party flag of the Smuggling of Migrants Protocol, kept in step for a downgrade only: nothing
    #: reads it. The status in force is the ``Participation`` record (``models.participants.parties``).
    legacy_som_party: Mapped[bool] = mapped_column("som_party", Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20), default="member_state", server_default="member_state")

    @property
    def has_iso3(self) -> bool:
        """Whether ``iso3`` is an ISO 3166 code (an organization's is only the code used in addresses)."""
        return self.kind != "organization"

    @property
    def group(self) -> str:
        """The group it is listed under: its UN regional group, or the organizations' or no group."""
        return group_of(self.regional_group, self.kind)

    def __repr__(self) -> str:
        return f"<State {self.iso3}>"
