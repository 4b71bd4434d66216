"""What a cluster page shows for each question: its field, base, follow-up rule, error and conflict."""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Any, Mapping

from flask import g, render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape
from flask_wtf import FlaskForm

from forms.answers import Conflict, SaveResult, base_of
from forms.form_factory import field_name, first_input_id, not_applicable_name
from forms.replies import Reply
from questionnaire.auth.forms import EmptyForm
from questionnaire.db import get_session
from questionnaire.kinds import Kind, get_kind
from questionnaire.locale import content_language, in_language, isolate
from questionnaire.models import Answer, Cluster, Question
from questionnaire.observations.service import questions_to_state


@dataclass
class QuestionView:
    question: Question
    field: Any
    base: str
    anchor: str
    answer: Answer | None
    error: str | None = None
    conflict: Conflict | None = None
    parent_field: str | None = None  # same-page parent: the script shows/hides at once
    show_values: str = ""
    condition: str = ""  # Markup: the follow-up rule in words, numbers and labels isolated
    not_applicable: Any = None  # the "Not applicable" check box, where the question allows it
    explanation: Any = None  # and its explanation
    label_languages: dict[str, str] = dataclass_field(default_factory=dict)  # each own label's language, by suffix

    @property
    def kind(self) -> Kind:
        """The question's kind, which names the widget that renders the field."""
        return get_kind(self.question.kind)

    @property
    def stored_text(self) -> str:
        if self.conflict is None or self.conflict.stored is None:
            return ""
        return get_kind(self.question.kind).as_text(self.conflict.stored.value, self.question.options)


def label_languages(question: Any) -> dict[str, str]:
    """The language each of the question's own labels (choices, table rows and columns) is shown in, by
    suffix (``choice.bi``): the language it is read in, or the source where the source label stands in
    for a missing translation. Empty for a question read in its source language (a model)."""
    model = getattr(question, "model", None)
    language = getattr(question, "language", None)
    if model is None or language is None:
        return {}
    source_language = question.questionnaire.source
    kind = get_kind(question.kind)
    source = dict(kind.option_labels(model.options))
    return {suffix: (source_language if source.get(suffix) == label else language)
            for suffix, label in kind.option_labels(question.options)}


def _condition_text(question: Question, by_key: Mapping[str, Question]) -> str:
    parent = by_key.get(question.show_if["question"]) if question.show_if else None
    if parent is None:
        return ""
    kind = get_kind(parent.kind)
    labels = [kind.choice_label(code, parent.options) for code in question.show_if["in"]] if kind.closed else []
    # the number and each label in its own isolate: on a right-to-left page they keep their place
    number = isolate(parent.number) if parent.number else in_language(parent.text[:40], content_language(parent, "text"))
    return escape(_("Answer if the reply to %(number)s is: %(values)s.")) % {
        "number": number, "values": Markup(" / ").join(isolate(label) for label in labels)}


def question_views(
    reply: Reply,
    cluster: Cluster,
    form: FlaskForm,
    result: SaveResult | None = None,
    posted_bases: Mapping[str, str] | None = None,
) -> list[QuestionView]:
    by_key = {question.key: question for question in reply.questions}
    on_page = {question.key for question in cluster.questions}
    views = []
    for question in cluster.questions:
        answer = reply.answers.get(question.id)
        base = (posted_bases or {}).get(question.key) or base_of(answer)
        view = QuestionView(
            question, form[field_name(question)] if field_name(question) in form else None,
            base, first_input_id(question, form), answer,
        )
        view.label_languages = label_languages(question)
        if not_applicable_name(question) in form:
            view.not_applicable = form[not_applicable_name(question)]
            view.explanation = form[not_applicable_name(question) + "_text"]
        if result is not None:
            view.error = result.errors.get(question.key)
            view.conflict = result.conflicts.get(question.key)
            if question.key in result.saved:
                view.base = base_of(result.saved[question.key])
                view.answer = result.saved[question.key]
            elif view.conflict is not None:
                view.base = view.conflict.base
        if view.error and view.field is not None:
            try:
                view.field.errors = [view.error]
            except AttributeError:  # a sub-form (a table's cells) has no errors of its own: shown above it
                pass
        if question.show_if:
            view.condition = _condition_text(question, by_key)
            if question.show_if["question"] in on_page:
                view.parent_field = field_name(by_key[question.show_if["question"]])
                view.show_values = " ".join(question.show_if["in"])
        views.append(view)
    return views


def render_cluster(
    reply: Reply,
    cluster: Cluster,
    form: FlaskForm,
    *,
    result: SaveResult | None = None,
    posted_bases: Mapping[str, str] | None = None,
    refusal: str | None = None,
    writable: bool = False,
    preview: bool = False,
    restored: bool = False,
) -> str:
    """The cluster page: the form (read-only unless ``writable``), errors, conflicts and navigation."""
    views = question_views(reply, cluster, form, result, posted_bases)
    observations = {} if preview else questions_to_state(get_session(), g.user, reply.answers)
    return render_template(
        "forms/cluster.html",
        reply=reply, cluster=cluster, form=form, views=views, result=result, refusal=refusal,
        writable=writable and reply.editable and refusal is None, preview=preview,
        progress=reply.progress_by_cluster(), restored=restored,
        observations=observations, observation_form=EmptyForm(),
    )
