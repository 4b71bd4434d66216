"""How complete a definition's translations are: per declared language, the texts with no translation and,
for a stored questionnaire, those whose source changed since they were translated."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from questionnaire.definitions.languages import source_of, split_document
from questionnaire.models import Questionnaire
from questionnaire.texts.keys import SourceText, source_texts
from questionnaire.texts.store import MISSING, OUT_OF_DATE, text_states


@dataclass(frozen=True)
class LanguageGaps:
    """The texts of one translated language that a State would read in the source language instead."""

    language: str
    total: int
    missing: list[SourceText] = field(default_factory=list)
    out_of_date: list[SourceText] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.out_of_date


def describe_text(source: SourceText) -> str:
    """Where a text is, as people find it: "cluster II, question 14, guidance (question.som.x.guidance)"."""
    if source.question_key is not None:
        where = _("cluster %(code)s, question %(number)s, %(field)s", code=source.cluster_code,
                  number=source.number or "–", field=source.field)
    elif source.cluster_code is not None:
        where = _("cluster %(code)s, %(field)s", code=source.cluster_code, field=source.field)
    else:
        where = _("questionnaire title")
    return f"{where} ({source.key})"


def as_questionnaire(plain: dict[str, Any]) -> Any:
    """The attributes ``source_texts`` reads, from a valid plain document."""
    return SimpleNamespace(title=plain["title"], clusters=[
        SimpleNamespace(code=c["code"], title=c["title"], description=c.get("description") or "", questions=[
            SimpleNamespace(key=q["key"], number=q.get("number") or "", text=q["text"],
                            guidance=q.get("guidance") or "", kind=q["kind"], options=q.get("options") or {})
            for q in c.get("questions", [])])
        for c in plain["clusters"]])


def document_gaps(document: dict[str, Any]) -> list[LanguageGaps]:
    """The untranslated texts of a valid definition document (version 1 or 2), per translated language
    in the order declared."""
    plain, translations, _problems = split_document(document)
    sources = source_texts(as_questionnaire(plain))
    source = source_of(plain)
    return [LanguageGaps(language, len(sources),
                         [text for text in sources if text.key not in translations.get(language, {})])
            for language in plain.get("languages") or [] if language != source]


def stored_gaps(db: Session, questionnaire: Questionnaire) -> list[LanguageGaps]:
    """The missing and out-of-date translations of a stored questionnaire, per translated language."""
    gaps = []
    for language in questionnaire.translated_languages:
        states = text_states(db, questionnaire, language)
        gaps.append(LanguageGaps(language, len(states),
                                 [state.source for state in states if state.status == MISSING],
                                 [state.source for state in states if state.status == OUT_OF_DATE]))
    return gaps
