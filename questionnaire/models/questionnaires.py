"""A questionnaire, its thematic clusters and their questions."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from questionnaire.db import Base, stored_enum
from questionnaire.models.timeutil import utcnow


class QuestionnaireStatus(enum.StrEnum):
    DRAFT = "draft"
    ENDORSED = "endorsed"
    ADOPTED = "adopted"
    OPEN = "open"
    CLOSED = "closed"


#: The stages in which States answer a questionnaire (open) or have answered it (closed).
ANSWERING_STAGES = (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED)

#: The stages from the Working Group's endorsement on: the text it endorsed (and the Conference adopted, and
#: States answer) keeps its structure; its wording is corrected, each correction recorded.
STRUCTURE_FROZEN_STAGES = (QuestionnaireStatus.ENDORSED, QuestionnaireStatus.ADOPTED, *ANSWERING_STAGES)


class Questionnaire(Base):
    __tablename__ = "questionnaires"
    __table_args__ = (
        UniqueConstraint("slug", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "status = 'draft' OR endorsed_at IS NOT NULL", name="endorsed_before_later_stages"
        ),
        CheckConstraint(
            "status IN ('draft', 'endorsed') OR adopted_at IS NOT NULL",
            name="adopted_before_opening",
        ),
        {"sqlite_autoincrement": True},  # a deleted draft's id is never given again: the audit trail names it
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    title: Mapped[str] = mapped_column(String(300))
    instrument: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[QuestionnaireStatus] = mapped_column(
        stored_enum(QuestionnaireStatus, "status_known"), default=QuestionnaireStatus.DRAFT
    )
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("questionnaires.id"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    #: The language its texts are written in (the columns below hold that language's texts); None in
    #: questionnaires made before languages were recorded: their first language.
    source_language: Mapped[Optional[str]] = mapped_column(String(8))
    #: Each translated language's status: "draft" (draft translation), "reviewed" or "official".
    language_statuses: Mapped[Optional[dict[str, str]]] = mapped_column(JSON)
    #: The secretariat's recorded reason to open although a language is incomplete (source text stands in).
    incomplete_languages_reason: Mapped[Optional[str]] = mapped_column(Text)
    opens_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    deadline: Mapped[Optional[datetime]] = mapped_column(DateTime)
    endorsed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    endorsed_by: Mapped[Optional[str]] = mapped_column(String(200))
    adopted_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: Raised in the transaction that changes anything its pages show (its clusters, questions, title,
    #: languages or translations; see ``questionnaire.models.revision``): app workers keep its structure and
    #: translations between requests while the row's counter is the one they were kept at.
    content_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    clusters: Mapped[list["Cluster"]] = relationship(
        back_populates="questionnaire",
        order_by="Cluster.position",
        cascade="all, delete-orphan",
    )
    parent: Mapped[Optional["Questionnaire"]] = relationship(remote_side="Questionnaire.id")

    @validates("status")
    def _known_status(self, _key: str, status: str) -> QuestionnaireStatus:
        """A member of QuestionnaireStatus whether given as one or as its value; ValueError otherwise."""
        return QuestionnaireStatus(status)

    @property
    def source(self) -> str:
        """The language of the texts stored on the questionnaire, its clusters and questions."""
        return self.source_language or (self.languages[0] if self.languages else "en")

    @property
    def translated_languages(self) -> list[str]:
        """Its languages other than the source, in the order declared."""
        return [code for code in (self.languages or []) if code != self.source]

    def language_status(self, language: str) -> str:
        """"official" for the source language; a translation's recorded status, "draft" by default."""
        if language == self.source:
            return "official"
        return (self.language_statuses or {}).get(language, "draft")

    @property
    def is_open(self) -> bool:
        return self.status is QuestionnaireStatus.OPEN

    @property
    def structure_frozen(self) -> bool:
        """From the Working Group's endorsement on, questions and clusters may be reworded but not added,
        removed, moved or reshaped; a questionnaire taken back to draft would be editable again."""
        return self.status in STRUCTURE_FROZEN_STAGES

    def questions_in_order(self) -> list["Question"]:
        return [question for cluster in self.clusters for question in cluster.questions]

    def __repr__(self) -> str:
        return f"<Questionnaire {self.slug} v{self.version} {self.status}>"


class Cluster(Base):
    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("questionnaire_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="clusters")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="cluster",
        order_by="Question.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Cluster {self.code}>"


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "key"),
        CheckConstraint("length(key) > 0", name="key_not_empty"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    provisions: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    show_if: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)

    cluster: Mapped[Cluster] = relationship(back_populates="questions")
    questionnaire: Mapped[Questionnaire] = relationship()

    @property
    def parent_key(self) -> Optional[str]:
        return self.show_if["question"] if self.show_if else None

    def __repr__(self) -> str:
        return f"<Question {self.key}>"
