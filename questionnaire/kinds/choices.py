"""Closed kinds, whose answers come from a fixed list: yes_partly_no, yes_no, single_choice and
multiple_choice.

A raw answer matches a choice when, ignoring case and surrounding/repeated whitespace, it equals the
choice's value code or its label (the code wins if both could match).  Canonical values are codes:
a ``str`` for the single-answer kinds, a list of codes in the options' order for multiple_choice.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import gettext as _, lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from questionnaire.kinds.base import (
    InvalidAnswer,
    Kind,
    Options,
    Problem,
    Summary,
    as_options,
    is_blank,
    is_int,
    positive_int_problems,
    single_item,
)

__all__ = ["MultipleChoice", "SingleChoice", "YesNo", "YesPartlyNo", "CHOICE_CODE", "LABEL_SEPARATOR"]

#: What a choice's value code may look like.
CHOICE_CODE = re.compile(r"[a-z0-9_-]{1,64}")

#: Between the labels of several chosen answers written as one text (a spreadsheet cell, a printout).
LABEL_SEPARATOR = "; "

Choices = list[tuple[str, str | LazyString]]


def _normalise(text: str) -> str:
    """``text`` with whitespace collapsed and case folded, for matching codes and labels."""
    return " ".join(text.split()).casefold()


def choices_problems(options: Options) -> list[Problem]:
    """Problems with the ``choices`` option: a list of at least two ``{"value", "label"}`` mappings
    with unique codes matching :data:`CHOICE_CODE` and non-empty labels."""
    if "choices" not in options:
        return [("choices", _("List the choices: at least two, each with a value and a label."))]
    choices = options["choices"]
    if not isinstance(choices, Sequence) or isinstance(choices, str):
        return [("choices", _("The choices must be a list."))]
    problems: list[Problem] = []
    if len(choices) < 2:
        problems.append(("choices", _("Give at least two choices.")))
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        place = f"choices[{index}]"
        if not isinstance(choice, Mapping):
            problems.append((place, _("Each choice must have a value and a label.")))
            continue
        for key in choice:
            if key not in ("value", "label"):
                problems.append(
                    (f"{place}.{key}", _("“%(name)s” is not a property of a choice.", name=str(key)))
                )
        value = choice.get("value")
        if not isinstance(value, str) or not CHOICE_CODE.fullmatch(value):
            problems.append((f"{place}.value", _(
                "A choice’s value must be 1 to 64 characters: lower-case letters a–z, digits, “_” or “-”."
            )))
        elif value in seen:
            problems.append(
                (f"{place}.value", _("The value “%(value)s” is used by more than one choice.", value=value))
            )
        else:
            seen.add(value)
        label = choice.get("label")
        if not isinstance(label, str) or not label.strip():
            problems.append((f"{place}.label", _("Give the choice a label.")))
    return problems


class _ClosedKind(Kind):
    """Shared behaviour of kinds whose values come from a list of ``(code, label)`` choices."""

    closed = True
    widget = "choices"
    first_control_suffix = "-0"

    def _choices(self, options: Options) -> Choices:
        """The ``(code, label)`` pairs in order (hook)."""
        raise NotImplementedError

    def _labels(self, options: Options | None) -> dict[str, str]:
        """Each code's label in the current locale, in order."""
        options = as_options(options)
        return {code: self.choice_label(code, options) for code in self.possible_values(options)}

    def _select_choices(self, options: Options | None) -> list[SelectChoice]:
        """The choices of the form field, in order."""
        return [SelectChoice(code, label) for code, label in self._labels(options).items()]

    def possible_values(self, options: Options | None = None) -> list[str]:
        """The value codes, in order."""
        return [code for code, _label in self._choices(as_options(options))]

    def choice_label(self, value: str, options: Options | None = None) -> str:
        """The label of code ``value`` in the current locale; an unknown code is returned as it is."""
        for code, label in self._choices(as_options(options)):
            if code == value:
                return str(label)
        return str(value)

    def _match(self, item: str, options: Options) -> str | None:
        """The code that ``item`` names (by code first, then by label), or ``None``."""
        wanted = _normalise(item)
        choices = self._choices(options)
        for code, _label in choices:
            if _normalise(code) == wanted:
                return code
        for code, label in choices:
            if _normalise(str(label)) == wanted:
                return code
        return None

    def _summarize(self, answered: list[Any], options: Options, summary: Summary) -> None:
        """Count each code (each selected code for lists); every possible code appears, zeros
        included, in order; codes no longer among the choices follow in first-seen order."""
        counts = {code: 0 for code in self.possible_values(options)}
        for value in answered:
            for code in value if isinstance(value, list) else [value]:
                if isinstance(code, str):
                    counts[code] = counts.get(code, 0) + 1
        summary.counts = counts


