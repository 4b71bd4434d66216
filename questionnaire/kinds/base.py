"""The :class:`Kind` base class and what every kind shares.

A kind is a stateless singleton.  Its methods take the question's ``options`` (a mapping from the
definition document, ``None`` meaning no options) on every call.  Methods that read options
(``coerce``, ``check``, ``as_text``, …) assume the options passed :meth:`Kind.option_problems`;
with broken options they do not crash on missing keys but their results are unspecified.

User-facing messages are built with Flask-Babel's ``gettext`` at the time they are raised, so they
are plain ``str`` in the locale of the request that caused them (English outside an app).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import gettext as _
from flask_babel.speaklater import LazyString

Options = Mapping[str, Any]
Problem = tuple[str, str]

#: The option (``true``) that lets a question be answered "Not applicable", and the key of such an
#: answer: ``{"not_applicable": "the explanation"}``.  It counts as answered and is never a "No".
NOT_APPLICABLE = "not_applicable"
#: The most characters of a "Not applicable" explanation.
MAX_EXPLANATION_LENGTH = 5000


def is_not_applicable(value: object) -> bool:
    """True for a stored "Not applicable" answer: ``{"not_applicable": "explanation"}``."""
    return isinstance(value, Mapping) and set(value) == {NOT_APPLICABLE}


def allows_not_applicable(options: Options | None) -> bool:
    """Whether these question options allow a "Not applicable" answer."""
    return isinstance(options, Mapping) and options.get(NOT_APPLICABLE) is True

__all__ = [
    "CellColumn",
    "InvalidAnswer",
    "Kind",
    "Options",
    "Problem",
    "Summary",
    "as_options",
    "NOT_APPLICABLE",
    "is_blank",
    "is_int",
    "is_not_applicable",
    "is_number",
    "positive_int_problems",
    "single_item",
]


class InvalidAnswer(ValueError):
    """An answer that is malformed or not allowed by the question's options.

    ``message`` is the user-facing text (already translated); ``place`` optionally names the part of
    a composite answer at fault, such as ``"[1].url"`` for the second link's URL (``None`` for the
    answer as a whole).
    """

    def __init__(self, message: str, *, place: str | None = None) -> None:
        """Keep ``message`` (shown to the user) and ``place`` (where in the answer, if relevant)."""
        super().__init__(message)
        self.message: str = str(message)
        self.place: str | None = place


@dataclass
class Summary:
    """Aggregate of the answers given to one question.

    ``total`` counts every value given (unanswered ones included), ``answered`` those that hold an
    answer.  ``counts`` is set for closed kinds: every possible value in order, zeros included.
    ``min``/``max``/``mean`` are set for numbers (and ``min``/``max`` for dates, as ISO strings);
    they are ``None`` when there is nothing to aggregate.
    """

    answered: int
    total: int
    counts: dict[str, int] | None = None
    min: int | float | str | None = None
    max: int | float | str | None = None
    mean: float | None = None
    #: How many of the answered values are "Not applicable" (kept out of counts and figures).
    not_applicable: int = 0


@dataclass(frozen=True)
class CellColumn:
    """One spreadsheet column that a question's answers fill (see :meth:`Kind.cell_columns`).

    ``part`` names the part of the answer the column holds (``""`` when the answer fills a single
    column, which is then headed by the question alone); it follows the question in column headers and
    in the long table.  ``look`` is how the cells are shown: ``"text"`` (one line), ``"wrap"`` (long
    text), ``"number"`` or ``"date"`` (a real date, shown as YYYY-MM-DD).  ``to_cell`` turns a stored
    answer into the cell's value: ``None`` for no answer, otherwise text, a number or a ``datetime.date``.
    """

    part: str
    look: str
    to_cell: Callable[[Any], Any]


def is_int(value: object) -> bool:
    """True for ``int`` values that are not ``bool``."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """True for ``int``/``float`` values that are not ``bool`` (NaN and infinities included)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def positive_int_problems(options: Options, key: str) -> list[Problem]:
    """Problems with optional option ``key``, which must be a whole number greater than zero."""
    if key in options and not (is_int(options[key]) and options[key] > 0):
        return [(key, _("“%(name)s” must be a whole number greater than zero.", name=key))]
    return []


def is_blank(item: object) -> bool:
    """True for ``None`` and strings holding only whitespace."""
    return item is None or (isinstance(item, str) and not item.strip())


def single_item(raw: Any, too_many: Callable[[], str]) -> Any:
    """``raw`` itself, or for a list/tuple its only non-blank item (``None`` if it has none).

    Raises :class:`InvalidAnswer` with the message ``too_many()`` words (only then: a save reads every
    answer through here) when the list has several non-blank items.
    """
    if isinstance(raw, (list, tuple)):
        items = [item for item in raw if not is_blank(item)]
        if len(items) > 1:
            raise InvalidAnswer(too_many())
        return items[0] if items else None
    return raw


