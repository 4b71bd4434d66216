"""Definition files uploaded onto a slug that has a working draft, kept until their uploader confirms that
the draft's content is to be replaced by them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from questionnaire.db import Base
from questionnaire.models.timeutil import utcnow


class KeptDefinition(Base):
    """One checked definition document, kept for the person who uploaded it (``user_id``) to replace the
    content of the working draft ``draft_id`` as it was when they uploaded it (``draft_revision``, its
    content revision then), until ``expires_at``.

    Reached only through a random token given to that person, of which only the SHA-256 digest is stored
    (``token_digest``); used at most once. ``document`` is the document as zlib-compressed JSON, emptied once
    used; the row itself stays until it expires, with ``used_at``, so that the same confirmation sent again
    (a double click) is recognised as already done rather than refused. Deleting the person or the draft
    deletes what was kept for them.
    """

    __tablename__ = "kept_definitions"
    __table_args__ = (CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True)
    draft_revision: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    def __repr__(self) -> str:
        return f"<KeptDefinition {self.id} for user {self.user_id}, draft {self.draft_id}>"
