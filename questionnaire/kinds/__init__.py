"""The registry of question kinds — the only place that knows what each kind of question accepts.

Use :func:`get_kind` (or :data:`REGISTRY`) to find the :class:`Kind` for a question's ``kind`` name;
:data:`KIND_NAMES` lists the names in a stable order for menus and documentation.  No code or template
outside this package compares a kind's name: the answering forms, the printout, the exports and the
definition workbook ask the kind (``tests/questionnaire/test_kinds.py`` checks this).

Adding a kind means adding one :class:`Kind` subclass, listing it in ``_KINDS`` below, translating its
messages and testing it.  The class provides:

* ``name`` (the code stored in definitions) and ``label`` (lazily translated, for the builder's menu);
* the flags ``answerable`` (False: guidance without answer), ``closed`` (a fixed list of value codes,
  counted in summaries), ``multiple`` (the answer is a list) and ``rates_compliance`` (the answer says
  how far a State meets a provision: the Provisions sheet shows it), and ``code_colours`` for answers
  coloured by their code;
* the shared option ``not_applicable`` (every answerable kind): the answer ``{"not_applicable":
  "explanation"}`` is handled by the base class (checked, shown, exported as its own value, kept out of
  counts); hooks never see it;
* ``option_names`` and ``_option_problems`` — the options it understands and their checks;
  ``option_from_text`` — an option typed in the builder's form or a definition workbook's cell;
* ``_coerce`` and ``_check`` — reading raw input into the canonical value and checking a value against
  the options (``is_answered`` when "no answer" is not ``None``, ``""`` or ``[]``);
* ``possible_values`` and ``choice_label`` for closed kinds; ``_as_text`` (the value as text: review,
  printout, conflicts) and ``_summarize`` (counts or figures over many answers);
* ``form_field`` (the WTForms field, ``rows`` for answers made of repeated rows), ``form_value`` (a stored
  value as the field's data), ``posted_data`` (what that field holds once bound to a post, read straight from
  the post: a save reads its answers without building the form), ``widget`` (the macro of
  ``forms/templates/forms/_widgets.html`` that renders the field; a new kind of control needs a new macro there) and ``first_control_suffix`` (the id of the
  first control, for error links);
* ``cell_look`` and ``cell_value`` (one spreadsheet cell and its look: text, wrap, number or date), or
  ``cell_columns`` for an answer that fills several columns (a grid gives one :class:`CellColumn` per
  cell, each naming its ``part``: the cluster sheets get one column, the long table one row, per part);
* ``as_grid`` for answers shown as a table (rows × columns) in the printout; ``option_as_text`` (the
  inverse of ``option_from_text``) for options that a workbook cell writes in a special way;
* ``sample_answer`` — a plausible answer for demonstrations and the export benchmark.
"""

from __future__ import annotations

from questionnaire.kinds.base import CellColumn, InvalidAnswer, Kind, Options, Problem, Summary, is_not_applicable
from questionnaire.kinds.choices import LABEL_SEPARATOR, MultipleChoice, SingleChoice, YesNo, YesPartlyNo
from questionnaire.kinds.links import Links
from questionnaire.kinds.note import Note
from questionnaire.kinds.scalar import Date, Number
from questionnaire.kinds.table import Table
from questionnaire.kinds.text import LongText, ShortText

__all__ = [
    "KIND_NAMES",
    "LABEL_SEPARATOR",
    "REGISTRY",
    "CellColumn",
    "InvalidAnswer",
    "Kind",
    "Options",
    "Problem",
    "Summary",
    "get_kind",
]

_KINDS: tuple[Kind, ...] = (
    YesPartlyNo(),
    YesNo(),
    SingleChoice(),
    MultipleChoice(),
    ShortText(),
    LongText(),
    Number(),
    Date(),
    Links(),
    Note(),
    Table(),
)

#: Every kind by name (one shared, stateless instance each).
REGISTRY: dict[str, Kind] = {kind.name: kind for kind in _KINDS}

#: The kind names in a stable order.
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in _KINDS)


def get_kind(name: str) -> Kind:
    """The kind called ``name``.  Raises ``KeyError`` for an unknown name (or a non-string)."""
    try:
        return REGISTRY[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown question kind: {name!r}") from None


def answer_grid(question, value):
    """The answer as a table (column labels, rows) for kinds shown as one; ``None`` otherwise."""
    return get_kind(question.kind).as_grid(value, question.options)


def init_app(app) -> None:
    """Templates of every stage show a grid answer through ``answer_grid(question, value)`` and tell a "Not
    applicable" answer by ``value is not_applicable``."""
    app.jinja_env.globals["answer_grid"] = answer_grid
    app.jinja_env.tests["not_applicable"] = is_not_applicable
