"""Importing the depositary's participants table from the web: preview every change, then apply it.

The reading, the list of changes and the writing are :mod:`questionnaire.states.parties`' (the command
line's ``parties import`` uses the same). Between the preview and the confirmation the table travels back in
the confirmation form; it is read and checked again, and applied only if it still makes exactly the changes
that were shown (a digest of them), so nothing is kept on the server in between.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.models import User
from questionnaire.states import parties
from questionnaire.states.parties import Change, PartiesTableInvalid

INSTRUMENT = "som"


@dataclass(frozen=True)
class Staged:
    """A read, valid table and the changes it would make, ready to be shown and confirmed."""

    changes: list[Change]
    data: str  # the file, base64
    filename: str
    source: str
    as_at: date
    digest: str
    participants: int  # rows read


def digest_of(changes: list[Change], data: bytes) -> str:
    """What the preview showed, as a short fingerprint: the file and every change."""
    shown = [[c.participant, c.before, c.after, str(c.row.signed_on), str(c.row.consented_on)] for c in changes]
    return hashlib.sha256(data + json.dumps(shown).encode()).hexdigest()


def stage(db: Session, data: bytes, filename: str, source: str, as_at: date) -> Staged:
    """Read the table and list its changes; writes nothing. Raises ``PartiesTableInvalid`` with every problem."""
    instrument = parties.instrument_by_code(db, INSTRUMENT)
    rows = parties.read_participants(db, data, filename)
    changes = parties.preview(db, instrument, rows)
    return Staged(changes, base64.b64encode(data).decode("ascii"), filename, source, as_at,
                  digest_of(changes, data), len(rows))


def apply_staged(db: Session, user: User, data: str, filename: str, source: str, as_at: str, digest: str) -> int:
    """Apply a previewed table if it still makes the changes shown; returns how many (audited, flushes only).

    Raises ``PartiesTableInvalid`` if the table no longer reads, or if the statuses changed since the
    preview (the secretariat is then shown the new changes rather than applying unseen ones).
    """
    try:
        raw = base64.b64decode(data.encode("ascii"), validate=True)
        day = date.fromisoformat(as_at)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise PartiesTableInvalid([_("The previewed table did not come back intact; upload it again.")]) from None
    staged = stage(db, raw, filename, source, day)
    if staged.digest != digest:
        raise PartiesTableInvalid([_("The party status changed since the preview; upload the table again "
                                     "to see the changes it would make now.")])
    instrument = parties.instrument_by_code(db, INSTRUMENT)
    return parties.apply(db, user, instrument, staged.changes, source, day)
