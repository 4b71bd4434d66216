"""The texts translation events name by key (``question.crim.text``, ``cluster.A.title``; see
``questionnaire.texts.keys``), read back into what they are: which text of which question or cluster.

Pure: reading a key needs no database; wording it takes the question and cluster as the page loaded them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Iterator

from flask_babel import gettext as _

from questionnaire.kinds import REGISTRY
from questionnaire.texts import TITLE

#: The texts of a question and of a cluster that have a field of their own (the rest are option labels).
QUESTION_FIELDS = ("text", "guidance")
CLUSTER_FIELDS = ("title", "description")
#: The actions whose details hold text keys (see :func:`text_keys_of`).
TRANSLATION_ACTIONS = frozenset({"translation.save", "translation.import", "translation.confirm"})


@cache
def option_words() -> frozenset[str]:
    """The words kinds name their labelled options by in a key (``choice``, ``row``, ``column``)."""
    return frozenset(word for kind in REGISTRY.values() for word in kind.labelled_options.values())


@dataclass(frozen=True)
class TextPlace:
    """Where a text stands: the questionnaire's title, a cluster's title or description, a question's text or
    guidance, or the label of one of a question's options (``field`` is then the option's word, ``choice``,
    ``row`` or ``column``, and ``option`` its value)."""

    field: str
    question_key: str | None = None
    cluster_code: str | None = None
    option: str | None = None


def readings(text_key: str) -> list[TextPlace]:
    """Every way ``text_key`` can be read, the likeliest first; empty for a key of no known shape.

    A question's key may hold dots (``crim.law``) and an option's value may be ``text``, so
    ``question.a.choice.text`` reads both as the text of question ``a.choice`` and as the label of the choice
    ``text`` of question ``a``: the caller keeps the reading whose question exists. An option's value holds no
    dot (``questionnaire.kinds.choices.CHOICE_CODE``)."""
    if text_key == TITLE:
        return [TextPlace("title")]
    head, _dot, rest = text_key.partition(".")
    if head == "cluster":
        code, _dot, field = rest.rpartition(".")
        return [TextPlace(field, cluster_code=code)] if code and field in CLUSTER_FIELDS else []
    if head != "question":
        return []
    found = [TextPlace(field, question_key=rest[: -len(field) - 1])
             for field in QUESTION_FIELDS if rest.endswith(f".{field}") and len(rest) > len(field) + 1]
    head, _dot, value = rest.rpartition(".")
    question_key, _dot, word = head.rpartition(".")
    if question_key and word in option_words():
        found.append(TextPlace(word, question_key=question_key, option=value))
    return found


def text_keys_of(details: dict[str, Any]) -> Iterator[str]:
    """The text keys a translation event's details hold: the text confirmed (``key``), each change's, and
    those confirmed or left in conflict by a save."""
    if isinstance(details.get("key"), str):
        yield details["key"]
    for change in details.get("changes") or []:
        if isinstance(change, dict) and isinstance(change.get("key"), str):
            yield change["key"]
    for name in ("confirmed", "conflicts"):
        value = details.get(name)
        if isinstance(value, list):
            yield from (key for key in value if isinstance(key, str))


def cluster_label(code: str, title: str | None) -> str:
    """A cluster by its code and title: 'cluster A “Criminalization”'."""
    return _("cluster %(code)s “%(title)s”", code=code, title=title) if title else _("cluster %(code)s", code=code)


def option_label(place: TextPlace, question: Any | None) -> str:
    """The label of the option ``place`` is (in the source language, as ``question`` reads now); its value when
    the question or the option is gone; "" for a text that is no option's label."""
    if place.option is None:
        return ""
    if question is not None:
        labels = dict(REGISTRY[question.kind].option_labels(question.options)) if question.kind in REGISTRY else {}
        found = labels.get(f"{place.field}.{place.option}")
        if found:
            return found
    return str(place.option)


def text_label(place: TextPlace, question: str, cluster: str, option: str) -> str:
    """What a text is, in words, with the question, cluster and option label already named:
    'Guidance of question 1 “…”', 'Choice “Bilateral” of question 4 “…”', 'Title of cluster A “…”'."""
    if place.question_key is not None:
        if place.field == "text":
            return _("Text of %(question)s", question=question)
        if place.field == "guidance":
            return _("Guidance of %(question)s", question=question)
        if place.field == "choice":
            return _("Choice “%(label)s” of %(question)s", label=option, question=question)
        if place.field == "row":
            return _("Row “%(label)s” of %(question)s", label=option, question=question)
        if place.field == "column":
            return _("Column “%(label)s” of %(question)s", label=option, question=question)
        return _("Label “%(label)s” of %(question)s", label=option, question=question)
    if place.cluster_code is not None:
        if place.field == "description":
            return _("Description of %(cluster)s", cluster=cluster)
        return _("Title of %(cluster)s", cluster=cluster)
    return _("Title of the questionnaire")
