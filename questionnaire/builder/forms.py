"""The builder's forms, and turning the question form into a question's fields (and back)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from questionnaire.instruments import Instrument
from questionnaire.kinds import KIND_NAMES, REGISTRY, get_kind
from questionnaire.models import Question
from questionnaire.builder.question_fields import (
    QuestionFields,
    format_choices,
    options_from_form,
    provisions_from_form,
    split_provisions,
)

OPTION_FIELDS = ("choices", "min", "max", "integer", "max_length", "min_selected", "max_selected", "max_links")


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes (inside a fieldset with a legend in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewQuestionnaireForm(FlaskForm):
    slug = StringField(_l("Short name (used in addresses and files)"), validators=[DataRequired(), Length(max=80)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Create the questionnaire"))


class MetadataForm(FlaskForm):
    slug = StringField(_l("Short name"), validators=[DataRequired(), Length(max=80)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Save"))


class UploadForm(FlaskForm):
    file = FileField(_l("Definition file (.json or .xlsx)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Import as a new draft"))

    def read_file(self) -> tuple[str, bytes]:
        """The chosen file's name and content. The upload's temporary copy is closed once read, before the
        (longer) import, instead of at the end of the request."""
        upload = self.file.data
        try:
            return upload.filename or "", upload.read()
        finally:
            upload.close()


class ReplaceDraftForm(FlaskForm):
    """The confirmation that the kept upload is to replace the working draft's content."""

    token = HiddenField(validators=[DataRequired(), Length(max=100)])
    submit = SubmitField(_l("Replace the draft's content with this file"))


class ClusterForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=8)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    submit = SubmitField(_l("Save the cluster"))


class MoveForm(FlaskForm):
    """Where to put a cluster or question: a position, and for questions optionally another cluster."""

    position = IntegerField(_l("Position"), validators=[InputRequired()])
    cluster = HiddenField()
    submit = SubmitField(_l("Move"))


class EndorseForm(FlaskForm):
    """The Working Group's session that endorsed the draft (choices: its recorded sessions)."""

    meeting = SelectField(_l("Session of the Working Group"), coerce=int, validate_choice=False,
                          validators=[InputRequired(_l("Choose the session (record it first on the drafting round page)."))])
    date = DateField(_l("Date of endorsement"), validators=[InputRequired()])
    submit = SubmitField(_l("Record the endorsement"))


