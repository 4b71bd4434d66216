"""Form values posted by someone whose session had ended, kept until they sign in again."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from questionnaire.db import Base
from questionnaire.models.timeutil import utcnow


class PendingPost(Base):
    """One stashed form post: ``fields`` maps each posted name to its list of values.

    Reached only through ``token`` (random, carried in the sign-in ``next`` address) and shown back to
    the person on ``path``; never applied without them pressing Save again.
    """

    __tablename__ = "pending_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(String(500))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
