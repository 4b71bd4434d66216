"""A definition document's texts in several languages (``format_version`` 2), and the plain document.

In a version 2 document every text a State reads is a map from language code to text: the questionnaire's
``title``, a cluster's ``title`` and ``description``, a question's ``text`` and ``guidance``, and the
``label`` of each item of a labelled option (``choices``, ``table_rows``, ``table_columns``)::

    "text": {"en": "Is smuggling of migrants a criminal offence?", "fr": "Le trafic illicite ..."}

The map must hold the ``source_language``; the other languages are translations, each of a language the
document declares.  A plain string is read as the source-language text.

:func:`split_document` turns such a document into the *plain* document (texts as strings in the source
language, ``format_version`` 1: what the checks, the importer and the comparisons read) and the
translations by language and text key (see ``questionnaire.texts.keys``); :func:`join_document` does the
reverse.  ``join_document(*split_document(doc)[:2]) == doc`` for a valid document written by the export.
"""
from __future__ import annotations

import copy
from typing import Any, Iterator, Mapping

from flask_babel import gettext as _

from questionnaire.definitions.problems import Problem
from questionnaire.kinds import REGISTRY
from questionnaire.locale import LANGUAGE_NAMES
from questionnaire.texts.keys import LIMITS, TITLE, cluster_key, question_key

PLAIN_VERSION = 1
LANGUAGES_VERSION = 2
KNOWN_LANGUAGES = tuple(sorted(LANGUAGE_NAMES))  # the six official languages, as the interface names them

#: Every labelled option of any kind and the word naming its labels in a text key (``choices`` → ``choice``).
ALL_LABELLED_OPTIONS: dict[str, str] = {
    option: word for kind in REGISTRY.values() for option, word in kind.labelled_options.items()
}

Translations = dict[str, dict[str, str]]  # language → text key → text


def labelled_options(kind_name: Any) -> Mapping[str, str]:
    """The labelled options of a kind (all that any kind has when the kind is unknown, so that a
    document with a misspelt kind is still read through and its kind reported once)."""
    kind = REGISTRY.get(kind_name) if isinstance(kind_name, str) else None
    return kind.labelled_options if kind is not None else ALL_LABELLED_OPTIONS


def source_of(document: Mapping[str, Any]) -> str:
    """The language a document's plain texts are in: ``source_language``, else its first language."""
    source = document.get("source_language")
    if isinstance(source, str) and source:
        return source
    languages = document.get("languages")
    if isinstance(languages, list) and languages and isinstance(languages[0], str):
        return languages[0]
    return "en"


class _Splitter:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.source = source_of(document)
        languages = document.get("languages")
        self.declared = ([code for code in languages if isinstance(code, str)]
                         if isinstance(languages, list) else None)
        self.translations: Translations = {}
        self.problems: list[Problem] = []

    def text(self, value: Any, place: str, key: str | None, limit: int, required: bool) -> Any:
        """The source-language text of ``value`` (a map or a string); translations go to ``key``.
        Returns the value itself when it is neither, for the plain checks to report."""
        if value is None or isinstance(value, str):
            return value
        if not isinstance(value, dict):
            self.problems.append(Problem(place, _("must be text, or a map of language codes to texts "
                                                  'such as {"en": "…", "fr": "…"}')))
            return ""
        found: dict[str, str] = {}
        for language, text in value.items():
            if self.declared is not None and language not in self.declared and language != self.source:
                self.problems.append(Problem(f"{place}.{language}", _(
                    '"%(language)s" is not one of the questionnaire\'s languages (%(languages)s)',
                    language=language, languages=", ".join(self.declared))))
            elif not isinstance(text, str):
                self.problems.append(Problem(f"{place}.{language}", _("must be text")))
            elif language != self.source and len(text) > limit:
                self.problems.append(Problem(f"{place}.{language}", _(
                    "is %(length)s characters long; the limit is %(limit)s", length=len(text), limit=limit)))
            elif text.strip():
                found[language] = text
        source_text = value.get(self.source)
        if not isinstance(source_text, str) or not source_text.strip():
            if required or found:
                self.problems.append(Problem(place, _("has no text in the source language (%(language)s)",
                                                      language=self.source)))
            return ""
        for language, text in found.items():
            if language != self.source and key is not None:
                self.translations.setdefault(language, {})[key] = text
        return source_text


def _labelled_items(question: dict) -> Iterator[tuple[str, str, int, dict]]:
    """``(option, word, index, item)`` for each labelled item of the question's options."""
    options = question.get("options")
    if not isinstance(options, dict):
        return
    for option, word in labelled_options(question.get("kind")).items():
        items = options.get(option)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict) and "label" in item:
                    yield option, word, index, item


