"""The instruments under review, their articles, and provision references such as "art. 6 (1) (a)"."""
from __future__ import annotations

import re
from dataclasses import dataclass

PROVISION_PATTERN = re.compile(r"^art\. (?P<article>\d+)(?: \((?P<paragraph>\d+)\))?(?: \((?P<sub>[a-z])\))?$")


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    chapter: str
    default_cluster: str | None  # None: not reviewed (general or final provisions)


@dataclass(frozen=True)
class Instrument:
    name: str
    articles: tuple[Article, ...]

    def article(self, number: int) -> Article | None:
        return next((article for article in self.articles if article.number == number), None)

    @property
    def reviewable(self) -> tuple[Article, ...]:
        return tuple(article for article in self.articles if article.default_cluster)


@dataclass(frozen=True, order=True)
class Provision:
    article: int
    paragraph: int | None = None
    subparagraph: str | None = None

    def __str__(self) -> str:
        text = f"art. {self.article}"
        if self.paragraph is not None:
            text += f" ({self.paragraph})"
        if self.subparagraph is not None:
            text += f" ({self.subparagraph})"
        return text


def parse_provision(text: str) -> Provision | None:
    """The provision written as "art. 6", "art. 16 (4)" or "art. 6 (1) (a)", or None if malformed."""
    match = PROVISION_PATTERN.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    paragraph = match["paragraph"]
    return Provision(int(match["article"]), int(paragraph) if paragraph else None, match["sub"])


_GENERAL = "I General provisions"
_SEA = "II Smuggling of migrants by sea"
_PREVENTION = "III Prevention, cooperation and other measures"
_FINAL = "IV Final provisions"

SOM_PROTOCOL = Instrument(
    name="Smuggling of Migrants Protocol",
    articles=(
        Article(1, "Relation with the United Nations Convention against Transnational Organized Crime", _GENERAL, None),
        Article(2, "Statement of purpose", _GENERAL, None),
        Article(3, "Use of terms", _GENERAL, "I"),
        Article(4, "Scope of application", _GENERAL, None),
        Article(5, "Criminal liability of migrants", _GENERAL, "I"),
        Article(6, "Criminalization", _GENERAL, "I"),
        Article(7, "Cooperation", _SEA, "IV"),
        Article(8, "Measures against the smuggling of migrants by sea", _SEA, "IV"),
        Article(9, "Safeguard clauses", _SEA, "IV"),
        Article(10, "Information", _PREVENTION, "IV"),
        Article(11, "Border measures", _PREVENTION, "III"),
        Article(12, "Security and control of documents", _PREVENTION, "III"),
        Article(13, "Legitimacy and validity of documents", _PREVENTION, "III"),
        Article(14, "Training and technical cooperation", _PREVENTION, "II"),
        Article(15, "Other prevention measures", _PREVENTION, "II"),
        Article(16, "Protection and assistance measures", _PREVENTION, "II"),
        Article(17, "Agreements and arrangements", _PREVENTION, "IV"),
        Article(18, "Return of smuggled migrants", _PREVENTION, "IV"),
        Article(19, "Saving clause", _FINAL, None),
        Article(20, "Settlement of disputes", _FINAL, None),
        Article(21, "Signature, ratification, acceptance, approval and accession", _FINAL, None),
        Article(22, "Entry into force", _FINAL, None),
        Article(23, "Amendment", _FINAL, None),
        Article(24, "Denunciation", _FINAL, None),
        Article(25, "Depositary and languages", _FINAL, None),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {SOM_PROTOCOL.name: SOM_PROTOCOL}


def get_instrument(name: str) -> Instrument | None:
    return INSTRUMENTS.get(name)
