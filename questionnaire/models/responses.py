"""A State's response to a questionnaire and its answers, one per question."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from questionnaire.db import Base, stored_enum
from questionnaire.models.questionnaires import Question, Questionnaire
from questionnaire.models.states import State
from questionnaire.models.timeutil import utcnow
from questionnaire.models.users import User


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REOPENED = "reopened"


class ResponseLocked(Exception):
    """Raised when an answer would change on a submitted response."""


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "state_id"),
        CheckConstraint(
            "(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_iff_stamped"
        ),
        CheckConstraint(
            "(status = 'submitted') = (submitted_by_id IS NOT NULL)", name="submitted_iff_by"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"), index=True)
    status: Mapped[ResponseStatus] = mapped_column(stored_enum(ResponseStatus, "status_known"), default=ResponseStatus.DRAFT)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(DateTime)
    submitted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # Why the secretariat reopened it, shown to the State until it submits again.
    reopen_reason: Mapped[Optional[str]] = mapped_column(Text)
    # A deadline granted to this State alone (later than the questionnaire's), and why.
    extended_deadline: Mapped[Optional[datetime]] = mapped_column(DateTime)
    extension_reason: Mapped[Optional[str]] = mapped_column(Text)
    #: The language the State replies in (one of the questionnaire's languages); None: not chosen yet.
    language: Mapped[Optional[str]] = mapped_column(String(8))

    questionnaire: Mapped[Questionnaire] = relationship()
    state: Mapped[State] = relationship()
    submitted_by: Mapped[Optional[User]] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @validates("status")
    def _known_status(self, _key: str, status: str) -> ResponseStatus:
        """A member of ResponseStatus whether given as one or as its value; ValueError otherwise."""
        return ResponseStatus(status)

    @property
    def is_submitted(self) -> bool:
        return self.status is ResponseStatus.SUBMITTED

    def ensure_editable(self) -> None:
        """Raise ``ResponseLocked`` when the response has been submitted."""
        if self.is_submitted:
            raise ResponseLocked(f"response {self.id} is submitted")

    def mark_submitted(self, user: User, at: datetime) -> None:
        self.ensure_editable()
        self.status = ResponseStatus.SUBMITTED
        self.submitted_at = at
        self.submitted_by = user
        self.reopen_reason = None

    def mark_reopened(self, reason: str | None = None) -> None:
        if not self.is_submitted:
            raise ValueError("only a submitted response can be reopened")
        self.status = ResponseStatus.REOPENED
        self.reopen_reason = reason
        self.submitted_at = None
        self.submitted_by = None

    def __repr__(self) -> str:
        return f"<Response q={self.questionnaire_id} state={self.state_id} {self.status}>"


#: The kinds' shared rule of an answer (``questionnaire.kinds.base.Kind.is_answered``) over a stored value: not
#: null, not "" and not []; a note never takes an answer, which the rules over questions know. A generated
#: column, so no writer can forget it (stored; on a SQLite database migrated from before it, computed when
#: read: see migration 0018).
ANSWERED_SQL = "value IS NOT NULL AND CAST(value AS TEXT) NOT IN ('null', '\"\"', '[]')"


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    value: Mapped[Optional[Any]] = mapped_column(JSON)
    #: Whether ``value`` answers its question, kept by the database with every write of the value (see
    #: ``ANSWERED_SQL``): progress reads it instead of the values.
    answered: Mapped[bool] = mapped_column(Boolean, Computed(ANSWERED_SQL, persisted=True))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    #: The language the answer was written in (the reply's language when it was saved).
    language: Mapped[Optional[str]] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    updated_by: Mapped[Optional[User]] = relationship()
    changes: Mapped[list["AnswerChange"]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", passive_deletes=True,
        order_by="AnswerChange.revision",
    )

    def record_change(self, user: Optional[User], at: datetime, language: Optional[str]) -> "AnswerChange":
        """The history entry keeping this answer's current value; add it to the answer's session so it is
        written in the same flush, hence the same transaction, as the answer. The answer's (possibly
        unloaded) list of changes is not read, so recording costs no query."""
        return AnswerChange(answer=self, revision=self.revision, value=self.value, changed_at=at,
                            language=language, changed_by=user)

    def __repr__(self) -> str:
        return f"<Answer r={self.response_id} q={self.question_id}>"


class AnswerChange(Base):
    """One stored value of an answer: which revision, what it was, who wrote it, when, in which language.

    Every write of an answer adds one, so the last one holds the current value and the ones before it
    every earlier value.
    """

    __tablename__ = "answer_changes"
    __table_args__ = (
        UniqueConstraint("answer_id", "revision"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    value: Mapped[Optional[Any]] = mapped_column(JSON)
    language: Mapped[Optional[str]] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    answer: Mapped[Answer] = relationship(back_populates="changes")
    changed_by: Mapped[Optional[User]] = relationship()

    def __repr__(self) -> str:
        return f"<AnswerChange a={self.answer_id} rev={self.revision}>"
