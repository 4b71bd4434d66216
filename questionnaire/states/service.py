"""States and other participants, and their status in the Protocol (audited).

The status in force is the ``Participation`` record of the Smuggling of Migrants Protocol (see
``questionnaire.models.participants``): ticking a State on the States page makes it a party there, with the
secretariat as the source and today as its "as at" date. ``State.legacy_som_party`` is kept in step and
never read.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from questionnaire.models import LISTED_GROUPS, REGIONAL_GROUPS, Participation, State, StatusOrigin, User
from questionnaire.models.audit import record
from questionnaire.models.participants import find_instrument
from questionnaire.models.timeutil import utcnow

#: The instrument the States page shows and edits.
PAGE_INSTRUMENT = "som"
#: The source recorded for a status the secretariat sets by hand (stored as it is; shown in the reader's words).
EDITED_SOURCE = "Secretariat (States page)"
#: The kinds the secretariat may add (UN member States come with the shipped data).
ADDABLE_KINDS = ("non_member_state", "organization")
#: How a status in an instrument reads.
STATUS_LABELS = {"party": _l("Party"), "signatory": _l("Signatory"), "neither": _l("Neither party nor signatory")}
#: How what an import of the depositary's table changes of a participant reads.
CHANGED_FIELD_LABELS = {"status": _l("Status"), "signed_on": _l("Signed on"),
                        "consented_on": _l("Consented to be bound on")}
#: How a kind of participant reads.
KIND_LABELS = {"member_state": _l("UN member State"), "non_member_state": _l("Non-member State"),
               "organization": _l("Regional economic integration organization")}


def source_label(status: Participation) -> str:
    """Where a status comes from, as the States page shows it: the secretariat's own edits in the reader's
    language, a shipped list's or an imported table's source as it was given."""
    return _("Secretariat (States page)") if status.origin == StatusOrigin.SECRETARIAT else status.source


class PartiesError(ValueError):
    """The change could not be saved; ``str()`` is the message to show, ``field`` the form field it is about."""

    def __init__(self, message: str, field: str = "code") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Listed:
    """A participant as the States page lists it: its row and its status in the Protocol (if recorded)."""

    state: State
    participation: Participation | None

    @property
    def is_party(self) -> bool:
        return self.participation is not None and self.participation.status == "party"

    # The ``state_name`` filter and ``sort_by_state_name`` read these, as on a State.
    @property
    def iso3(self) -> str:
        return self.state.iso3

    @property
    def name(self) -> str:
        return self.state.name


def _instrument_id(db: Session) -> int:
    instrument = find_instrument(db, PAGE_INSTRUMENT)
    if instrument is None:
        raise PartiesError(_("The Protocol is not among the instruments: run “questionnaire init”."))
    return instrument.id


def list_states(db: Session, *, group: str | None = None, party: bool | None = None) -> list[Listed]:
    """Participants sorted by name with their status in the Protocol, optionally one group's (see
    ``LISTED_GROUPS``) and parties or non-parties only (two queries)."""
    instrument_id = _instrument_id(db)
    query = (select(State, Participation)
             .outerjoin(Participation, and_(Participation.state_id == State.id,
                                            Participation.instrument_id == instrument_id))
             .order_by(State.name))
    listed = [Listed(state, participation) for state, participation in db.execute(query)]
    if group:
        listed = [row for row in listed if row.state.group == group]
    if party is not None:
        listed = [row for row in listed if row.is_party == party]
    return listed


def set_parties(db: Session, actor: User, listed: Iterable[str], parties: Iterable[str]) -> list[State]:
    """Make exactly ``parties`` among the ``listed`` participants parties; returns those that changed.

    Only listed ones are touched (a filtered page saves only what it showed). A changed status takes the
    secretariat as its source and today as its "as at" date; one that is no longer a party becomes a
    signatory if it signed, else neither. Each change is audited with before and after. Raises
    ``PartiesError`` (changing nothing) for an unknown code or a party that was not listed.
    """
    listed_codes = {code.strip().upper() for code in listed if code.strip()}
    party_codes = {code.strip().upper() for code in parties if code.strip()}
    if party_codes - listed_codes:
        raise PartiesError(_("Only the States shown on the page can be changed."))
    instrument_id = _instrument_id(db)
    rows = {row.state.iso3: row for row in list_states(db) if row.state.iso3 in listed_codes}
    unknown = listed_codes - set(rows)
    if unknown:
        raise PartiesError(_("Unknown State codes: %(codes)s.", codes=", ".join(sorted(unknown))))
    today = utcnow().date()
    changed = []
    for iso3 in sorted(rows, key=lambda code: rows[code].state.name):
        row = rows[iso3]
        wanted = iso3 in party_codes
        if row.is_party == wanted:
            continue
        participation = row.participation or Participation(
            instrument_id=instrument_id, state=row.state, participant=row.state.name, status="neither")
        db.add(participation)
        participation.status = "party" if wanted else ("signatory" if participation.signed_on else "neither")
        participation.source, participation.as_at = EDITED_SOURCE, today
        participation.origin = StatusOrigin.SECRETARIAT
        row.state.legacy_som_party = wanted
        changed.append(row.state)
        record(db, actor, "state.party", f"state:{iso3}",
               before={"som_party": not wanted}, after={"som_party": wanted})
    db.flush()
    return changed


def add_participant(db: Session, actor: User, *, code: str, name: str, kind: str,
                    regional_group: str | None) -> State:
    """Add a non-member State or an organization, not a party until its status is set (audited).

    Raises ``PartiesError`` for a code that is not three letters, a code or name already in use, a kind
    it does not add, a regional group it does not know, or an organization given a regional group.
    """
    code, name = code.strip().upper(), " ".join(name.split())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise PartiesError(_("The code must be three letters (ISO 3166 alpha-3 for a State)."))
    if not name:
        raise PartiesError(_("Give the name as the depositary writes it."), "name")
    if kind not in ADDABLE_KINDS:
        raise PartiesError(_("Choose whether it is a non-member State or an organization."), "kind")
    regional_group = regional_group or None
    if regional_group is not None and regional_group not in REGIONAL_GROUPS:
        raise PartiesError(_("“%(group)s” is not a UN regional group.", group=regional_group), "regional_group")
    if kind == "organization" and regional_group:
        raise PartiesError(_("An organization belongs to no UN regional group."), "regional_group")
    if db.scalar(select(State.id).where(State.iso3 == code)) is not None:
        raise PartiesError(_("The code %(code)s is already in use.", code=code))
    if db.scalar(select(State.id).where(State.name == name)) is not None:
        raise PartiesError(_("“%(name)s” is already listed.", name=name), "name")
    state = State(iso3=code, name=name, kind=kind, regional_group=regional_group, legacy_som_party=False)
    db.add(state)
    db.add(Participation(instrument_id=_instrument_id(db), state=state, participant=name, status="neither",
                         source=EDITED_SOURCE, as_at=utcnow().date(), origin=StatusOrigin.SECRETARIAT))
    db.flush()
    record(db, actor, "state.add", f"state:{code}", after={"name": name, "kind": kind, "regional_group": regional_group})
    db.flush()
    return state


def known_group(group: str | None) -> str | None:
    """``group`` if it is a group participants are listed under, else None (a crafted filter shows all)."""
    return group if group in LISTED_GROUPS else None


def oldest_as_at(listed: Iterable[Listed]) -> date | None:
    """The oldest "as at" date of the statuses shown (the list is no more current than that)."""
    return min((row.participation.as_at for row in listed if row.participation is not None), default=None)
