"""Replacing a working draft's content by an uploaded file without choosing the file twice.

An upload onto a slug whose working draft may be replaced writes nothing to the questionnaire: the checked
document is kept on the server for the person who uploaded it, bound to that draft and to its content
revision at that moment, for a limited time (``KEPT_DEFINITION_MINUTES``). The page offering the
replacement carries only a random token for it (the database stores its SHA-256 digest). Confirming uses
the kept document once; a confirmation that is not that person's, expired, tampered with, or that arrives
after the draft changed, is refused and writes nothing. The same person's confirmation sent again once it
was used (a double click, a page sent again) writes nothing either, and says the content was already
replaced by that file (``AlreadyReplaced``). The worker purges what has expired, used or not.

Kept on the server rather than carried in the page: a definition may be several megabytes, more than a
form field may carry (``MAX_FORM_MEMORY_SIZE``), and a kept document can be used once and purged.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from questionnaire.builder.importing import DraftChanged, DraftNotReplaceable, Imported, replace_draft_content
from questionnaire.definitions.validate import check_document
from questionnaire.locale import ngettext
from questionnaire.models import KeptDefinition, Questionnaire, User


@dataclass(frozen=True)
class ReplacementOffered:
    """The upload (``filename``) was kept: ``token`` lets the person who uploaded it replace the content of
    ``draft`` by it until ``expires_at`` (UTC)."""

    draft: Questionnaire
    filename: str
    token: str
    expires_at: datetime


class ConfirmationRefused(Exception):
    """A confirmation that cannot be used; ``message`` says why and what to do, ``draft`` is the draft it
    was for when the refusal concerns that draft (it changed, or may no longer be replaced). Nothing has
    been written."""

    def __init__(self, message: str, draft: Questionnaire | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.draft = draft


class AlreadyReplaced(Exception):
    """The confirmation was already used by the same person: ``draft``'s content was replaced by the file
    ``filename`` at ``used_at`` (UTC). Nothing more has been written."""

    def __init__(self, draft: Questionnaire, filename: str, used_at: datetime) -> None:
        super().__init__(filename)
        self.draft = draft
        self.filename = filename
        self.used_at = used_at


def purge_expired(db: Session, *, now: datetime) -> int:
    """Delete every kept document that has expired, used or not; how many. Flushes, never commits."""
    return db.execute(delete(KeptDefinition).where(KeptDefinition.expires_at <= now)).rowcount or 0


def keep_for_replacing(db: Session, user: User, draft: Questionnaire, document: Any, filename: str, *,
                       now: datetime, lifetime: timedelta) -> ReplacementOffered:
    """Keep the checked ``document`` for ``user`` to replace the content of ``draft`` as it is now.

    Purges every expired kept document, and what ``user`` kept earlier for ``draft`` (one offer per
    person and draft). Flushes, never commits; writes nothing to the questionnaire.
    """
    db.execute(delete(KeptDefinition).where(or_(
        KeptDefinition.expires_at <= now,
        (KeptDefinition.user_id == user.id) & (KeptDefinition.draft_id == draft.id),
    )))
    token = secrets.token_urlsafe(32)
    kept = KeptDefinition(token_digest=_digest(token), user_id=user.id, draft_id=draft.id,
                          draft_revision=draft.content_revision, filename=filename[:255],
                          document=_pack(document), created_at=now, expires_at=now + lifetime)
    db.add(kept)
    db.flush()
    return ReplacementOffered(draft, kept.filename, token, kept.expires_at)


def replace_with_kept(db: Session, token: str, user: User, *, now: datetime) -> Imported:
    """Replace the draft's content by the document ``user`` kept under ``token``, and use the token up.

    Raises ``AlreadyReplaced`` for ``user``'s token already used (the kept row is read under a row lock, so
    a second confirmation sent while the first is being written waits for it, then finds it used).
    Raises ``ConfirmationRefused``, having written nothing (the caller rolls back), for a token that is
    not ``user``'s (unknown, tampered with, purged, another person's) or has expired, when the
    draft's content changed since the upload (or it is no longer the working draft), when something now
    refers to its content, or should the kept document no longer pass the checks. Flushes, never commits.
    """
    kept = db.scalar(select(KeptDefinition).where(KeptDefinition.token_digest == _digest(token))
                     .with_for_update().execution_options(populate_existing=True)) if token else None
    if kept is None or kept.user_id != user.id:
        raise ConfirmationRefused(_("This confirmation is not valid (it may have been used already). Nothing "
                                    "was replaced: upload the file again."))
    if kept.used_at is not None:
        draft = db.get(Questionnaire, kept.draft_id)
        assert draft is not None  # the kept row goes with its draft (ON DELETE CASCADE)
        raise AlreadyReplaced(draft, kept.filename, kept.used_at)
    if kept.expires_at <= now:
        raise ConfirmationRefused(ngettext(
            "This confirmation has expired: an uploaded file is kept for %(num)s minute. Nothing was replaced: "
            "upload the file again.",
            "This confirmation has expired: an uploaded file is kept for %(num)s minutes. Nothing was replaced: "
            "upload the file again.", _minutes(kept.expires_at - kept.created_at)))
    document = _unpack(kept.document)
    if check_document(document):  # the checks changed since the upload (a new release of the platform)
        raise ConfirmationRefused(_("The kept file no longer passes the checks. Nothing was replaced: upload "
                                    "it again to see its problems."))
    draft = db.get(Questionnaire, kept.draft_id)
    assert draft is not None  # the kept row goes with its draft (ON DELETE CASCADE)
    try:
        imported = replace_draft_content(db, draft, document, user, seen_revision=kept.draft_revision,
                                         filename=kept.filename)
    except DraftChanged as error:
        raise ConfirmationRefused(_("The draft was changed after you uploaded the file, so its content was not "
                                    "replaced: nobody's changes are lost unseen. Open the draft to see it as it "
                                    "is now, then upload the file again if it should still replace it."),
                                  draft) from error
    except DraftNotReplaceable as error:
        raise ConfirmationRefused(error.replace_refused or "", draft) from error
    kept.used_at, kept.document = now, b""  # kept until it expires: sent again, it is known as used
    db.flush()
    return imported


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _pack(document: Any) -> bytes:
    return zlib.compress(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _unpack(data: bytes) -> Any:
    return json.loads(zlib.decompress(data).decode("utf-8"))


def _minutes(lifetime: timedelta) -> int:
    return round(lifetime.total_seconds() / 60)
