"""Is the questionnaire short, precise and focused?  Warnings and the coverage matrix of a definition.

Both work on a definition document (a dict, as exported by
``questionnaire.definitions.document.export_document`` or read from a JSON or XLSX file).  Unlike the
errors of ``check_document``, warnings never block an import or an endorsement: they point at texts the
secretariat may want to shorten or split, and at articles of the instrument the questionnaire leaves out.
Both functions accept a document that still has errors and skip whatever they cannot read; they never
raise.  Places are those of the document, counted from 0 like ``check_document``'s
(``clusters[1].questions[3].text``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flask_babel import gettext as _

from questionnaire.instruments import Article, get_instrument, parse_provision
from questionnaire.kinds import REGISTRY
from questionnaire.locale import ngettext, npgettext

#: A question text longer than this (in words) draws a warning.
MAX_WORDS = 40

# "and/or" followed by a word that starts a second ask: an auxiliary or question word, or an
# instruction verb ("… and/or describe …").  "Laws and/or regulations" joins two nouns and is fine.
_SECOND_ASK = re.compile(
    r"\band/or\s+(?:does|do|did|is|are|was|were|has|have|had|can|could|will|would|should|shall|may|"
    r"what|which|who|whom|whose|where|when|why|how|if|whether|please|describe|explain|list|cite|"
    r"provide|indicate|give|specify|identify|state|attach|share)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QualityWarning:
    """Something to reconsider at ``place`` in the document (never an error)."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class CitingQuestion(NamedTuple):
    key: str
    number: str


@dataclass(frozen=True)
class CoverageRow:
    """One reviewable article and, per cluster column, the questions citing it there."""

    number: int
    title: str
    default_cluster: str
    cells: tuple[tuple[CitingQuestion, ...], ...]  # in the order of ``CoverageMatrix.clusters``

    @property
    def cited(self) -> bool:
        return any(self.cells)


@dataclass(frozen=True)
class CoverageMatrix:
    """Reviewable articles × clusters; ``uncited`` lists the articles no question cites."""

    clusters: tuple[str, ...]
    cluster_titles: tuple[str, ...]
    rows: tuple[CoverageRow, ...]
    uncited: tuple[Article, ...] = field(default=())

    def cell(self, article: int, cluster: str) -> tuple[CitingQuestion, ...]:
        """The questions of ``cluster`` citing ``article``; raises ``KeyError`` for an unknown one."""
        row = next((row for row in self.rows if row.number == article), None)
        if row is None or cluster not in self.clusters:
            raise KeyError((article, cluster))
        return row.cells[self.clusters.index(cluster)]


def word_count(text: str) -> int:
    return len(text.split())


#: How much longer than English a question may run in a language before the length warning: the same
#: question takes about a quarter more words in French, Spanish and Russian, and about a tenth more in
#: Arabic (which joins articles and prepositions to the word). Chinese is written without spaces, so it is
#: measured in characters instead, at about two characters for an English word (40 words ≈ 80 characters).
LENGTH_ALLOWANCE = {"en": 1.0, "fr": 1.25, "es": 1.25, "ru": 1.25, "ar": 1.1}
CHARACTERS_PER_WORD = {"zh": 2}

# Question marks of every script the questionnaire is written in (Latin and Cyrillic, Arabic, full width).
_QUESTION_MARKS = ("?", "\u061f", "\uff1f")


def _limit_in_words(limit: int, in_characters: bool = False) -> str:
    """``limit`` counted in words, or in characters, as the length warnings say it ("keep a question to 40 words
    or fewer"), where a language may count in another form than standing alone."""
    if in_characters:
        return npgettext("the longest a question should be, in the warning that a question is longer",
                         "%(num)s character", "%(num)s characters", limit)
    return npgettext("the longest a question should be, in the warning that a question is longer",
                     "%(num)s word", "%(num)s words", limit)


def length_limit(language: str) -> tuple[int, bool]:
    """The longest a question may run in ``language``: ``(limit, in_characters)``; words unless the
    language is written without spaces."""
    if language in CHARACTERS_PER_WORD:
        return MAX_WORDS * CHARACTERS_PER_WORD[language], True
    return round(MAX_WORDS * LENGTH_ALLOWANCE.get(language, 1.0)), False


def translated_question_warnings(key: str, text: str, language: str) -> list[str]:
    """The warnings of a question's text translated into ``language``: too long for the language's
    allowance, or two questions in one (two question marks, in any script)."""
    limit, in_characters = length_limit(language)
    warnings = []
    if in_characters:
        length = len("".join(text.split()))
        if length > limit:
            warnings.append(ngettext("%(key)s has %(num)s character; keep a question to %(limit)s or fewer in this "
                                     "language",
                                     "%(key)s has %(num)s characters; keep a question to %(limit)s or fewer in this "
                                     "language", length, key=key, limit=_limit_in_words(limit, in_characters=True)))
    elif word_count(text) > limit:
        warnings.append(ngettext("%(key)s has %(num)s word; keep a question to %(limit)s or fewer in this language",
                                 "%(key)s has %(num)s words; keep a question to %(limit)s or fewer in this language",
                                 word_count(text), key=key, limit=_limit_in_words(limit)))
    if sum(text.count(mark) for mark in _QUESTION_MARKS) >= 2:
        warnings.append(_("%(key)s asks more than one question; split it so each answer means one thing", key=key))
    return warnings


