"""A stored questionnaire checked as a definition, its problems named as people see them."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l

from questionnaire.definitions.document import export_document
from questionnaire.definitions.problems import Problem
from questionnaire.definitions.validate import check_document
from questionnaire.models import Questionnaire

_PLACE = re.compile(r"^clusters\[(\d+)\](?:\.questions\[(\d+)\])?\.?(.*)$")
_FIELD = re.compile(r"^([a-z_]+)")

#: The fields of a definition as the secretariat calls them (the JSON names stay for the command line).
FIELD_NAMES = {
    "format": _l("format"), "format_version": _l("format version"), "slug": _l("short name"),
    "title": _l("title"), "instrument": _l("instrument"), "version": _l("version"), "languages": _l("languages"),
    "code": _l("code"), "description": _l("description"), "questions": _l("questions"), "key": _l("key"),
    "number": _l("number"), "text": _l("text"), "guidance": _l("guidance"), "kind": _l("answer type"),
    "required": _l("required"), "provisions": _l("provisions"), "options": _l("options"),
    "show_if": _l("follow-up rule"),
}


def _field_name(path: str) -> str:
    match = _FIELD.match(path)
    return str(FIELD_NAMES.get(match[1], match[1])) if match else path


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def describe_place(document: dict[str, Any], place: str, message: str) -> str:
    """A problem or warning named as people see it: "Cluster II, question 14 “Is …”: text must not be
    empty" — by cluster code, question number and text, never by a JSON path such as ``clusters[1]``."""
    if place == "clusters" and not document.get("clusters"):
        return _("The questionnaire has no cluster yet: add one.")
    match = _PLACE.match(place)
    if match is None:  # the questionnaire as a whole: "Title must not be empty"
        return sentence(_("%(field)s %(message)s", field=_field_name(place), message=message) if place else message)
    try:
        cluster = document["clusters"][int(match[1])]
        question = cluster["questions"][int(match[2])] if match[2] is not None else None
    except (IndexError, KeyError, TypeError):
        return f"{place}: {message}"
    if question is None:
        where = _("Cluster %(code)s", code=cluster.get("code"))
    else:
        text, number = str(question.get("text") or "").strip(), question.get("number") or "–"
        where = _("Cluster %(code)s, question %(number)s “%(text)s”", code=cluster.get("code"), number=number,
                  text=text if len(text) <= 60 else text[:59] + "…") if text else \
            _("Cluster %(code)s, question %(number)s", code=cluster.get("code"), number=number)
    if match[3]:
        return _("%(where)s: %(field)s %(message)s", where=where, field=_field_name(match[3]), message=message)
    return _("%(where)s: %(message)s", where=where, message=message)


def describe_problem(document: dict[str, Any], problem: Problem) -> str:
    """A problem of ``check_document`` with its place named as people see it (see :func:`describe_place`)."""
    return describe_place(document, problem.place, problem.message)


def definition_problems(questionnaire: Questionnaire, allow_empty: bool = False) -> list[str]:
    """Every problem of the questionnaire's definition, readable; ``allow_empty`` ignores "no cluster yet"."""
    document = export_document(questionnaire)
    problems = check_document(document)
    if allow_empty:
        problems = [problem for problem in problems if problem.place != "clusters"]
    return [describe_problem(document, problem) for problem in problems]