def as_options(options: Options | None) -> Options:
    """``options`` itself, or an empty mapping for ``None`` (or anything that is not a mapping)."""
    return options if isinstance(options, Mapping) else {}


def not_applicable_text(value: Mapping[str, Any]) -> str:
    """A "Not applicable" answer as text: the words and the explanation."""
    return _("Not applicable: %(explanation)s", explanation=value[NOT_APPLICABLE])


def _not_applicable_aware(to_cell: Callable[[Any], Any], *, first: bool) -> Callable[[Any], Any]:
    """``to_cell`` that writes a "Not applicable" answer as text in the first column, nothing in others."""
    def cell(value: Any) -> Any:
        if is_not_applicable(value):
            return not_applicable_text(value) if first else None
        return to_cell(value)
    return cell


class Kind:
    """One kind of question: how its answers are read, checked, shown and summarised, which field and
    widget take them, which spreadsheet cells they fill and how its options are read from text.

    Subclasses set the class attributes and override the ``_``-prefixed hooks; the public methods
    implement the shared rules (empty answers, ``None`` options, unknown option names).
    """

    name: ClassVar[str] = ""
    label: ClassVar[LazyString]
    answerable: ClassVar[bool] = True
    closed: ClassVar[bool] = False
    multiple: ClassVar[bool] = False
    #: The option names this kind understands; any other name is reported by ``option_problems``.
    option_names: ClassVar[frozenset[str]] = frozenset()
    #: Whether the answers say how far a State meets a provision (the mechanism's scale): the
    #: Provisions sheet shows the main such answer of each article.
    rates_compliance: ClassVar[bool] = False
    #: Fill colour (RGB hex) of a value code wherever an answer is coloured by its value.
    code_colours: ClassVar[Mapping[str, str]] = {}
    #: The macro of ``forms/templates/forms/_widgets.html`` that renders the answer field.
    widget: ClassVar[str] = "single_input"
    #: What follows the field's name in the id of its first control (the target of error links).
    first_control_suffix: ClassVar[str] = ""
    #: How the answer's spreadsheet cells are shown (see :class:`CellColumn`).
    cell_look: ClassVar[str] = "text"
    #: Options listing ``{"value", "label"}`` items whose labels a State reads, each with the word that
    #: names such a label in a text key (``{"choices": "choice"}`` gives ``choice.<value>``).
    labelled_options: ClassVar[Mapping[str, str]] = {}

    def __repr__(self) -> str:
        """``<Kind yes_no>``."""
        return f"<Kind {self.name}>"

    # --- question definitions -------------------------------------------------------------------

    def option_labels(self, options: Options | None) -> list[tuple[str, str]]:
        """``(suffix, label)`` for each label of ``options`` a State reads, in order: the suffix is
        ``<word>.<value>`` (``choice.yes``, ``row.convicted``), the label the source text."""
        options = as_options(options)
        labels = []
        for option, word in self.labelled_options.items():
            items = options.get(option)
            if not isinstance(items, list):
                continue
            for item in items:
                if isinstance(item, Mapping) and isinstance(item.get("label"), str) and item.get("value") not in (None, ""):
                    labels.append((f"{word}.{item['value']}", item["label"]))
        return labels

    def relabelled(self, options: Options | None, labels: Mapping[str, str]) -> dict[str, Any]:
        """A copy of ``options`` in which each label whose suffix (see :meth:`option_labels`) is in
        ``labels`` reads as given there; ``options`` itself is left as it was."""
        copy = dict(as_options(options))
        for option, word in self.labelled_options.items():
            items = copy.get(option)
            if not isinstance(items, list):
                continue
            copy[option] = [
                {**item, "label": labels.get(f"{word}.{item.get('value')}", item.get("label"))}
                if isinstance(item, Mapping) else item
                for item in items
            ]
        return copy

    def option_problems(self, options: Options | None) -> list[Problem]:
        """Every problem with a question definition's ``options``, as ``(place, message)`` pairs.

        ``place`` is relative to the options, e.g. ``"max_length"`` or ``"choices[2].value"``
        (``""`` for the options as a whole).  An empty list means the options are usable.  Unknown
        option names are problems.  ``None`` counts as no options.  Never raises.
        """
        if options is None:
            options = {}
        if not isinstance(options, Mapping):
            return [("", _("The options must be a mapping of option names to values."))]
        problems: list[Problem] = [
            (str(key), _("“%(name)s” is not an option of this kind of question.", name=str(key)))
            for key in options
            if key not in self.option_names and not (key == NOT_APPLICABLE and self.answerable)
        ]
        if NOT_APPLICABLE in options and self.answerable and not isinstance(options[NOT_APPLICABLE], bool):
            problems.append((NOT_APPLICABLE, _("“not_applicable” must be true or false.")))
        problems.extend(self._option_problems(options))
        return problems

    def _option_problems(self, options: Options) -> list[Problem]:
        """Problems with the known options (hook; the default knows none)."""
        return []

    # --- answers ----------------------------------------------------------------------------------

    def coerce(self, raw: Any, options: Options | None = None) -> Any:
        """Turn ``raw`` (form text, a list of form values, a JSON value, or an already typed value)
        into this kind's canonical JSON-able value, or ``None`` when it holds no answer.

        The result has passed :meth:`check`.  Raises :class:`InvalidAnswer` when ``raw`` is malformed
        or not allowed by ``options``.
        """
        opts = as_options(options)
        if isinstance(raw, Mapping) and NOT_APPLICABLE in raw:
            return self._coerce_not_applicable(raw, opts)
        value = self._coerce(raw, opts)
        if value is not None:
            self.check(value, opts)
        return value

    def _coerce_not_applicable(self, raw: Mapping[str, Any], options: Options) -> dict[str, str] | None:
        """Read ``{"not_applicable": explanation}`` (``True`` and ``"explanation"`` also accepted, as
        a form posts them): the canonical "Not applicable" answer, checked."""
        flag = raw.get(NOT_APPLICABLE)
        if flag is None or flag is False:
            return None
        explanation = raw.get("explanation") if flag is True else flag
        text = explanation.strip() if isinstance(explanation, str) else ""
        value = {NOT_APPLICABLE: text}
        self.check(value, options)
        return value

    def _coerce(self, raw: Any, options: Options) -> Any:
        """Parse ``raw`` into a canonical value or ``None`` (hook; range checks are left to check)."""
        raise NotImplementedError

    def check(self, value: Any, options: Options | None = None) -> None:
        """Raise :class:`InvalidAnswer` unless ``value`` is a valid stored value for ``options``.

        Unanswered values (``None``, ``""``, ``[]``) always pass: whether an answer is required is
        decided by the questionnaire, not by the kind.
        """
        if not self.is_answered(value):
            return
        if is_not_applicable(value):
            self._check_not_applicable(value, as_options(options))
            return
        self._check(value, as_options(options))

    def _check_not_applicable(self, value: Mapping[str, Any], options: Options) -> None:
        """A "Not applicable" answer needs the option and an explanation of at most
        :data:`MAX_EXPLANATION_LENGTH` characters."""
        if not allows_not_applicable(options):
            raise InvalidAnswer(_("This question cannot be answered “Not applicable”."))
        explanation = value[NOT_APPLICABLE]
        if not isinstance(explanation, str) or not explanation.strip():
            raise InvalidAnswer(_("Explain why the question does not apply to your country."),
                                place="explanation")
        if len(explanation) > MAX_EXPLANATION_LENGTH:
            raise InvalidAnswer(_("Use at most %(max)s characters (you used %(count)s).",
                                  max=MAX_EXPLANATION_LENGTH, count=len(explanation)), place="explanation")

    def _check(self, value: Any, options: Options) -> None:
        """Check an answered value (hook)."""
        raise NotImplementedError

    def is_answered(self, value: Any) -> bool:
        """False for ``None``, ``""`` and ``[]`` (and other empty strings/lists); True otherwise."""
        if value is None:
            return False
        if isinstance(value, (str, list, tuple)) and len(value) == 0:
            return False
        return True

    # --- closed kinds -----------------------------------------------------------------------------

    def possible_values(self, options: Options | None = None) -> list[str] | None:
        """The value codes of a closed kind, in order; ``None`` for kinds that are not closed."""
        return None

    def choice_label(self, value: str, options: Options | None = None) -> str:
        """The label of a closed kind's value code.  Raises ``TypeError`` for other kinds."""
        raise TypeError(f"question kind {self.name!r} has no fixed set of values")

    # --- display and aggregation ------------------------------------------------------------------

    def as_text(self, value: Any, options: Options | None = None) -> str:
        """``value`` as human-readable text; ``""`` for unanswered values.  Never raises for a value
        that passed :meth:`check`."""
        if not self.is_answered(value):
            return ""
        if is_not_applicable(value):
            return not_applicable_text(value)
        return self._as_text(value, as_options(options))

    def display_text(self, value: Any, options: Options | None = None) -> str:
        """``value`` as a page shows it to a person, in the current language (a date written the reader's
        way); :meth:`as_text` stays the stable form files carry. The default is :meth:`as_text`."""
        return self.as_text(value, options)

    def _as_text(self, value: Any, options: Options) -> str:
        """Text of an answered value (hook; the default is ``str(value)``)."""
        return str(value)

    def as_grid(self, value: Any, options: Options | None = None) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
        """``(column labels, [(row label, cell texts)])`` for an answer shown as a table (printout,
        review); ``None`` for kinds shown as text (see :meth:`as_text`)."""
        return None

    def summarize(self, values: Iterable[Any], options: Options | None = None) -> Summary:
        """Count the given stored ``values`` (one per response, ``None`` for no answer).

        ``total`` is the number of values, ``answered`` those for which :meth:`is_answered` holds;
        kinds add ``counts`` or statistics (see :class:`Summary`).
        """
        values = list(values)
        answered = [v for v in values if self.is_answered(v)]
        summary = Summary(answered=len(answered), total=len(values))
        summary.not_applicable = sum(1 for v in answered if is_not_applicable(v))
        self._summarize([v for v in answered if not is_not_applicable(v)], as_options(options), summary)
        return summary

    def _summarize(self, answered: list[Any], options: Options, summary: Summary) -> None:
        """Add kind-specific figures to ``summary`` from the answered values (hook; default none)."""
        return None

    # --- answering form ---------------------------------------------------------------------------

    def form_field(self, label: str, options: Options | None = None, *, rows: int = 1) -> Any:
        """The unbound WTForms field that takes this kind's answer, labelled ``label``; ``None`` for a
        kind without answer.  ``rows`` is how many repeated rows to offer, for kinds whose answer is a
        list of rows (the stored and posted rows plus a few blank ones)."""
        return None

    def posted_data(self, formdata: Any, name: str, options: Options | None = None, *, rows: int = 1) -> Any:
        """The ``data`` that the field of :meth:`form_field` (``rows`` rows), named ``name``, holds once
        bound to ``formdata`` (a multidict of a posted form), read without building the field: reading a
        post does not need WTForms, and :meth:`coerce` then decides what is valid. ``None`` for a kind
        without answer. By default the first value posted under ``name`` (a text box, a text area, one
        radio button), ``None`` when nothing is."""
        if not self.answerable:
            return None
        values = formdata.getlist(name)
        return values[0] if values else None

    def form_value(self, value: Any, options: Options | None = None) -> Any:
        """A stored value as the form field's initial data (a "Not applicable" answer leaves the field
        empty: the form shows it in its own controls)."""
        if is_not_applicable(value):
            return None
        return self._form_value(value, as_options(options))

    def _form_value(self, value: Any, options: Options) -> Any:
        """A stored answer as the field's data (hook; by default the value itself)."""
        return value

    # --- spreadsheets -----------------------------------------------------------------------------

    def cell_columns(self, options: Options | None = None) -> list[CellColumn]:
        """The spreadsheet columns that an answer fills, in order (one, unnamed, for most kinds).

        Built once per question and export, so that the work per cell is one call of ``to_cell``.
        A "Not applicable" answer is written as its own value, with its explanation, in the first
        column (the others stay empty): never as a "No".
        """
        columns = self._cell_columns(as_options(options))
        return [
            dataclasses.replace(column, to_cell=_not_applicable_aware(column.to_cell, first=index == 0))
            for index, column in enumerate(columns)
        ]

    def _cell_columns(self, options: Options) -> list[CellColumn]:
        """The columns of an answer (hook; by default one, filled by :meth:`cell_value`)."""
        return [CellColumn("", self.cell_look, self.cell_value(options))]

    def cell_value(self, options: Options) -> Callable[[Any], Any]:
        """The function turning a stored answer into its single cell's value (``None`` when
        unanswered); by default the answer as text (see :meth:`as_text`)."""
        return lambda value: self.as_text(value, options) or None

    # --- definitions ------------------------------------------------------------------------------

    def option_from_text(self, name: str, text: str) -> Any:
        """Option ``name`` typed as ``text`` (in the builder's form or a definition workbook's cell), as
        the definition stores it; the text itself unless the kind reads that option specially.

        Raises :class:`InvalidAnswer` when the kind reads the option and the text is not such a value.
        """
        return text

    def option_as_text(self, name: str, value: Any) -> Any:
        """Option ``name`` as a definition workbook's cell holds it (the inverse of
        :meth:`option_from_text`; by default the value itself)."""
        return value

    # --- demonstrations ---------------------------------------------------------------------------

    def sample_answer(
        self,
        rng: random.Random,
        options: Options,
        write_text: Callable[[int, int], str],
        text_range: tuple[int, int],
    ) -> Any:
        """A plausible answer for demonstrations and benchmarks, drawn with ``rng`` (``None`` for none).

        ``write_text(low, high)`` writes text of ``low`` to ``high`` characters; ``text_range`` is the
        length of long free-text answers.  The result passes :meth:`coerce`.
        """
        return None
