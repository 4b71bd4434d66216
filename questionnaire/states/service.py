"""States parties: which UN member States are parties to the Protocol, and changing that (audited)."""
from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import REGIONAL_GROUPS, State, User
from questionnaire.models.audit import record


class PartiesError(ValueError):
    """The party flags could not be saved; ``str()`` is the message to show."""


def list_states(db: Session, *, group: str | None = None, party: bool | None = None) -> list[State]:
    """States sorted by name, optionally one regional group's and parties or non-parties only (one query)."""
    query = select(State).order_by(State.name)
    if group:
        query = query.where(State.regional_group == group)
    if party is not None:
        query = query.where(State.som_party == party)
    return list(db.scalars(query))


def set_parties(db: Session, actor: User, listed: Iterable[str], parties: Iterable[str]) -> list[State]:
    """Make exactly ``parties`` among the ``listed`` States parties; returns the States that changed.

    Only listed States are touched (a filtered page saves only what it showed). Each change is audited
    with before and after. Raises ``PartiesError`` (changing nothing) for an unknown ISO3 code or a
    party that was not listed.
    """
    listed_codes = {code.strip().upper() for code in listed if code.strip()}
    party_codes = {code.strip().upper() for code in parties if code.strip()}
    if party_codes - listed_codes:
        raise PartiesError(_("Only the States shown on the page can be changed."))
    states = list(db.scalars(select(State).where(State.iso3.in_(listed_codes)).order_by(State.name)))
    unknown = listed_codes - {state.iso3 for state in states}
    if unknown:
        raise PartiesError(_("Unknown State codes: %(codes)s.", codes=", ".join(sorted(unknown))))
    changed = [state for state in states if state.som_party != (state.iso3 in party_codes)]
    for state in changed:
        state.som_party = not state.som_party
        record(
            db, actor, "state.party", f"state:{state.iso3}",
            before={"som_party": not state.som_party}, after={"som_party": state.som_party},
        )
    db.flush()
    return changed


def known_group(group: str | None) -> str | None:
    """``group`` if it is a regional group, else None (so a crafted filter shows every State)."""
    return group if group in REGIONAL_GROUPS else None