class _SingleClosedKind(_ClosedKind):
    """A closed kind whose answer is one code."""

    #: Whether JSON ``true``/``false`` are read as ``"yes"``/``"no"``.
    accepts_bool: ClassVar[bool] = False

    def _coerce(self, raw: Any, options: Options) -> str | None:
        """Read one code from a string, a code or label, a one-item list, or (yes/no kinds) a bool.

        Raises :class:`InvalidAnswer` for anything else or for several non-blank items.
        """
        raw = single_item(raw, lambda: _("Choose only one answer."))
        if is_blank(raw):
            return None
        if isinstance(raw, bool) and self.accepts_bool:
            return "yes" if raw else "no"
        code = self._match(raw, options) if isinstance(raw, str) else None
        if code is None:
            raise InvalidAnswer(_("Choose one of the listed answers."))
        return code

    def _check(self, value: Any, options: Options) -> None:
        """The value must be one of the codes."""
        if not isinstance(value, str) or value not in self.possible_values(options):
            raise InvalidAnswer(_("Choose one of the listed answers."))

    def _as_text(self, value: Any, options: Options) -> str:
        """The label of the code."""
        return self.choice_label(value, options)

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> RadioField:
        """Radio buttons, the last one "No answer yet"."""
        # A last "no answer" choice lets a person take back an answer given by mistake (radios cannot be unticked).
        clear = SelectChoice("", str(_l("No answer yet")))
        return RadioField(label, choices=[*self._select_choices(options), clear], validate_choice=False)

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """The code's label (an unknown code as it is)."""
        labels = self._labels(options)
        return lambda value: labels.get(value, value) if value else None


class YesPartlyNo(_SingleClosedKind):
    """The mechanism's scale: ``"yes"``, ``"partly"`` or ``"no"``; takes no options."""

    name = "yes_partly_no"
    label = _l("Yes / Yes, in part / No")
    accepts_bool = True
    rates_compliance = True
    #: Green, amber, red.
    code_colours = {"yes": "C6EFCE", "partly": "FFEB9C", "no": "FFC7CE"}
    _FIXED: ClassVar[Choices] = [("yes", _l("Yes")), ("partly", _l("Yes, in part")), ("no", _l("No"))]

    def _choices(self, options: Options) -> Choices:
        """The fixed scale."""
        return list(self._FIXED)

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """Mostly yes, sometimes in part, now and then no."""
        return rng.choices(["yes", "partly", "no"], weights=[6, 3, 2])[0]


class YesNo(_SingleClosedKind):
    """``"yes"`` or ``"no"``; takes no options."""

    name = "yes_no"
    label = _l("Yes / No")
    accepts_bool = True
    _FIXED: ClassVar[Choices] = [("yes", _l("Yes")), ("no", _l("No"))]

    def _choices(self, options: Options) -> Choices:
        """The fixed pair."""
        return list(self._FIXED)

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """Yes three times in four."""
        return rng.choices(["yes", "no"], weights=[3, 1])[0]


def _option_choices(options: Options) -> Choices:
    """The well-formed ``(value, label)`` pairs of the ``choices`` option, in order."""
    choices = options.get("choices")
    if not isinstance(choices, Sequence) or isinstance(choices, str):
        return []
    return [
        (choice["value"], str(choice.get("label") or choice["value"]))
        for choice in choices
        if isinstance(choice, Mapping) and isinstance(choice.get("value"), str)
    ]


class SingleChoice(_SingleClosedKind):
    """One code out of the ``choices`` option (required)."""

    name = "single_choice"
    label = _l("One answer from a list")
    option_names = frozenset({"choices"})
    labelled_options = {"choices": "choice"}

    def _option_problems(self, options: Options) -> list[Problem]:
        """See :func:`choices_problems`."""
        return choices_problems(options)

    def _choices(self, options: Options) -> Choices:
        """The choices given in the options."""
        return _option_choices(options)

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> str:
        """Any of the choices."""
        return rng.choice(self.possible_values(options))


