"""The instruments under review, their articles and paragraphs, and provision references.

The articles, numbered paragraphs, lettered subparagraphs and their items come from the reference table
``questionnaire/data/instruments.json``.  A questionnaire cites the provisions of its own instrument
plainly ("art. 6 (1) (a)", "art. 3 (c) (i)") and those of the instrument it supplements with that
instrument's short name first ("Convention art. 15 (2) (b)").  :meth:`Instrument.problem` tells whether
a reference names a provision that exists.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import total_ordering
from importlib import resources
from typing import Iterable, Mapping

from flask_babel import force_locale, gettext as _, lazy_gettext as _l, pgettext

PROVISION_PATTERN = re.compile(
    r"^(?:(?P<instrument>[A-Z][A-Za-z]*) )?art\. (?P<article>\d+)(?: \((?P<paragraph>\d+)\))?"
    r"(?: \((?P<sub>[a-z])\))?(?: \((?P<item>[ivx]+)\))?$"
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}

#: paragraph number ("" for text without a number) → lettered subparagraph ("" none) → its items
Structure = Mapping[str, Mapping[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    chapter: str
    default_cluster: str | None  # None: not reviewed (general or final provisions)
    #: None when the reference table does not record the article's paragraphs
    structure: Structure | None = field(default=None, compare=False, repr=False)


@total_ordering
@dataclass(frozen=True)
class Provision:
    article: int
    paragraph: int | None = None
    subparagraph: str | None = None
    item: str | None = None  # a roman numeral under a lettered subparagraph: "art. 6 (1) (b) (i)"
    instrument: str = ""  # "" for the questionnaire's own instrument, else the cited one ("Convention")

    def __str__(self) -> str:
        text = f"{self.instrument} art. {self.article}" if self.instrument else f"art. {self.article}"
        for part in (self.paragraph, self.subparagraph, self.item):
            if part is not None:
                text += f" ({part})"
        return text

    @property
    def sort_key(self) -> tuple:
        return (self.instrument, self.article, self.paragraph or 0, self.subparagraph or "",
                _ROMAN.get(self.item or "", 0))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Provision):
            return NotImplemented
        return self.sort_key < other.sort_key

    @property
    def whole_article(self) -> bool:
        return self.paragraph is None and self.subparagraph is None


def parse_provision(text: str) -> Provision | None:
    """The provision written as "art. 6", "art. 16 (4)", "art. 6 (1) (b) (i)" or, for the instrument a
    Protocol supplements, "Convention art. 15 (2) (b)"; None if malformed or citing an unknown instrument.

    Whether the provision exists is :meth:`Instrument.problem`'s question, not this one's.
    """
    match = PROVISION_PATTERN.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    cited = match["instrument"] or ""
    if cited and cited not in CITED_AS:
        return None
    if match["item"] and not match["sub"]:
        return None
    paragraph = match["paragraph"]
    return Provision(int(match["article"]), int(paragraph) if paragraph else None, match["sub"], match["item"], cited)


@dataclass(frozen=True)
class Instrument:
    name: str
    articles: tuple[Article, ...]
    code: str = ""
    full_title: str = ""
    cited_as: str = ""  # how another instrument's questionnaire cites it ("Convention"); "" for none
    supplements: str | None = None  # the code of the instrument this one supplements

    def article(self, number: int) -> Article | None:
        return next((article for article in self.articles if article.number == number), None)

    @property
    def reviewable(self) -> tuple[Article, ...]:
        return tuple(article for article in self.articles if article.default_cluster)

    def cited_instrument(self, provision: Provision) -> Instrument | None:
        """The instrument ``provision`` belongs to when a questionnaire on this instrument cites it."""
        if not provision.instrument:
            return self
        cited = CITED_AS.get(provision.instrument)
        return cited if cited is not None and cited.code == self.supplements else None

    def problem(self, provision: Provision) -> str | None:  # lazy text, translated when shown
        """Why ``provision``, cited in a questionnaire on this instrument, names nothing that exists; None if it does."""
        instrument = self.cited_instrument(provision)
        if instrument is None:
            return _("%(instrument)s does not supplement the %(cited)s; cite its own articles as \"art. 6 (1) (a)\"",
                         instrument=self.name, cited=provision.instrument)
        article = instrument.article(provision.article)
        if article is None:
            return _("%(instrument)s has no article %(article)s", instrument=instrument.name, article=provision.article)
        if provision.whole_article:
            return None
        if article.structure is None:
            return _("the reference table does not record the paragraphs of article %(article)s of the %(instrument)s;"
                         " cite the whole article", article=provision.article, instrument=instrument.name)
        paragraph = "" if provision.paragraph is None else str(provision.paragraph)
        subparagraphs = article.structure.get(paragraph)
        items = subparagraphs.get(provision.subparagraph or "") if subparagraphs is not None else None
        exists = subparagraphs is not None and (provision.subparagraph is None or (
            items is not None and (provision.item is None or provision.item in items)))
        if not exists:
            return _("%(instrument)s has no %(provision)s", instrument=instrument.name,
                         provision=str(Provision(provision.article, provision.paragraph, provision.subparagraph, provision.item)))
        return None


def provisions_of(article: Article) -> list[Provision]:
    """Every citable provision of ``article``, from the whole article down to the items, in order."""
    found = [Provision(article.number)]
    for paragraph, subparagraphs in (article.structure or {}).items():
        number = int(paragraph) if paragraph else None
        if number is not None:
            found.append(Provision(article.number, number))
        for letter, items in subparagraphs.items():
            found.append(Provision(article.number, number, letter))
            found += [Provision(article.number, number, letter, item) for item in items]
    return found


def _article(row: dict) -> Article:
    structure = row.get("paragraphs")
    if structure is not None:
        structure = {str(paragraph): {str(letter): tuple(items) for letter, items in subs.items()}
                     for paragraph, subs in structure.items()}
    return Article(row["number"], row["title"], row["chapter"], row.get("review_cluster"), structure)


def _load() -> tuple[Instrument, ...]:
    text = resources.files("questionnaire").joinpath("data", "instruments.json").read_text(encoding="utf-8")
    return tuple(
        Instrument(
            name=row["name"], articles=tuple(_article(article) for article in row["articles"]), code=row["code"],
            full_title=row.get("full_title", row["name"]), cited_as=row.get("cited_as") or "",
            supplements=row.get("supplements"),
        )
        for row in json.loads(text)["instruments"]
    )


_ALL = _load()
CITED_AS: dict[str, Instrument] = {instrument.cited_as: instrument for instrument in _ALL if instrument.cited_as}
INSTRUMENTS: dict[str, Instrument] = {instrument.name: instrument for instrument in _ALL}
BY_CODE: dict[str, Instrument] = {instrument.code: instrument for instrument in _ALL}
SOM_PROTOCOL = BY_CODE["som"]
CONVENTION = BY_CODE["untoc"]


def get_instrument(name: str) -> Instrument | None:
    return INSTRUMENTS.get(name)


#: The instruments' names as the pages of each language write them (the names stored and in definitions are
#: the English ones, which also name an instrument no catalogue knows).
_NAMES_IN_WORDS = {
    "som": _l("Smuggling of Migrants Protocol"),
    "untoc": _l("United Nations Convention against Transnational Organized Crime"),
}


def instrument_name(instrument: object) -> str:
    """The name of ``instrument`` (anything with ``code`` and ``name``) in the reader's language."""
    named = _NAMES_IN_WORDS.get(getattr(instrument, "code", ""))
    return str(named) if named is not None else getattr(instrument, "name", "")


