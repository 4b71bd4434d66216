"""The respondent's form for one cluster, built at run time from its questions (one field per kind).

Fields only carry what was typed: the kind registry decides what is valid (see ``forms.answers``), so
the server applies exactly the rules of ``questionnaire.kinds``.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from questionnaire.kinds import get_kind
from questionnaire.models import Question

BLANK_LINK_ROWS = 3
RADIO_KINDS = frozenset({"yes_partly_no", "yes_no", "single_choice"})


class LinkRow(Form):
    """One link: a title and a web address (sub-form, no CSRF of its own)."""

    title = StringField(_l("Title"))
    url = StringField(_l("Web address"), render_kw={"inputmode": "url", "autocomplete": "url"})


def field_name(question: Question) -> str:
    """The form field (and HTML name/id prefix) of ``question``."""
    return f"q_{question.id}"


def base_name(question: Question) -> str:
    """The hidden field carrying the revision the form was rendered with."""
    return f"base_{question.id}"


def _choices(question: Question) -> list[SelectChoice]:
    kind = get_kind(question.kind)
    options = question.options
    return [SelectChoice(code, kind.choice_label(code, options)) for code in kind.possible_values(options)]


def make_field(question: Question, link_rows: int) -> Field | None:
    """The unbound WTForms field for ``question``; None for a note (shown text only)."""
    label = f"{question.number} {question.text}".strip()
    kind = question.kind
    if kind in RADIO_KINDS:
        # A last "no answer" choice lets a person take back an answer given by mistake (radios cannot be unticked).
        clear = SelectChoice("", str(_l("No answer yet")))
        return RadioField(label, choices=[*_choices(question), clear], validate_choice=False)
    if kind == "multiple_choice":
        return SelectMultipleField(
            label, choices=_choices(question), validate_choice=False,
            widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        )
    if kind == "short_text":
        return StringField(label)
    if kind == "long_text":
        return TextAreaField(label, render_kw={"rows": 6})
    if kind == "number":
        return StringField(label, render_kw={"inputmode": "decimal"})
    if kind == "date":
        return StringField(label, render_kw={"type": "date"})
    if kind == "links":
        return FieldList(FormField(LinkRow), label=label, min_entries=link_rows)
    return None


def _stored_link_count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _posted_link_count(formdata: Mapping | None, name: str) -> int:
    if not formdata:
        return 0
    prefix = name + "-"
    indexes = {key[len(prefix):].split("-", 1)[0] for key in formdata.keys() if key.startswith(prefix)}
    return len(indexes)


def build_cluster_form(
    questions: Sequence[Question],
    values: Mapping[int, Any],
    formdata: Mapping | None = None,
) -> FlaskForm:
    """A bound form for ``questions``: from ``formdata`` when given (a post, shown as typed), otherwise
    from the stored ``values`` by question id. Links get a few blank rows beyond those filled."""
    fields: dict[str, Field] = {}
    for question in questions:
        name = field_name(question)
        filled = max(_stored_link_count(values.get(question.id)), _posted_link_count(formdata, name))
        field = make_field(question, filled + BLANK_LINK_ROWS)
        if field is not None:
            fields[name] = field
    form_class = type("ClusterForm", (FlaskForm,), fields)
    data = {field_name(q): _initial(q, values.get(q.id)) for q in questions if q.id in values}
    if formdata is not None:
        return form_class(formdata=formdata)
    return form_class(formdata=None, data=data)


def _initial(question: Question, value: Any) -> Any:
    if question.kind == "number" and value is not None:
        return get_kind("number").as_text(value, question.options)
    return value


def raw_answers(form: FlaskForm, questions: Sequence[Question]) -> dict[str, Any]:
    """What was posted for each question, keyed by question key (as typed; the kinds coerce it)."""
    raw: dict[str, Any] = {}
    for question in questions:
        name = field_name(question)
        if name in form:
            raw[question.key] = form[name].data
    return raw


def first_input_id(question: Question, form: FlaskForm) -> str:
    """The id of the first control of ``question``, for links from an error summary."""
    name = field_name(question)
    if question.kind in RADIO_KINDS or question.kind == "multiple_choice":
        return f"{name}-0"
    if question.kind == "links":
        return f"{name}-0-title"
    return name
