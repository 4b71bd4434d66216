"""A questionnaire's texts in languages other than its source language.

The source language's texts stay on the questionnaire, its clusters and questions (and the labels in the
questions' options). Each translation is one row keyed by the text's key (see ``questionnaire.texts``) and
remembers a digest of the source text it was made from: when the source changes, the digest no longer
matches and the translation is out of date until someone confirms or updates it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from questionnaire.db import Base
from questionnaire.models.timeutil import utcnow


class TextTranslation(Base):
    __tablename__ = "text_translations"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "key", "language"),
        CheckConstraint("length(trim(text)) > 0", name="text_not_empty"),
        CheckConstraint("length(key) > 0", name="key_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    #: sha256 (hex) of the source text this translation was made from or confirmed against.
    source_digest: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<TextTranslation {self.key} {self.language}>"
