"""Party status from the depositary: read its participants table, preview every change, apply it.

The table is an XLSX or CSV shaped like the United Nations Treaty Collection's: a header row with
``Participant``, ``Signature`` and ``Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)``
columns (a ``Declarations`` column and an explicit ``Status`` column are read when present). A date cell
may end with the kind of consent (``24 Sep 2004 a``); footnote numbers after a name are ignored.
Reading checks everything first and raises :class:`PartiesTableInvalid` with every problem (row and
message); nothing is written unless the whole table is valid.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import Instrument, Participation, State, StatusOrigin, User
from questionnaire.models.states import ORGANIZATION_GROUP
from questionnaire.models.audit import record
from questionnaire.uploads import UploadLimits, UploadRefused, check_workbook

#: Organizations that take part in the instruments without being States (no ISO code, no regional group),
#: known by name even where the database has no row for them yet.
ORGANIZATIONS = ("European Union",)
CONSENT_KINDS = {"": "ratification", "a": "accession", "A": "acceptance", "AA": "approval", "d": "succession"}
STATUS_WORDS = {"party": "party", "signatory": "signatory", "neither": "neither"}
#: Names the depositary's tables have used for a UN member State that the United Nations now names otherwise
#: (its ISO 3166 alpha-3 code): a table downloaded or kept from before the change still matches.
FORMER_NAMES = {"Czech Republic": "CZE", "Swaziland": "SWZ", "Turkey": "TUR",
                "The former Yugoslav Republic of Macedonia": "MKD"}
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class PartiesTableInvalid(ValueError):
    """The table cannot be applied; ``problems`` lists each as text with its row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    participant: str
    state_id: int | None
    status: str
    signed_on: date | None
    consented_on: date | None
    consent_kind: str | None
    declarations: str | None


@dataclass(frozen=True)
class FieldChange:
    """One thing an import changes of a participant: its ``field`` ("status", "signed_on" or "consented_on"),
    what it was (None: not listed, or no such day) and what it becomes."""

    field: str
    before: str | date | None
    after: str | date | None


@dataclass(frozen=True)
class Change:
    """One participant whose status (or its dates) the import changes: its status and dates before (None
    for a participant not listed yet) and ``row``, what the table says."""

    participant: str
    before: str | None
    after: str
    row: Row
    signed_before: date | None = None
    consented_before: date | None = None

    def changed_fields(self) -> list[FieldChange]:
        """What the import changes of the participant, in this order: its status, the day it signed, the day it
        consented to be bound; only those whose value differs (a status whose dates alone change is not listed)."""
        fields = (FieldChange("status", self.before, self.after),
                  FieldChange("signed_on", self.signed_before, self.row.signed_on),
                  FieldChange("consented_on", self.consented_before, self.row.consented_on))
        return [field for field in fields if field.before != field.after]

    def as_recorded(self) -> dict[str, Any]:
        """The change as the audit trail keeps it: the participant, and what changed of its status and dates,
        before and after (days as ISO dates)."""
        def stored(value: str | date | None) -> str | None:
            return value.isoformat() if isinstance(value, date) else value

        changed = self.changed_fields()
        return {"participant": self.participant, "before": {field.field: stored(field.before) for field in changed},
                "after": {field.field: stored(field.after) for field in changed}}


def _normal(name: str) -> str:
    name = re.sub(r"[\s\d,*]+$", "", name.strip())  # footnote numbers after the name
    return " ".join(name.replace("’", "'").split()).casefold()


def _rows_of(data: bytes, filename: str, limits: UploadLimits | None) -> list[list[Any]]:
    """The cells of the first sheet (XLSX) or the lines (CSV); raises PartiesTableInvalid for anything else."""
    if filename.lower().endswith(".xlsx"):
        try:
            check_workbook(data, limits)
        except UploadRefused as refused:
            raise PartiesTableInvalid([str(refused)]) from None
        from openpyxl import load_workbook
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook gets the same plain message
            raise PartiesTableInvalid([_("This file is not a workbook that can be read.")]) from None
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    if filename.lower().endswith(".csv"):
        if b"\x00" in data[:4096] or data[:2] == b"PK":
            raise PartiesTableInvalid([_("This file is not a CSV table (it holds binary data); "
                                         "export the participants table as CSV or XLSX.")])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PartiesTableInvalid([_("This CSV file is not UTF-8 text.")]) from None
        return [list(row) for row in csv.reader(io.StringIO(text))]
    raise PartiesTableInvalid([_("Give an XLSX or CSV file.")])