class MultipleChoice(_ClosedKind):
    """Several codes out of the ``choices`` option (required), optionally limited by
    ``min_selected``/``max_selected``; the canonical value lists codes once each, in the options'
    order."""

    name = "multiple_choice"
    label = _l("Several answers from a list")
    multiple = True
    option_names = frozenset({"choices", "min_selected", "max_selected"})
    labelled_options = {"choices": "choice"}

    def _option_problems(self, options: Options) -> list[Problem]:
        """Choices as for single_choice; limits positive whole numbers, ``min <= max``, and
        ``min_selected`` no more than the number of choices."""
        problems = choices_problems(options)
        problems += positive_int_problems(options, "min_selected")
        problems += positive_int_problems(options, "max_selected")
        low, high = options.get("min_selected"), options.get("max_selected")
        if is_int(low) and is_int(high) and low > high:
            problems.append(("min_selected", _("“min_selected” must not be more than “max_selected”.")))
        count = len(_option_choices(options))
        if is_int(low) and count and low > count:
            problems.append(
                ("min_selected", _("“min_selected” must not be more than the number of choices."))
            )
        return problems

    def _choices(self, options: Options) -> Choices:
        """The choices given in the options."""
        return _option_choices(options)

    def _coerce(self, raw: Any, options: Options) -> list[str] | None:
        """Read codes (or labels) from a list of strings or a single string; blank items are ignored.

        Raises :class:`InvalidAnswer` when an item is not one of the choices.
        """
        if raw is None or isinstance(raw, str):
            items: list[Any] = [raw]
        elif isinstance(raw, (list, tuple, set, frozenset)):
            items = list(raw)
        else:
            raise InvalidAnswer(_("Choose only from the listed answers."))
        picked: set[str] = set()
        for item in items:
            if is_blank(item):
                continue
            code = self._match(item, options) if isinstance(item, str) else None
            if code is None:
                raise InvalidAnswer(_("Choose only from the listed answers."))
            picked.add(code)
        if not picked:
            return None
        return [code for code in self.possible_values(options) if code in picked]

    def _check(self, value: Any, options: Options) -> None:
        """A list of known codes, each once, within the selection limits."""
        possible = self.possible_values(options)
        if not isinstance(value, list) or not all(isinstance(c, str) and c in possible for c in value):
            raise InvalidAnswer(_("Choose only from the listed answers."))
        if len(set(value)) != len(value):
            raise InvalidAnswer(_("Choose each answer only once."))
        low, high = options.get("min_selected"), options.get("max_selected")
        if is_int(low) and len(value) < low:
            if low == 1:
                raise InvalidAnswer(_("Choose at least one answer."))
            raise InvalidAnswer(_("Choose at least %(min)s answers.", min=low))
        if is_int(high) and len(value) > high:
            if high == 1:
                raise InvalidAnswer(_("Choose only one answer."))
            raise InvalidAnswer(_("Choose at most %(max)s answers.", max=high))

    def _as_text(self, value: Any, options: Options) -> str:
        """The labels of the codes, joined by ``"; "``."""
        return LABEL_SEPARATOR.join(self.choice_label(code, options) for code in value)

    def posted_data(self, formdata: Any, name: str, options: Options | None = None, *, rows: int = 1) -> list[str]:
        """Every box ticked (an empty list for none), as the check boxes' field reads them."""
        return list(formdata.getlist(name))

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> SelectMultipleField:
        """A list of check boxes."""
        return SelectMultipleField(
            label, choices=self._select_choices(options), validate_choice=False,
            widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        )

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """The codes' labels joined by ``"; "`` (unknown codes as they are)."""
        labels = self._labels(options)
        return lambda value: LABEL_SEPARATOR.join(labels.get(code, code) for code in value) if value else None

    def sample_answer(self, rng: random.Random, options: Options, write_text: Callable[[int, int], str],
                      text_range: tuple[int, int]) -> list[str]:
        """One to three choices; "none" alone one time in five where it is a choice."""
        codes = self.possible_values(options)
        others = [code for code in codes if code != "none"]
        if "none" in codes and rng.random() < 0.2:
            return ["none"]
        picked = set(rng.sample(others, rng.randint(1, min(3, len(others)))))
        return [code for code in codes if code in picked]
