"""The builder's pages in words: answer types by their names, follow-up rules as sentences."""
from __future__ import annotations

from typing import Mapping

from flask_babel import gettext as _

from questionnaire.kinds import REGISTRY
from questionnaire.models import Question


def kind_label(name: str) -> str:
    """The answer type's name in the reader's language ("Yes / Yes, in part / No"); the code if unknown."""
    kind = REGISTRY.get(name)
    return str(kind.label) if kind is not None else name


def either(words: list[str]) -> str:
    """"A", "A or B", "A, B or C"."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s or %(last)s", first=", ".join(words[:-1]), last=words[-1])


def follow_up_rule(question: Question, by_key: Mapping[str, Question]) -> str:
    """"Shown when question 1 is Yes or Yes, in part", or "" for a question always shown."""
    if not question.show_if:
        return ""
    parent = by_key.get(question.show_if.get("question"))
    values = list(question.show_if.get("in") or [])
    if parent is None:
        return _("Shown when question %(key)s is %(values)s", key=question.show_if.get("question"),
                 values=either(values))
    kind = REGISTRY.get(parent.kind)
    labels = [kind.choice_label(value, parent.options) if kind is not None and kind.closed else value
              for value in values]
    return _("Shown when question %(number)s is %(values)s", number=parent.number or parent.key,
             values=either(labels))
