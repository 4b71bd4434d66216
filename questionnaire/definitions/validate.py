"""Checking a definition document: every problem, with its place, before anything is written."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from questionnaire.definitions.languages import KNOWN_LANGUAGES, LANGUAGES_VERSION, PLAIN_VERSION, split_document
from questionnaire.definitions.problems import Problem
from questionnaire.instruments import Instrument, get_instrument, parse_provision
from questionnaire.kinds import KIND_NAMES, get_kind
from questionnaire.texts.store import LANGUAGE_STATUSES

FORMAT = "saq-definition"
FORMAT_VERSION = LANGUAGES_VERSION  # the version written; version 1 (plain texts) is still read
READ_VERSIONS = (PLAIN_VERSION, LANGUAGES_VERSION)
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,119}$")
DOCUMENT_FIELDS = {"format", "format_version", "slug", "title", "instrument", "version", "source_language", "languages",
                   "language_statuses", "clusters"}
CLUSTER_FIELDS = {"code", "title", "description", "questions"}
QUESTION_FIELDS = {"key", "number", "text", "guidance", "kind", "required", "provisions", "options", "show_if"}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    def text(self, mapping: dict, field: str, place: str, required: bool = True, limit: int | None = None) -> str:
        value = mapping.get(field)
        if value is None:
            if required:
                self.add(place, _("is missing"))
            return ""
        if not isinstance(value, str):
            self.add(place, _("must be text"))
            return ""
        if required and not value.strip():
            self.add(place, _("must not be empty"))
        if limit is not None and len(value) > limit:
            self.add(place, _("must be at most %(limit)s characters", limit=limit))
        return value

    def unknown_fields(self, mapping: dict, allowed: set[str], place: str) -> None:
        for name in sorted(set(mapping) - allowed):
            prefix = f"{place}." if place else ""
            self.add(f"{prefix}{name}", _("is not a known field"))


def check_document(document: Any) -> list[Problem]:
    """Every problem of ``document`` (parsed JSON, format version 1 or 2) with its place; an empty list
    means it can be imported.  A version 2 document's language maps are checked (see
    ``questionnaire.definitions.languages``), then its source-language texts as in version 1."""
    if not isinstance(document, dict):
        return [Problem("", _("the document must be a JSON object"))]
    version = document.get("format_version")
    if version not in READ_VERSIONS:
        return _check_plain(document, [Problem("format_version", _(
            "must be %(versions)s (this system reads these versions)",
            versions=" or ".join(str(v) for v in READ_VERSIONS)))])
    plain, _translations, problems = split_document(document)
    if version == LANGUAGES_VERSION and not isinstance(document.get("source_language"), str):
        problems.insert(0, Problem("source_language", _("is missing: name the language of the source texts")))
    placed = {problem.place for problem in problems}  # a text whose map is wrong is not reported twice
    return problems + [problem for problem in _check_plain(plain, []) if problem.place not in placed]


def _check_plain(document: dict, problems: list[Problem]) -> list[Problem]:
    check = _Checker()
    check.problems = problems
    if document.get("format") != FORMAT:
        check.add("format", _('must be "%(format)s"', format=FORMAT))
    check.unknown_fields(document, DOCUMENT_FIELDS, "")
    slug = check.text(document, "slug", "slug")
    if slug and not SLUG_PATTERN.match(slug):
        check.add("slug", _("use lowercase letters, digits and hyphens only"))
    check.text(document, "title", "title", limit=300)
    instrument = _check_instrument(check, document.get("instrument"))
    version = document.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.add("version", _("must be a whole number of at least 1"))
    _check_languages(check, document.get("languages", ["en"]), document)
    clusters = document.get("clusters")
    if not isinstance(clusters, list) or not clusters:
        check.add("clusters", _("must be a list with at least one cluster"))
        return check.problems
    _check_clusters(check, clusters, instrument)
    return check.problems


def _check_instrument(check: _Checker, name: Any) -> Instrument | None:
    if not isinstance(name, str) or get_instrument(name) is None:
        check.add("instrument", _("is not an instrument this system knows"))
        return None
    return get_instrument(name)


def _check_languages(check: _Checker, languages: Any, document: dict) -> None:
    if not isinstance(languages, list) or not languages:
        check.add("languages", _("must be a list of language codes"))
        return
    for index, code in enumerate(languages):
        if code not in KNOWN_LANGUAGES:
            check.add(f"languages[{index}]", _("must be one of %(codes)s", codes=", ".join(KNOWN_LANGUAGES)))
        elif code in languages[:index]:
            check.add(f"languages[{index}]", _('"%(code)s" is listed twice', code=code))
    source = document.get("source_language")
    if source is not None and source not in languages:
        check.add("source_language", _("must be one of the questionnaire's languages (%(codes)s)",
                                       codes=", ".join(str(code) for code in languages)))
    statuses = document.get("language_statuses")
    if statuses is None:
        return
    if not isinstance(statuses, dict):
        check.add("language_statuses", _('must be a map such as {"fr": "draft"}'))
        return
    source = source if source is not None else languages[0]
    for code, status in statuses.items():
        if code not in languages or code == source:
            check.add(f"language_statuses.{code}", _("is not a translated language of the questionnaire"))
        elif status not in LANGUAGE_STATUSES:
            check.add(f"language_statuses.{code}", _("must be one of %(statuses)s",
                                                      statuses=", ".join(LANGUAGE_STATUSES)))


def _check_clusters(check: _Checker, clusters: list, instrument: Instrument | None) -> None:
    codes: set[str] = set()
    earlier: dict[str, dict] = {}  # key -> question, in document order, for follow-up rules
    for c_index, cluster in enumerate(clusters):
        place = f"clusters[{c_index}]"
        if not isinstance(cluster, dict):
            check.add(place, _("must be an object"))
            continue
        check.unknown_fields(cluster, CLUSTER_FIELDS, place)
        code = check.text(cluster, "code", f"{place}.code", limit=8)
        if code in codes:
            check.add(f"{place}.code", _('"%(code)s" is used by another cluster', code=code))
        codes.add(code)
        check.text(cluster, "title", f"{place}.title", limit=300)
        check.text(cluster, "description", f"{place}.description", required=False)
        questions = cluster.get("questions", [])
        if not isinstance(questions, list):
            check.add(f"{place}.questions", _("must be a list"))
            continue
        for q_index, question in enumerate(questions):
            _check_question(check, question, f"{place}.questions[{q_index}]", instrument, earlier)


def _check_question(
    check: _Checker, question: Any, place: str, instrument: Instrument | None, earlier: dict[str, dict]
) -> None:
    if not isinstance(question, dict):
        check.add(place, _("must be an object"))
        return
    check.unknown_fields(question, QUESTION_FIELDS, place)
    key = check.text(question, "key", f"{place}.key", limit=120)
    if key and not KEY_PATTERN.match(key):
        check.add(f"{place}.key", _("use lowercase letters, digits, dots, hyphens and underscores only"))
    elif key in earlier:
        check.add(f"{place}.key", _('"%(key)s" is used by another question', key=key))
    check.text(question, "number", f"{place}.number", required=False, limit=20)
    check.text(question, "text", f"{place}.text")
    check.text(question, "guidance", f"{place}.guidance", required=False)
    kind_name = question.get("kind")
    kind = None
    if kind_name not in KIND_NAMES:
        check.add(f"{place}.kind", _('"%(kind)s" is not a question kind; use one of %(kinds)s', kind=kind_name, kinds=", ".join(KIND_NAMES)))
    else:
        kind = get_kind(kind_name)
    required = question.get("required", False)
    if not isinstance(required, bool):
        check.add(f"{place}.required", _("must be true or false"))
    elif required and kind is not None and not kind.answerable:
        check.add(f"{place}.required", _("a %(kind)s takes no answer and cannot be required", kind=kind_name))
    _check_provisions(check, question.get("provisions", []), f"{place}.provisions", instrument)
    options = question.get("options", {})
    if options is None:
        options = {}
    if not isinstance(options, dict):
        check.add(f"{place}.options", _("must be an object"))
    elif kind is not None:
        for sub_place, message in kind.option_problems(options):
            check.add(f"{place}.options.{sub_place}" if sub_place else f"{place}.options", str(message))
    _check_show_if(check, question.get("show_if"), f"{place}.show_if", earlier)
    if key and key not in earlier:
        earlier[key] = question


def _check_provisions(check: _Checker, provisions: Any, place: str, instrument: Instrument | None) -> None:
    if not isinstance(provisions, list):
        check.add(place, _('must be a list such as ["art. 6 (1) (a)"]'))
        return
    for index, text in enumerate(provisions):
        provision = parse_provision(text) if isinstance(text, str) else None
        if provision is None:
            check.add(f"{place}[{index}]", _('"%(text)s" is not a provision; write it as "art. 6 (1) (a)"'
                                             ' or, for the Convention, "Convention art. 15 (1)"', text=text))
        elif instrument is not None and (problem := instrument.problem(provision)) is not None:
            check.add(f"{place}[{index}]", problem)


def _check_show_if(check: _Checker, show_if: Any, place: str, earlier: dict[str, dict]) -> None:
    if show_if is None:
        return
    if not isinstance(show_if, dict) or set(show_if) != {"question", "in"}:
        check.add(place, _('must be null or {"question": KEY, "in": [VALUES]}'))
        return
    parent_key, values = show_if["question"], show_if["in"]
    parent = earlier.get(parent_key) if isinstance(parent_key, str) else None
    if parent is None:
        check.add(f"{place}.question", _('"%(key)s" is not a question before this one', key=parent_key))
        return
    if not isinstance(values, list) or not values:
        check.add(f"{place}.in", _("must list at least one answer of the parent question"))
        return
    parent_kind = parent.get("kind")
    if parent_kind not in KIND_NAMES or get_kind(parent_kind).possible_values(parent.get("options") or {}) is None:
        check.add(f"{place}.question", _('"%(key)s" has no fixed answers to depend on', key=parent_key))
        return
    possible = get_kind(parent_kind).possible_values(parent.get("options") or {}) or []
    for index, value in enumerate(values):
        if value not in possible:
            check.add(f"{place}.in[{index}]", _('"%(value)s" is not an answer "%(key)s" can take', value=value, key=parent_key))
