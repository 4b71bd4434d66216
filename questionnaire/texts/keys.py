"""Every text of a questionnaire that a State reads, each under a stable key.

Keys name the text by what it belongs to, never by database ids, so that they survive versions, exports and
round trips through translators' tools:

- ``title``: the questionnaire's title;
- ``cluster.<code>.title`` and ``cluster.<code>.description``;
- ``question.<key>.text`` and ``question.<key>.guidance``;
- ``question.<key>.<word>.<value>``: a label in the question's options, the word given by its kind
  (``choice.yes``, ``row.convicted``, ``column.2024``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from questionnaire.kinds import get_kind

TITLE = "title"

#: The longest text each field takes (characters); a translation over it is refused.
LIMITS = {"title": 300, "cluster_title": 300, "label": 500, "other": 20000}


@dataclass(frozen=True)
class SourceText:
    """One text in the source language: its key, the text, what it is (``title``, ``description``,
    ``text``, ``guidance`` or ``label``) and the question or cluster it belongs to (for places)."""

    key: str
    text: str
    field: str
    cluster_code: str | None = None
    question_key: str | None = None
    number: str = ""

    @property
    def limit(self) -> int:
        if self.key == TITLE:
            return LIMITS["title"]
        if self.cluster_code is not None and self.question_key is None and self.field == "title":
            return LIMITS["cluster_title"]
        if self.field == "label":
            return LIMITS["label"]
        return LIMITS["other"]


def cluster_key(code: str, field: str) -> str:
    return f"cluster.{code}.{field}"


def question_key(key: str, field: str) -> str:
    return f"question.{key}.{field}"


def digest(text: str) -> str:
    """The fingerprint of a source text a translation remembers (sha256 of the exact text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def question_source_texts(question: Any, cluster_code: str) -> list[SourceText]:
    """The texts of one question (any object with ``key``, ``number``, ``text``, ``guidance``, ``kind``
    and ``options``), in reading order: text, guidance, then its options' labels."""
    texts = [SourceText(question_key(question.key, "text"), question.text, "text", cluster_code, question.key,
                        question.number or "")]
    if question.guidance:
        texts.append(SourceText(question_key(question.key, "guidance"), question.guidance, "guidance",
                                cluster_code, question.key, question.number or ""))
    for suffix, label in get_kind(question.kind).option_labels(question.options):
        texts.append(SourceText(question_key(question.key, suffix), label, "label", cluster_code, question.key,
                                question.number or ""))
    return texts


def source_texts(questionnaire: Any) -> list[SourceText]:
    """Every text of ``questionnaire`` a State reads, in the source language, in reading order; empty
    optional texts (a cluster without description, a question without guidance) are left out."""
    texts = [SourceText(TITLE, questionnaire.title, "title")]
    for cluster in questionnaire.clusters:
        texts.append(SourceText(cluster_key(cluster.code, "title"), cluster.title, "title", cluster.code))
        if cluster.description:
            texts.append(SourceText(cluster_key(cluster.code, "description"), cluster.description, "description",
                                    cluster.code))
        for question in cluster.questions:
            texts.extend(question_source_texts(question, cluster.code))
    return texts
