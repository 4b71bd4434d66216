"""The `parties` commands: import the depositary's participants table, export the party list."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import click
from flask_babel import gettext as _

from questionnaire.cli import fail as _fail, in_interface_language
from questionnaire.db import get_session
from questionnaire.locale import ngettext
from questionnaire.punctuation import labelled
from questionnaire.states import parties
from questionnaire.states.service import STATUS_LABELS


@click.group("parties")
def parties_group() -> None:
    """Party status per instrument, from the depositary."""


#: What stands for a status or a day a participant did not have.
NONE = "—"


def _change_line(change: parties.Change) -> str:
    """What an import changes of one participant, on one line, in the interface language: its status when it
    changes, and each day (as an ISO date) that changes: "India: Signatory -> Party; signed on — -> 2002-12-12;
    consented to be bound on — -> 2011-05-05"."""
    def day(value: date | None) -> str:
        return value.isoformat() if value is not None else NONE

    def status(value: str | None) -> str:
        return str(STATUS_LABELS.get(value, value)) if value else NONE

    words = []
    for field in change.changed_fields():
        if field.field == "status":
            words.append(f"{status(field.before)} -> {status(field.after)}")
        elif field.field == "signed_on":
            words.append(_("signed on %(before)s -> %(after)s", before=day(field.before), after=day(field.after)))
        else:
            words.append(_("consented to be bound on %(before)s -> %(after)s", before=day(field.before),
                           after=day(field.after)))
    return labelled(change.participant, "; ".join(words))


@parties_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--instrument", "code", default="som", show_default=True)
@click.option("--source", default="United Nations Treaty Collection", show_default=True)
@click.option("--as-at", "as_at", default=None, help="The date the table was true (YYYY-MM-DD); default today.")
@click.option("--dry-run", is_flag=True, help="Show the changes without applying them.")
@in_interface_language()
def parties_import(path: Path, code: str, source: str, as_at: str | None, dry_run: bool) -> None:
    """Import the depositary's participants table (XLSX or CSV): every change is listed first."""
    db = get_session()
    try:
        instrument = parties.instrument_by_code(db, code)
        rows = parties.read_participants(db, path.read_bytes(), path.name)
        day = date.fromisoformat(as_at) if as_at else date.today()
    except parties.PartiesTableInvalid as invalid:
        _fail("\n".join(invalid.problems))
        return
    except ValueError:
        _fail(_("“%(name)s” must be a date written as YYYY-MM-DD.", name="--as-at"))
        return
    changes = parties.preview(db, instrument, rows)
    for change in changes:
        click.echo(_change_line(change))
    if dry_run:
        click.echo(ngettext("%(num)s change; nothing written (dry run).", "%(num)s changes; nothing written (dry run).",
                            len(changes)))
        db.rollback()
        return
    parties.apply(db, None, instrument, changes, source, day)
    db.commit()
    click.echo(ngettext("%(num)s change applied, as at %(day)s.", "%(num)s changes applied, as at %(day)s.",
                        len(changes), day=day.isoformat()))


@parties_group.command("export")
@click.option("--instrument", "code", default="som", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@in_interface_language()
def parties_export(code: str, out: Path) -> None:
    """Write one row per participant: name, ISO3, group, status, date, declarations, source, as-at date."""
    db = get_session()
    try:
        instrument = parties.instrument_by_code(db, code)
    except parties.PartiesTableInvalid as invalid:
        _fail("\n".join(invalid.problems))
        return
    with out.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(parties.export_rows(db, instrument))
    click.echo(_("Wrote %(path)s.", path=out))
