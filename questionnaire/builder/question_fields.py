"""A question's editable fields as plain data, and reading them from what the builder's form sends.

Pure functions: no database, no request. Typing mistakes raise ``FieldInvalid`` naming the field, so the
form can show the message next to what the person typed.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_babel import gettext as _

from questionnaire.instruments import Instrument, parse_provision
from questionnaire.kinds import InvalidAnswer, get_kind

#: The parts of a question that a correction may change once the structure is frozen.
WORDING_FIELDS = ("number", "text", "guidance")


class FieldInvalid(ValueError):
    """A form field that cannot be read; ``field`` names it, ``message`` says what to write instead."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass
class QuestionFields:
    """Everything the builder edits on a question (the definition document's question object)."""

    key: str
    text: str
    kind: str
    number: str = ""
    guidance: str = ""
    required: bool = False
    provisions: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    show_if: dict[str, Any] | None = None

    @classmethod
    def of(cls, question: Any) -> "QuestionFields":
        """The fields of a ``Question`` row (copies, so editing them leaves the row alone)."""
        return cls(
            key=question.key, text=question.text, kind=question.kind, number=question.number or "",
            guidance=question.guidance or "", required=question.required,
            provisions=list(question.provisions or []), options=dict(question.options or {}),
            show_if=dict(question.show_if) if question.show_if else None,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def apply_to(self, question: Any) -> None:
        """Write every field onto a ``Question`` row."""
        for name, value in self.as_dict().items():
            setattr(question, name, value)


def changed_fields(before: QuestionFields, after: QuestionFields) -> dict[str, tuple[Any, Any]]:
    """The fields that differ, as ``name → (before, after)``."""
    old, new = before.as_dict(), after.as_dict()
    return {name: (old[name], new[name]) for name in old if old[name] != new[name]}


def is_wording_only(before: QuestionFields, after: QuestionFields) -> bool:
    """True when only the wording changed: number, text, guidance or the labels of the same choices."""
    for name in changed_fields(before, after):
        if name in WORDING_FIELDS:
            continue
        if name == "options" and _same_choice_codes(before.options, after.options):
            continue
        return False
    return True


def _same_choice_codes(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Options equal apart from the choices' labels (same codes, same order)."""
    rest_old = {k: v for k, v in old.items() if k != "choices"}
    rest_new = {k: v for k, v in new.items() if k != "choices"}
    codes_old = [c.get("value") for c in old.get("choices") or [] if isinstance(c, dict)]
    codes_new = [c.get("value") for c in new.get("choices") or [] if isinstance(c, dict)]
    return rest_old == rest_new and codes_old == codes_new


# --- choices -------------------------------------------------------------------------------------


def _code_from_label(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:64]


def parse_choices(text: str) -> list[dict[str, str]]:
    """Choices written one a line as ``code | label`` (a line without ``|`` gets a code made from its label).

    Blank lines are skipped. Raises ``FieldInvalid`` for a line with an empty label. Codes are checked later,
    with the rest of the definition.
    """
    choices = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, bar, label = line.partition("|")
        if not bar:
            label, code = code, _code_from_label(code)
        if not label.strip():
            raise FieldInvalid("choices", _("Line %(line)s has no label after “|”.", line=number))
        choices.append({"value": code.strip(), "label": label.strip()})
    return choices


def format_choices(choices: list[dict[str, str]] | None) -> str:
    """The choices as the editor shows them: one ``code | label`` a line."""
    return "\n".join(f"{c.get('value', '')} | {c.get('label', '')}" for c in choices or [])


# --- kind-specific options -----------------------------------------------------------------------


def _whole(text: str, name: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise FieldInvalid(name, _("Enter a whole number greater than zero."))
    return int(text)


def options_from_form(kind_name: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The options of a ``kind_name`` question from the form's option fields (blank fields are left out).

    ``raw`` holds text for ``choices``, ``min``, ``max``, ``max_length``, ``min_selected``, ``max_selected``,
    ``max_links`` and a bool for ``integer``; only the options the kind understands are read.
    Raises ``FieldInvalid`` naming the first field that cannot be read.
    """
    kind = get_kind(kind_name)
    options: dict[str, Any] = {}
    texts = {name: str(raw.get(name) or "").strip() for name in raw}
    if "choices" in kind.option_names:
        options["choices"] = parse_choices(str(raw.get("choices") or ""))
    for name in ("max_length", "min_selected", "max_selected", "max_links"):
        if name in kind.option_names and texts.get(name):
            options[name] = _whole(texts[name], name)
    for name in ("min", "max"):
        if name in kind.option_names and texts.get(name):
            try:
                options[name] = kind.option_from_text(name, texts[name])
            except InvalidAnswer as problem:
                raise FieldInvalid(name, problem.message) from None
    if "integer" in kind.option_names and raw.get("integer"):
        options["integer"] = True
    return options


# --- provisions ----------------------------------------------------------------------------------


def provisions_from_form(instrument: Instrument, articles: list[str], precise: str) -> list[str]:
    """Provisions from ticked whole articles and precise references ("art. 16 (4); art. 6 (1) (a)";
    the Convention's as "Convention art. 15 (1)").

    A whole article already cited more precisely is not repeated. The result is sorted by article.
    Raises ``FieldInvalid`` (field ``precise``) for a malformed reference or one the instrument does not have.
    """
    cited = []
    for text in re.split(r"[;\n]+", precise):
        if not text.strip():
            continue
        provision = parse_provision(text)
        if provision is None:
            raise FieldInvalid("precise", _("“%(text)s” is not a provision; write it as “art. 6 (1) (a)”.", text=text.strip()))
        if not provision.instrument and instrument.article(provision.article) is None:
            raise FieldInvalid("precise", _("The instrument has no article %(article)s.", article=provision.article))
        problem = instrument.problem(provision)
        if problem is not None:
            raise FieldInvalid("precise", problem)
        cited.append(provision)
    precise_articles = {provision.article for provision in cited if not provision.instrument}
    for number in articles:
        provision = parse_provision(f"art. {number}")
        if provision is not None and provision.article not in precise_articles:
            cited.append(provision)
    return [str(provision) for provision in sorted(set(cited))]


def split_provisions(provisions: list[str]) -> tuple[list[str], str]:
    """The reverse of :func:`provisions_from_form`: whole article numbers, and the precise references."""
    articles, precise = [], []
    for text in provisions:
        provision = parse_provision(text)
        if provision is not None and provision.whole_article and not provision.instrument:
            articles.append(str(provision.article))
        else:
            precise.append(text)
    return articles, "; ".join(precise)
