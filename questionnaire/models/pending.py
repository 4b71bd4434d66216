"""Form values posted by someone whose session had ended, kept until they sign in again."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from questionnaire.db import Base
from questionnaire.models.timeutil import utcnow


class PendingPost(Base):
    """One stashed form post: ``fields`` maps each posted name to its list of values.

    Kept only for the person named by the signed token the form carried (``user_id``), reached only
    through ``token`` (random, carried in the sign-in ``next`` address) and shown back to that person,
    on ``path``, once signed in; never applied without them pressing Save again.
    """

    __tablename__ = "pending_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    size: Mapped[int] = mapped_column(Integer)  # bytes of the kept fields, as JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
