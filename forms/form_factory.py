"""The respondent's form for one cluster, built at run time from its questions (one field per kind).

Fields only carry what was typed: the kind registry decides what is valid (see ``forms.answers``), so
the server applies exactly the rules of ``questionnaire.kinds``.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, Mapping, Sequence

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, TextAreaField

from questionnaire.kinds import get_kind
from questionnaire.kinds.base import NOT_APPLICABLE, allows_not_applicable, is_not_applicable
from questionnaire.locale import worded_in
from questionnaire.models import Question

#: Blank rows offered beyond those filled, for kinds whose answer is a list of rows (links).
BLANK_ROWS = 3


def field_name(question: Question) -> str:
    """The form field (and HTML name/id prefix) of ``question``."""
    return f"q_{question.id}"


def base_name(question: Question) -> str:
    """The hidden field carrying the revision the form was rendered with."""
    return f"base_{question.id}"


def not_applicable_name(question: Question) -> str:
    """The check box saying the question does not apply (its explanation is ``<name>_text``)."""
    return f"{field_name(question)}_na"


def make_field(question: Question, rows: int) -> Field | None:
    """The unbound WTForms field for ``question`` (its kind's); None for a note (shown text only)."""
    label = f"{question.number} {question.text}".strip()
    return get_kind(question.kind).form_field(label, question.options, rows=rows)


def _stored_row_count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _posted_row_count(formdata: Mapping | None, name: str) -> int:
    if not formdata:
        return 0
    prefix = name + "-"
    indexes = {key[len(prefix):].split("-", 1)[0] for key in formdata.keys() if key.startswith(prefix)}
    return len(indexes)


def posted_row_numbers(formdata: Mapping | None) -> dict[str, int]:
    """``_posted_row_count`` of every field name at once (one pass over the post): how many row numbers
    were posted under ``<name>-<number>-…``."""
    numbers: dict[str, set[str]] = {}
    for key in (formdata or {}).keys():
        name, dash, rest = key.partition("-")
        if dash:
            numbers.setdefault(name, set()).add(rest.split("-", 1)[0])
    return {name: len(found) for name, found in numbers.items()}


def row_count(question: Question, values: Mapping[int, Any], formdata: Mapping | None = None,
              posted_rows: Mapping[str, int] | None = None) -> int:
    """How many rows the field of ``question`` offers, for kinds whose answer is a list of rows: the stored or
    posted rows, whichever are more, and a few blank ones. ``posted_rows``: ``posted_row_numbers(formdata)``
    when known."""
    name = field_name(question)
    posted = posted_rows.get(name, 0) if posted_rows is not None else _posted_row_count(formdata, name)
    return max(_stored_row_count(values.get(question.id)), posted) + BLANK_ROWS


def build_cluster_form(
    questions: Sequence[Question],
    values: Mapping[int, Any],
    formdata: Mapping | None = None,
) -> FlaskForm:
    """A bound form for ``questions``: from ``formdata`` when given (a post, shown as typed), otherwise
    from the stored ``values`` by question id. Answers made of rows (links) get a few blank rows beyond
    those filled."""
    rows = [row_count(q, values, formdata) for q in questions]
    form_class = cluster_form_class(questions, rows)
    data = {field_name(q): _initial(q, values.get(q.id)) for q in questions if q.id in values}
    for question in questions:
        value = values.get(question.id)
        if is_not_applicable(value) and allows_not_applicable(question.options):
            data[not_applicable_name(question)] = True
            data[not_applicable_name(question) + "_text"] = value[NOT_APPLICABLE]
    if formdata is not None:
        return form_class(formdata=formdata)
    return form_class(formdata=None, data=data)


#: Form classes by everything their fields are made of (ids, kinds, wording, options, row counts): a cluster's
#: structure is fixed once it is open, so each process builds its form class once per wording and reuses it.
#: A wording correction (or another language) changes the key, so the next page shows it; no invalidation is needed.
_FORM_CLASSES: "OrderedDict[tuple, type[FlaskForm]]" = OrderedDict()
_FORM_CLASSES_MAX = 512
_FORM_CLASSES_LOCK = threading.Lock()


def _structure_key(questions: Sequence[Question], rows: Sequence[int]) -> tuple:
    # Labels are put in words when the fields are made: fixed labels ("Yes", "No answer yet") in the reader's
    # language, the questionnaire's own (texts, choice labels) in the language it is read in (a view of
    # ``questionnaire.texts.localized``): both languages are part of the key.
    content = getattr(questions[0], "language", None) if questions else None
    return (str(get_locale()), content) + tuple(
        (q.id, q.kind, q.number, q.text, json.dumps(q.options, sort_keys=True, default=str), count)
        for q, count in zip(questions, rows)
    )


def cluster_form_class(questions: Sequence[Question], rows: Sequence[int]) -> type[FlaskForm]:
    """The (cached) form class with one field per question, ``rows[i]`` rows for row kinds."""
    key = _structure_key(questions, rows)
    with _FORM_CLASSES_LOCK:
        form_class = _FORM_CLASSES.get(key)
        if form_class is not None:
            _FORM_CLASSES.move_to_end(key)
            return form_class
    fields: dict[str, Field] = {}
    # The answers a State chooses from (the scale's "Yes / Yes, in part / No", "Not applicable") are part of
    # the questionnaire: worded in the language it is read in, like its own choice labels.
    content = key[1]
    with worded_in(content):
        for question, count in zip(questions, rows):
            field = make_field(question, count)
            if field is not None:
                fields[field_name(question)] = field
                if allows_not_applicable(question.options):
                    fields[not_applicable_name(question)] = BooleanField(_("Not applicable"))
                    fields[not_applicable_name(question) + "_text"] = TextAreaField(
                        _("Why does this question not apply to your country?"))
    form_class = type("ClusterForm", (FlaskForm,), fields)
    with _FORM_CLASSES_LOCK:
        _FORM_CLASSES[key] = form_class
        while len(_FORM_CLASSES) > _FORM_CLASSES_MAX:
            _FORM_CLASSES.popitem(last=False)
    return form_class


def _initial(question: Question, value: Any) -> Any:
    return get_kind(question.kind).form_value(value, question.options)


def posted_value(form: FlaskForm, question: Question) -> Any:
    """What was posted for ``question``: its field's data, or a "Not applicable" with its explanation
    when that box is ticked (the box wins over an answer chosen in the field)."""
    flag = not_applicable_name(question)
    if flag in form and form[flag].data:
        return {NOT_APPLICABLE: True, "explanation": form[flag + "_text"].data or ""}
    name = field_name(question)
    return form[name].data if name in form else None


def read_posted_value(formdata: Any, question: Question, values: Mapping[int, Any],
                      posted_rows: Mapping[str, int] | None = None) -> Any:
    """What was posted for ``question``, read straight from ``formdata`` (a multidict): the same as
    ``posted_value`` of the bound cluster form (built from the same stored ``values``), without building it.
    The kind reads its field's data; a ticked "Not applicable" box wins, as in the form. ``posted_rows``:
    ``posted_row_numbers(formdata)``, when reading several questions of one post."""
    kind = get_kind(question.kind)
    if not kind.answerable:
        return None
    name = field_name(question)
    if allows_not_applicable(question.options):
        flag = formdata.getlist(not_applicable_name(question))
        if flag and flag[0] not in _FALSE_VALUES:
            explanation = formdata.getlist(not_applicable_name(question) + "_text")
            return {NOT_APPLICABLE: True, "explanation": (explanation[0] if explanation else None) or ""}
    return kind.posted_data(formdata, name, question.options, rows=row_count(question, values, formdata, posted_rows))


#: What leaves a check box unticked (``wtforms.BooleanField.false_values``).
_FALSE_VALUES = BooleanField.false_values


def first_input_id(question: Question, form: FlaskForm) -> str:
    """The id of the first control of ``question``, for links from an error summary."""
    return field_name(question) + get_kind(question.kind).first_control_suffix