def split_document(document: Mapping[str, Any]) -> tuple[dict[str, Any], Translations, list[Problem]]:
    """The plain document (source-language strings, ``format_version`` 1), the translations by language
    and text key, and the problems of the language maps with their places
    (``clusters[1].questions[3].text.fr``).  A version 1 document comes back as it is, untranslated.
    Never raises: what is not a document is left for ``check_document`` to report."""
    if not isinstance(document, dict) or document.get("format_version") != LANGUAGES_VERSION:
        return copy.deepcopy(document) if isinstance(document, dict) else document, {}, []
    split = _Splitter(document)
    plain = copy.deepcopy(document)
    plain["format_version"] = PLAIN_VERSION
    plain["title"] = split.text(document.get("title"), "title", TITLE, LIMITS["title"], True)
    clusters = plain.get("clusters")
    for c_index, cluster in enumerate(clusters if isinstance(clusters, list) else []):
        if not isinstance(cluster, dict):
            continue
        place, code = f"clusters[{c_index}]", cluster.get("code")
        code = code if isinstance(code, str) else ""
        cluster["title"] = split.text(cluster.get("title"), f"{place}.title", cluster_key(code, "title"),
                                      LIMITS["cluster_title"], True)
        if "description" in cluster:
            cluster["description"] = split.text(cluster.get("description"), f"{place}.description",
                                                cluster_key(code, "description"), LIMITS["other"], False)
        questions = cluster.get("questions")
        for q_index, question in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(question, dict):
                _split_question(split, question, f"{place}.questions[{q_index}]")
    return plain, split.translations, split.problems


def _split_question(split: _Splitter, question: dict, place: str) -> None:
    key = question.get("key") if isinstance(question.get("key"), str) else ""
    question["text"] = split.text(question.get("text"), f"{place}.text", question_key(key, "text"),
                                  LIMITS["other"], True)
    if "guidance" in question:
        question["guidance"] = split.text(question.get("guidance"), f"{place}.guidance",
                                          question_key(key, "guidance"), LIMITS["other"], False)
    for option, word, index, item in _labelled_items(question):
        text_key = question_key(key, f"{word}.{item.get('value')}")
        item["label"] = split.text(item["label"], f"{place}.options.{option}[{index}].label", text_key,
                                   LIMITS["label"], True)


def join_document(plain: Mapping[str, Any], translations: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The version 2 document of a (valid) plain document and its translations: each text a map with the
    source language and every declared language that has a translation of it (an empty optional text
    is an empty map)."""
    source = source_of(plain)
    languages = [code for code in plain.get("languages") or [source]]
    if source not in languages:
        languages.insert(0, source)

    def text(value: str | None, key: str) -> dict[str, str]:
        if not value:
            return {}
        return {language: value if language == source else translations[language][key]
                for language in languages
                if language == source or key in translations.get(language, {})}

    document = copy.deepcopy(dict(plain))
    document["format_version"] = LANGUAGES_VERSION
    document["source_language"] = source
    document["languages"] = languages
    document["title"] = text(plain["title"], TITLE)
    for cluster in document["clusters"]:
        code = cluster["code"]
        cluster["title"] = text(cluster["title"], cluster_key(code, "title"))
        cluster["description"] = text(cluster.get("description"), cluster_key(code, "description"))
        for question in cluster["questions"]:
            key = question["key"]
            question["text"] = text(question["text"], question_key(key, "text"))
            question["guidance"] = text(question.get("guidance"), question_key(key, "guidance"))
            for _option, word, _index, item in _labelled_items(question):
                item["label"] = text(item["label"], question_key(key, f"{word}.{item.get('value')}"))
    return _ordered(document)


def read_in_language(plain: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """A copy of a (valid) plain document whose texts read as in ``texts`` (text key → translation) where
    it has them, the source text standing in for the others: a snapshot shown in the reader's language."""
    document = copy.deepcopy(dict(plain))
    if not texts:
        return document
    document["title"] = texts.get(TITLE, document["title"])
    for cluster in document.get("clusters", []):
        code = cluster["code"]
        for field in ("title", "description"):
            if cluster.get(field):
                cluster[field] = texts.get(cluster_key(code, field), cluster[field])
        for question in cluster.get("questions", []):
            key = question["key"]
            for field in ("text", "guidance"):
                if question.get(field):
                    question[field] = texts.get(question_key(key, field), question[field])
            for _option, word, _index, item in _labelled_items(question):
                item["label"] = texts.get(question_key(key, f"{word}.{item.get('value')}"), item["label"])
    return document


_ORDER = ("format", "format_version", "slug", "title", "instrument", "version", "source_language", "languages",
          "language_statuses", "clusters")


def _ordered(document: dict[str, Any]) -> dict[str, Any]:
    return {**{name: document[name] for name in _ORDER if name in document},
            **{name: value for name, value in document.items() if name not in _ORDER}}
