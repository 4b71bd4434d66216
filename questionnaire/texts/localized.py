"""A questionnaire as read in one language: the same objects, their texts in that language.

``localized(db, questionnaire, language)`` wraps the questionnaire, its clusters and questions in views
that answer every attribute as the model does, except the texts a State reads (title, cluster titles and
descriptions, question texts, guidance, the labels in options), which come from the current translation
into ``language``. Where a text has no current translation (missing, or out of date since its source
changed), the source text stands in and the view says so (``language_of``), so pages can mark it and give
it its own ``lang``. One query per questionnaire and language.
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping

from sqlalchemy.orm import Session

from questionnaire.kinds import get_kind
from questionnaire.structure import kept_texts
from questionnaire.structure import structure as kept_structure
from questionnaire.texts.keys import TITLE, cluster_key, digest, question_key
from questionnaire.texts.store import stored_texts, stored_texts_of


class _Texts:
    """The translations into one language and the rule choosing between translation and source."""

    def __init__(self, language: str, source_language: str, stored: Mapping[str, tuple[str, str]]) -> None:
        self.language = language
        self.source_language = source_language
        self._stored = stored

    def pick(self, key: str, source: str) -> tuple[str, str]:
        """``(text, language)``: the current translation of ``key``, else ``source`` in the source language."""
        if self.language != self.source_language and source:
            found = self._stored.get(key)
            if found is not None and found[1] == digest(source):
                return found[0], self.language
        return source, self.source_language


class _View:
    """Answers like the wrapped model object, except for the texts given in ``_fields``."""

    def __init__(self, model: Any, texts: _Texts) -> None:
        self._model = model
        self._texts = texts
        self._shown: dict[str, tuple[str, str]] = {}
        params = getattr(type(model), "__dataclass_params__", None)
        self._frozen = params is not None and params.frozen  # kept data: attributes can be kept on the view

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._model, name)
        if self._frozen:  # read once: a page reads each question's id, key and kind dozens of times
            self.__dict__[name] = value
        return value

    def _key(self, field: str) -> str:  # pragma: no cover - each view names its keys
        raise NotImplementedError

    def _text(self, field: str) -> str:
        if field not in self._shown:
            self._shown[field] = self._texts.pick(self._key(field), getattr(self._model, field) or "")
        return self._shown[field][0]

    def language_of(self, field: str) -> str:
        """The language in which ``field`` is shown (the source language where no translation stands)."""
        self._text(field)
        return self._shown[field][1]

    def is_source_standing_in(self, field: str) -> bool:
        """Whether ``field`` shows the source text because its translation is missing or out of date."""
        return self.language_of(field) != self._texts.language

    @property
    def model(self) -> Any:
        """The wrapped model object (for queries and writes)."""
        return self._model

    @property
    def language(self) -> str:
        """The language this view reads in."""
        return self._texts.language

    def __eq__(self, other: object) -> bool:
        return self._model == (other._model if isinstance(other, _View) else other)

    def __hash__(self) -> int:
        return hash(self._model)


class LocalizedQuestion(_View):
    def __init__(self, model: Any, texts: _Texts, cluster: "LocalizedCluster") -> None:
        super().__init__(model, texts)
        self.cluster = cluster

    def _key(self, field: str) -> str:
        return question_key(self._model.key, field)

    @property
    def questionnaire(self) -> "LocalizedQuestionnaire":
        return self.cluster.questionnaire

    @property
    def text(self) -> str:
        return self._text("text")

    @property
    def guidance(self) -> str:
        return self._text("guidance")

    @cached_property
    def options(self) -> dict[str, Any]:
        """The options with each label a State reads in this language (where translated)."""
        kind = get_kind(self._model.kind)
        labels = {}
        for suffix, label in kind.option_labels(self._model.options):
            text, language = self._texts.pick(question_key(self._model.key, suffix), label)
            labels[suffix] = text
            self._label_languages.setdefault(text, language)
        return kind.relabelled(self._model.options, labels)

    @cached_property
    def _label_languages(self) -> dict[str, str]:
        return {}

    def label_language(self, label: str) -> str:
        """The language in which ``label`` (an option label as this view shows it: a choice, a row, a
        column) is shown: the source language where it stands in for a missing translation. A label that
        is not one of the options' (the kind's own words, "Yes", "No") is in this view's language."""
        self.options  # noqa: B018 - reading the labels records their languages
        return self._label_languages.get(label, self._texts.language)

    def is_label_standing_in(self, label: str) -> bool:
        """Whether ``label`` shows the source text because its translation is missing or out of date."""
        return self.label_language(label) != self._texts.language