def _date(value: Any, row: int, problems: list[str]) -> tuple[date | None, str | None]:
    """A date cell and the kind of consent written after it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = " ".join(str(value).split())
    match = re.fullmatch(r"(.+?)(?:\s+(AA|A|a|d|[A-Za-z]{1,3}))?", text)
    body, kind = (match.group(1), match.group(2)) if match else (text, None)
    if kind is not None and kind not in CONSENT_KINDS:
        if re.fullmatch(r"\d{1,2} [A-Za-z]{3}", body):  # "12 Dec 2000" was split wrongly: no kind given
            body, kind = text, None
        else:
            problems.append(_("Row %(row)s: “%(word)s” after the date is not a kind of consent it knows "
                              "(A, AA, a, d).", row=row, word=kind))
            return None, None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(body, pattern).date(), kind
        except ValueError:
            continue
    problems.append(_("Row %(row)s: “%(value)s” is not a date (write it as 12 Dec 2000 or 2000-12-12).",
                      row=row, value=text))
    return None, None


def read_participants(db: Session, data: bytes, filename: str, limits: UploadLimits | None = None) -> list[Row]:
    """Every participant of the table, matched to a State or a known organization; writes nothing.

    Raises :class:`PartiesTableInvalid` listing every problem: no header row, an unknown participant,
    a participant listed twice, a date that is not a date, a status word it does not know.
    """
    cells = _rows_of(data, filename, limits)
    header_at = next((i for i, row in enumerate(cells)
                      if any(isinstance(c, str) and _normal(c) == "participant" for c in row)), None)
    if header_at is None:
        raise PartiesTableInvalid([_("No header row with a “Participant” column was found.")])
    header = [_normal(c) if isinstance(c, str) else "" for c in cells[header_at]]

    def find(*starts: str) -> int | None:
        return next((i for i, h in enumerate(header) if any(h.startswith(s) for s in starts)), None)

    names, signed, consent = find("participant"), find("signature"), find("ratification", "accession", "consent")
    declared, stated = find("declaration", "reservation"), find("status")
    if signed is None or consent is None:
        raise PartiesTableInvalid([_("The table needs a “Signature” and a “Ratification, … Accession” column.")])
    states = {_normal(state.name): state for state in db.scalars(select(State))}
    states.update({state.iso3.casefold(): state for state in states.values()})
    by_code = {state.iso3: state for state in states.values()}
    for former, iso3 in FORMER_NAMES.items():
        if iso3 in by_code:
            states.setdefault(_normal(former), by_code[iso3])
    organizations = {_normal(name): name for name in ORGANIZATIONS}
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for offset, line in enumerate(cells[header_at + 1:], start=header_at + 2):
        line = list(line) + [None] * (len(header) - len(line))
        raw_name = line[names]
        if raw_name is None or not str(raw_name).strip():
            continue
        key = _normal(str(raw_name))
        state = states.get(key)
        if state is None and key not in organizations:
            problems.append(_("Row %(row)s: “%(name)s” is not a State or organization known here; add it "
                              "on the States page or correct the name.", row=offset, name=str(raw_name).strip()))
            continue
        name = state.name if state else organizations[key]
        if name in seen:
            problems.append(_("Row %(row)s: “%(name)s” is listed twice (also in row %(first)s).",
                              row=offset, name=name, first=seen[name]))
            continue
        seen[name] = offset
        signed_on, _kind = _date(line[signed], offset, problems)
        consented_on, consent_kind = _date(line[consent], offset, problems)
        status = "party" if consented_on else "signatory" if signed_on else "neither"
        if stated is not None and line[stated] not in (None, ""):
            word = STATUS_WORDS.get(str(line[stated]).strip().casefold())
            if word is None:
                problems.append(_("Row %(row)s: “%(word)s” is not a status it knows (party, signatory, neither).",
                                  row=offset, word=str(line[stated]).strip()))
                continue
            status = word
        declarations = str(line[declared]).strip() if declared is not None and line[declared] else None
        rows.append(Row(name, state.id if state else None, status, signed_on, consented_on,
                        CONSENT_KINDS.get(consent_kind or "") if consented_on else None, declarations))
    if problems:
        raise PartiesTableInvalid(problems)
    return rows


def instrument_by_code(db: Session, code: str) -> Instrument:
    instrument = db.scalar(select(Instrument).where(Instrument.code == code))
    if instrument is None:
        raise PartiesTableInvalid([_("“%(code)s” is not an instrument (som, tip, firearms, untoc).", code=code)])
    return instrument


def preview(db: Session, instrument: Instrument, rows: list[Row]) -> list[Change]:
    """Every participant whose status or dates the rows change (participants not in the table become
    "neither": the depositary's table lists every signatory and party)."""
    current = {p.participant: p for p in db.scalars(select(Participation).where(
        Participation.instrument_id == instrument.id))}
    changes = []
    listed = set()
    for row in rows:
        listed.add(row.participant)
        before = current.get(row.participant)
        if before is None or (before.status, before.signed_on, before.consented_on) != (
                row.status, row.signed_on, row.consented_on):
            changes.append(Change(row.participant, before.status if before else None, row.status, row,
                                  before.signed_on if before else None, before.consented_on if before else None))
    for name, before in current.items():
        if name not in listed and before.status != "neither":
            changes.append(Change(name, before.status, "neither",
                                  Row(name, before.state_id, "neither", None, None, None, None),
                                  before.signed_on, before.consented_on))
    return changes


def apply(db: Session, user: User | None, instrument: Instrument, changes: list[Change], source: str,
          as_at: date) -> int:
    """Write ``changes`` with their source and "as at" date, keep ``State.legacy_som_party`` in step, and
    record one audit entry; returns how many changed (flushes only). Every status of the instrument then
    carries the import's source and date, and the import as its origin."""
    current = {p.participant: p for p in db.scalars(select(Participation).where(
        Participation.instrument_id == instrument.id))}
    for change in changes:
        row = change.row
        participation = current.get(row.participant)
        if participation is None:
            participation = Participation(instrument_id=instrument.id, participant=row.participant,
                                          source=source, as_at=as_at, origin=StatusOrigin.IMPORTED)
            db.add(participation)
        participation.state_id = row.state_id
        participation.status, participation.signed_on = row.status, row.signed_on
        participation.consented_on, participation.consent_kind = row.consented_on, row.consent_kind
        participation.declarations = row.declarations
        if instrument.code == "som" and row.state_id is not None:
            db.get(State, row.state_id).legacy_som_party = row.status == "party"
    db.flush()
    for participation in db.scalars(select(Participation).where(Participation.instrument_id == instrument.id)):
        participation.source, participation.as_at, participation.origin = source, as_at, StatusOrigin.IMPORTED
    record(db, user, "parties.import", instrument.code, source=source, as_at=as_at.isoformat(),
           changes=[change.as_recorded() for change in changes])
    db.flush()
    return len(changes)


def export_rows(db: Session, instrument: Instrument) -> list[list[str]]:
    """One row per participant: name, ISO3 where it has one, group, status, date, source, as-at date."""
    rows = [["participant", "iso3", "group", "status", "date", "declarations", "source", "as_at"]]
    participations = db.scalars(select(Participation).where(Participation.instrument_id == instrument.id)
                                .order_by(Participation.participant))
    for p in participations:
        state = p.state
        rows.append([p.participant, state.iso3 if state and state.has_iso3 else "",
                     state.group if state else ORGANIZATION_GROUP, p.status,
                     p.status_date.isoformat() if p.status_date else "", p.declarations or "", p.source,
                     p.as_at.isoformat()])
    return rows