def asks_more_than_one_question(text: str) -> bool:
    """True for two or more question marks, or "and/or" joining two asks."""
    return text.count("?") >= 2 or _SECOND_ASK.search(text) is not None


def _clusters(document: Any) -> list[dict]:
    clusters = document.get("clusters") if isinstance(document, dict) else None
    return [c if isinstance(c, dict) else {} for c in clusters] if isinstance(clusters, list) else []


def _questions(cluster: dict) -> list[dict]:
    questions = cluster.get("questions")
    return [q if isinstance(q, dict) else {} for q in questions] if isinstance(questions, list) else []


def _cited_articles(question: dict) -> set[int]:
    provisions = question.get("provisions")
    if not isinstance(provisions, list):
        return set()
    parsed = (parse_provision(text) for text in provisions if isinstance(text, str))
    # the instrument's own articles: "Convention art. 15" is not article 15 of a Protocol
    return {provision.article for provision in parsed if provision is not None and not provision.instrument}


def _cites_a_provision(question: dict) -> bool:
    provisions = question.get("provisions")
    return isinstance(provisions, list) and any(
        isinstance(text, str) and parse_provision(text) is not None for text in provisions)


def _reviewable(document: Any) -> tuple[Article, ...]:
    name = document.get("instrument") if isinstance(document, dict) else None
    instrument = get_instrument(name) if isinstance(name, str) else None
    return instrument.reviewable if instrument else ()


def _takes_answer(question: dict) -> bool:
    kind = REGISTRY.get(question.get("kind")) if isinstance(question.get("kind"), str) else None
    return kind.answerable if kind else True


def _question_warnings(question: dict, place: str) -> list[QualityWarning]:
    text = question.get("text")
    key = question.get("key") if isinstance(question.get("key"), str) else "?"
    warnings: list[QualityWarning] = []
    if isinstance(text, str) and word_count(text) > MAX_WORDS:
        warnings.append(QualityWarning(f"{place}.text", ngettext(
            "%(key)s has %(num)s word; keep a question to %(limit)s or fewer",
            "%(key)s has %(num)s words; keep a question to %(limit)s or fewer",
            word_count(text), key=key, limit=_limit_in_words(MAX_WORDS))))
    if not _takes_answer(question):
        return warnings  # a note explains; it asks nothing and needs no provision
    if isinstance(text, str) and asks_more_than_one_question(text):
        warnings.append(QualityWarning(f"{place}.text", _(
            "%(key)s asks more than one question; split it so each answer means one thing", key=key)))
    if not _cites_a_provision(question):
        warnings.append(QualityWarning(f"{place}.provisions", _(
            "%(key)s cites no provision; tie every question to an article it reviews", key=key)))
    return warnings


def document_warnings(document: dict) -> list[QualityWarning]:
    """Every warning of ``document``, in document order, uncited articles last."""
    warnings: list[QualityWarning] = []
    cited: set[int] = set()
    for c_index, cluster in enumerate(_clusters(document)):
        questions = _questions(cluster)
        if not questions:
            code = cluster.get("code") if isinstance(cluster.get("code"), str) else "?"
            warnings.append(QualityWarning(f"clusters[{c_index}]", _(
                "cluster %(code)s has no question; add questions or remove it", code=code)))
        for q_index, question in enumerate(questions):
            warnings += _question_warnings(question, f"clusters[{c_index}].questions[{q_index}]")
            cited |= _cited_articles(question)
    for article in _reviewable(document):
        if article.number not in cited:
            warnings.append(QualityWarning("instrument", _(
                "no question cites article %(number)s (%(title)s)", number=article.number, title=article.title)))
    return warnings


def coverage_matrix(document: dict) -> CoverageMatrix:
    """The reviewable articles of the document's instrument × its clusters, with the citing questions.

    A question citing several paragraphs of one article appears once in that article's cell.
    """
    clusters = _clusters(document)
    codes = tuple(str(cluster.get("code", "")) for cluster in clusters)
    titles = tuple(str(cluster.get("title", "")) for cluster in clusters)
    citing: dict[tuple[int, int], list[CitingQuestion]] = {}
    for c_index, cluster in enumerate(clusters):
        for question in _questions(cluster):
            entry = CitingQuestion(str(question.get("key", "")), str(question.get("number") or ""))
            for article in sorted(_cited_articles(question)):
                citing.setdefault((article, c_index), []).append(entry)
    rows = tuple(
        CoverageRow(
            number=article.number,
            title=article.title,
            default_cluster=article.default_cluster or "",
            cells=tuple(tuple(citing.get((article.number, c_index), ())) for c_index in range(len(clusters))),
        )
        for article in _reviewable(document)
    )
    uncited = tuple(article for article, row in zip(_reviewable(document), rows) if not row.cited)
    return CoverageMatrix(clusters=codes, cluster_titles=titles, rows=rows, uncited=uncited)