class LocalizedCluster(_View):
    def __init__(self, model: Any, texts: _Texts, questionnaire: "LocalizedQuestionnaire") -> None:
        super().__init__(model, texts)
        self.questionnaire = questionnaire

    def _key(self, field: str) -> str:
        return cluster_key(self._model.code, field)

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def description(self) -> str:
        return self._text("description")

    @cached_property
    def questions(self) -> list[LocalizedQuestion]:
        return [LocalizedQuestion(question, self._texts, self) for question in self._model.questions]


class LocalizedQuestionnaire(_View):
    def __init__(self, model: Any, texts: _Texts, structure: Any = None) -> None:
        super().__init__(model, texts)
        self._structure = structure

    def _key(self, field: str) -> str:
        return TITLE

    @property
    def title(self) -> str:
        return self._text("title")

    @cached_property
    def clusters(self) -> list[LocalizedCluster]:
        clusters = self._structure.clusters if self._structure is not None else self._model.clusters
        return [LocalizedCluster(cluster, self._texts, self) for cluster in clusters]

    def questions_in_order(self) -> list[LocalizedQuestion]:
        return [question for cluster in self.clusters for question in cluster.questions]

    def cluster(self, code: str) -> LocalizedCluster | None:
        return next((cluster for cluster in self.clusters if cluster.code == code), None)

    def question(self, question_id: int) -> LocalizedQuestion | None:
        return next((q for q in self.questions_in_order() if q.id == question_id), None)


def localized(db: Session, questionnaire: Any, language: str | None, *, kept: bool = False) -> LocalizedQuestionnaire:
    """``questionnaire`` read in ``language`` (its source language when None or not one of its
    languages). One query for the translations; none when the language is the source, or when the app
    worker has kept them at the questionnaire's content revision (see ``questionnaire.structure``).

    ``kept``: its clusters and questions are the worker's kept ones (plain data, bound to no session; read
    again when the content revision changed) instead of the model's."""
    if isinstance(questionnaire, LocalizedQuestionnaire):
        questionnaire = questionnaire.model
    source = questionnaire.source
    if not language or language not in (questionnaire.languages or []):
        language = source
    stored: Mapping[str, tuple[str, str]] = {}
    if language != source:
        stored = kept_texts(db, questionnaire, language, lambda: stored_texts(db, questionnaire.id, language))
    return LocalizedQuestionnaire(questionnaire, _Texts(language, source, stored),
                                  kept_structure(db, questionnaire) if kept else None)


def localized_each(db: Session, questionnaires: list[Any], language: str | None) -> list[LocalizedQuestionnaire]:
    """Each of ``questionnaires`` read in ``language`` (as :func:`localized` reads one), for a page listing
    several versions: one query for all their translations; none when no questionnaire is offered in it."""
    models = [q.model if isinstance(q, LocalizedQuestionnaire) else q for q in questionnaires]
    translated = [q.id for q in models if language and language != q.source and language in (q.languages or [])]
    stored = stored_texts_of(db, translated, language) if translated else {}
    return [
        LocalizedQuestionnaire(q, _Texts(language if q.id in translated else q.source, q.source, stored.get(q.id, {})))
        for q in models
    ]