#: How the UN texts of a language letter subparagraphs, where not with the Latin letters: the Arabic texts take
#: the letters in the abjad order (أ، ب، ج، د، هـ، و، ز، ح، ط، ي، ك، ل ...), the nth Latin letter becoming the nth
#: of that order, as the Arabic text of the Convention letters the terms of its article 2 "(أ)" to "(ي)".
SUBPARAGRAPH_LETTERS: dict[str, tuple[str, ...]] = {
    "ar": ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
           "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ"),
}

#: What separates several references in a language's texts: the Arabic semicolon, the Chinese full-width one.
CITATION_SEPARATORS: dict[str, str] = {"ar": "؛ ", "zh": "；"}


def subparagraph_letter(letter: str, language: str) -> str:
    """The lettered subparagraph ``letter`` ("a" to "z") as the UN texts of ``language`` letter it."""
    letters = SUBPARAGRAPH_LETTERS.get(language)
    position = ord(letter) - ord("a")
    return letters[position] if letters is not None and 0 <= position < len(letters) else letter


def cited_in(text: str, language: str) -> str:
    """A provision reference as a reader of ``language`` (an interface language) writes it: "art. 6 (1) (a)"
    is "ст. 6 (1) (a)" in Russian, "第6条 (1) (a)" in Chinese and "المادة 6 (1) (أ)" in Arabic (whose texts
    letter subparagraphs with Arabic letters), "Convention art. 15 (2)" is "Convención, art. 15 (2)" in
    Spanish. The paragraph numbers and the items' roman numerals stay as the treaty numbers them. A reference
    not of that form (or citing an instrument the table does not know) stays as written."""
    provision = parse_provision(text)
    if provision is None:
        return text
    article, cited, names = _citation_words(language)
    subparagraph = subparagraph_letter(provision.subparagraph, language) if provision.subparagraph else None
    marks = "".join(f" ({part})" for part in (provision.paragraph, subparagraph, provision.item) if part is not None)
    if provision.instrument:
        return cited % {"instrument": names.get(provision.instrument, provision.instrument),
                        "article": provision.article} + marks
    return article % {"article": provision.article} + marks


def cite_all(provisions: Iterable[object], language: str) -> str:
    """A question's provisions, each :func:`cited_in` ``language``, joined as that language's texts join
    references: "art. 6 (1) (a); art. 7" in English, "المادة 6 (1) (أ)؛ المادة 7" in Arabic, "第6条 (1) (a)；第7条"
    in Chinese. For display only: the provisions are stored, exported and filtered as written."""
    return CITATION_SEPARATORS.get(language, "; ").join(cited_in(str(provision), language) for provision in provisions)


_CITATION_WORDS: dict[str, tuple[str, str, dict[str, str]]] = {}


def _citation_words(language: str) -> tuple[str, str, dict[str, str]]:
    """The forms of an article reference in ``language`` (from the interface's catalogues), kept once read."""
    words = _CITATION_WORDS.get(language)
    if words is None:
        with force_locale(language):
            # TRANSLATORS: a reference to an article of the instrument under review; only the word changes
            article = pgettext("citation", "art. %(article)s")
            # TRANSLATORS: a reference to an article of the instrument it supplements ("Convention art. 15")
            cited = pgettext("citation", "%(instrument)s art. %(article)s")
            # TRANSLATORS: the short name of the Convention when its articles are cited
            names = {"Convention": pgettext("citation", "Convention")}
        words = _CITATION_WORDS.setdefault(language, (article, cited, names))
    return words