class AdoptForm(FlaskForm):
    meeting = SelectField(_l("Session of the Conference of the Parties"), coerce=int, validate_choice=False,
                          validators=[InputRequired(_l("Choose the session (record it first on the drafting round page)."))])
    date = DateField(_l("Date of adoption"), validators=[InputRequired()])
    resolution = StringField(_l("Resolution (number)"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Record the adoption"))


class OpenForm(FlaskForm):
    deadline = DateField(_l("Deadline for answers (end of that day, UTC)"), validators=[InputRequired()])
    submit = SubmitField(_l("Open for answers"))


class QuestionForm(FlaskForm):
    key = StringField(_l("Key (stable across versions; blank: one is made for you)"), validators=[Length(max=120)])
    number = StringField(_l("Number"), validators=[Length(max=20)])
    text = TextAreaField(_l("Question text"), validators=[DataRequired()])
    guidance = TextAreaField(_l("Guidance"))
    kind = SelectField(_l("Kind of answer"), choices=[SelectChoice(name, REGISTRY[name].label) for name in KIND_NAMES])
    required = BooleanField(_l("An answer is required"))
    choices = TextAreaField(_l("Choices (for lists): one choice per line, written code | label"))
    min = StringField(_l("Smallest value (numbers, dates)"))
    max = StringField(_l("Largest value (numbers, dates)"))
    integer = BooleanField(_l("Whole numbers only"))
    max_length = StringField(_l("Most characters (text)"))
    min_selected = StringField(_l("Fewest answers to tick (several from a list)"))
    max_selected = StringField(_l("Most answers to tick (several from a list)"))
    max_links = StringField(_l("Most links"))
    articles = CheckboxesField(_l("Articles cited"), validate_choice=False)
    precise = StringField(_l("Paragraphs cited, separated by “;”, e.g. art. 6 (1) (a); art. 16 (4)"))
    parent = SelectField(_l("Show only when this earlier question…"), validate_choice=False)
    values = CheckboxesField(_l("…has one of these answers"), validate_choice=False)
    submit = SubmitField(_l("Save the question"))


#: The option fields of the question form in the order they are shown.
OPTION_ORDER = ("choices", "min_selected", "max_selected", "min", "max", "integer", "max_length", "max_links")


@dataclass(frozen=True)
class OptionGroup:
    """Option fields that apply to the same answer types, shown together under their names."""

    kinds: tuple[str, ...]
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return _("For answers of type: %(kinds)s", kinds="; ".join(str(REGISTRY[name].label) for name in self.kinds))


def option_groups() -> list[OptionGroup]:
    """The option fields grouped by the answer types that read them (from each kind's ``option_names``)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for field in OPTION_ORDER:
        kinds = tuple(name for name in KIND_NAMES if field in REGISTRY[name].option_names)
        groups.setdefault(kinds, []).append(field)
    return [OptionGroup(kinds, tuple(fields)) for kinds, fields in groups.items() if kinds]


def kinds_without_options() -> tuple[str, ...]:
    return tuple(name for name in KIND_NAMES if not REGISTRY[name].option_names)


def prepare_question_form(form: QuestionForm, instrument: Instrument, parents: list[Question]) -> None:
    """Fill the choices of articles, parent questions and their possible answers."""
    form.articles.choices = [SelectChoice(str(a.number), f"{a.number}. {a.title}") for a in instrument.articles]
    form.parent.choices = [SelectChoice("", _l("(always shown)"))] + [
        SelectChoice(p.key, f"{p.number or p.key} {p.text[:80]}") for p in parents
    ]
    labels: dict[str, str] = {}
    for parent in parents:
        kind = get_kind(parent.kind)
        for value in kind.possible_values(parent.options) or []:
            labels.setdefault(value, f"{kind.choice_label(value, parent.options)} ({value})")
    form.values.choices = [SelectChoice(value, label) for value, label in labels.items()]


def fill_question_form(form: QuestionForm, question: Question) -> None:
    """Show a question's current fields in the form (for a GET of the edit page)."""
    for name in ("key", "number", "text", "guidance", "kind", "required"):
        getattr(form, name).data = getattr(question, name)
    options = question.options or {}
    form.choices.data = format_choices(options.get("choices"))
    for name in ("min", "max", "max_length", "min_selected", "max_selected", "max_links"):
        getattr(form, name).data = "" if options.get(name) is None else str(options[name])
    form.integer.data = bool(options.get("integer"))
    form.articles.data, form.precise.data = split_provisions(question.provisions or [])
    form.parent.data = question.show_if["question"] if question.show_if else ""
    form.values.data = list(question.show_if["in"]) if question.show_if else []


def fields_from_form(form: QuestionForm, instrument: Instrument) -> QuestionFields:
    """The question's fields as typed. Raises ``FieldInvalid`` naming the field that cannot be read."""
    raw = {name: getattr(form, name).data for name in OPTION_FIELDS}
    parent = form.parent.data or ""
    return QuestionFields(
        key=(form.key.data or "").strip(),
        number=(form.number.data or "").strip(),
        text=(form.text.data or "").strip(),
        guidance=(form.guidance.data or "").strip(),
        kind=form.kind.data,
        required=bool(form.required.data),
        provisions=provisions_from_form(instrument, form.articles.data or [], form.precise.data or ""),
        options=options_from_form(form.kind.data, raw),
        show_if={"question": parent, "in": list(form.values.data or [])} if parent else None,
    )
