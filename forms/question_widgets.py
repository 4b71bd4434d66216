"""What each question's widget on a cluster page shows, put together once in Python so that the widgets of
``_widgets.html`` only place it: the question's texts in their languages, guidance and provisions, the follow-up
rule in words, the plain controls rendered, and who changed the answer last; and the views of a cluster's
questions for a form (``question_views``), which the page and its kept blocks (``forms.page_parts``) render."""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Any, Mapping

from flask import current_app
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from markupsafe import Markup, escape

from forms.answers import Conflict, SaveResult, base_of
from forms.controls import render_control
from forms.form_factory import field_name, first_input_id, not_applicable_name
from forms.printing import answer_text
from forms.replies import Reply
from questionnaire.instruments import cite_all
from questionnaire.kinds import Kind, get_kind
from questionnaire.kinds.base import is_not_applicable
from questionnaire.locale import content_language, datetime_formatter, direction_of_text_in, reader_language, worded_in
from questionnaire.models import Answer, Cluster, Question
from questionnaire.replies.written import written_language


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
    # the language of the answer's texts: on a read-only page the one the State wrote it in, where known; on a
    # writable page the reply's, which what is typed in its boxes is recorded in
    written_in: str | None = None
    label_languages: dict[str, str] = dataclass_field(default_factory=dict)  # each own label's language, by suffix
    # Put together once in Python, so the widgets only place them (Markup):
    kind: Kind | None = None  # the question's kind, which names the widget that renders the field
    text: Any = ""  # the question's text as shown (its language, a mark where the source stands in)
    heading: Any = ""  # the number, text and required mark: a legend's or label's content
    meta: Any = ""  # guidance and provisions
    err_id: str = ""
    described: str | None = None  # the ids the field's aria-describedby names (hint, error)
    invalid: dict[str, str] = dataclass_field(default_factory=dict)  # aria-invalid on each control, on an error
    attrs: dict[str, str] = dataclass_field(default_factory=dict)  # and aria-describedby on a single control
    control: Any = ""  # a single control (text box, text area, number, date), rendered
    options: list = dataclass_field(default_factory=list)  # (option, rendered control, label) per choice
    rows: list = dataclass_field(default_factory=list)  # link rows: LinkRowView per row
    not_applicable_control: Any = ""
    explanation_control: Any = ""
    last_change: Any = ""  # who changed the answer last, and when: the line under a writable page's question
    stored: Any = ""  # under a conflict, the other person's stored answer as the read-only pages show it


@dataclass(frozen=True)
class LinkRowView:
    """One row of a links answer as the widget places it: the two controls, rendered, and their labels."""

    title_id: str
    title_label: Markup
    title: Markup
    url_id: str
    url_label: Markup
    url: Markup


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


def _in_language(text: Any, language: str | None, reader: str, number: Any = None) -> Markup:
    """``questionnaire.locale.in_language`` with the reader's language known (one look-up per page)."""
    lang = f' lang="{escape(language)}"' if language and language != reader else ""
    prefix = f"<bdi>{escape(number)}</bdi> " if number not in (None, "") else ""
    direction = direction_of_text_in(language)
    return Markup(f'<span dir="{direction}"{lang}>{prefix}{escape("" if text is None else text)}</span>')


class ChangeWords:
    """The words of a question's "Last changed by … on …" line, looked up once per page."""

    def __init__(self) -> None:
        self.last_change = _("Last changed by %(name)s on %(when)s.")
        self.when = datetime_formatter()


class WidgetWords(ChangeWords):
    """The fixed words of the widgets, translated once per page."""

    def __init__(self) -> None:
        super().__init__()
        self.reader = reader_language()
        self.languages = current_app.config["LANGUAGES"]
        self.required = Markup(' <span class="required">({})</span>').format(_("required"))
        self.untranslated = Markup(' <span class="badge untranslated">{}</span>').format(_("Not yet translated"))
        self.provisions = escape(_("Provisions:"))
        self.condition = _("Answer if the reply to %(number)s is: %(values)s.")
        self.link_title = Markup(_("Link %(n)s: title", n="%(n)s"))
        self.link_url = Markup(_("Link %(n)s: web address", n="%(n)s"))


def _isolate(value: Any, language: str | None = None) -> Markup:
    """``questionnaire.locale.isolate``, without the formatter's overhead (with ``lang`` when ``language``)."""
    lang = f' lang="{escape(language)}"' if language else ""
    return Markup(f"<bdi{lang}>{escape('' if value is None else value)}</bdi>")


def _shown(question: Any, field: str, words: WidgetWords, number: Any = None) -> Markup:
    """The ``shown`` macro of content_text.html for a question: the text in its language, the number isolated
    before it, and a mark where the source stands in for a translation."""
    text = getattr(question, field) or ""
    localized = hasattr(question, "language_of")
    language = content_language(question, field) if localized else content_language(question.questionnaire)
    markup = _in_language(text, language, words.reader, number)
    if text and localized and question.is_source_standing_in(field):
        markup += words.untranslated
    return markup


def _meta(question: Any, words: WidgetWords) -> Markup:
    """Guidance and provisions, as ``question_meta`` of _widgets.html wrote them."""
    parts = []
    if question.guidance:
        parts.append(f'<p class="hint" id="q_{escape(question.id)}-hint">{_shown(question, "guidance", words)}</p>')
    if question.provisions:
        # cited and joined as a reader of the language the questionnaire is read in writes them ("ст. 6 (1)" in
        # Russian, "المادة 6 (1) (أ)؛ المادة 7" in Arabic)
        language = getattr(question, "language", None) or question.questionnaire.source
        if language in words.languages:
            references = cite_all(question.provisions, language)
        else:
            references, language = "; ".join(map(str, question.provisions)), question.questionnaire.source
        parts.append(f'<p class="provisions">{words.provisions} {_in_language(references, language, words.reader)}</p>')
    return Markup("\n".join(parts))


def prepare_widget(view: QuestionView, words: WidgetWords, disabled: bool) -> None:
    """Everything the question's widget shows that does not depend on the template: texts, ids, controls."""
    question = view.question
    view.kind = get_kind(question.kind)
    view.text = _shown(question, "text", words)
    view.heading = _shown(question, "text", words, question.number) + (words.required if question.required else "")
    view.meta = _meta(question, words)
    if not disabled:
        view.last_change = last_change_line(view.answer, words)
    view.err_id = f"q_{question.id}-error"
    described = ([f"q_{question.id}-hint"] if question.guidance else []) + ([view.err_id] if view.error else [])
    view.described = " ".join(described) or None
    view.invalid = {"aria-invalid": "true"} if view.error else {}
    view.attrs = dict(view.invalid, **({"aria-describedby": view.described} if view.described else {}))
    # what the State wrote carries the language it was written in where that is not the reader's, as on the
    # printable reply: its texts for kinds answered in words, an explanation of "Not applicable" for every kind;
    # a writable page's boxes the reply's language, which what is typed there is recorded in
    said_in = _lang(written_language(question, view.written_in, words.reader))
    explained_in = _lang(view.written_in if view.written_in != words.reader else None)
    field = view.field
    if field is not None and view.kind.widget == "single_input":
        view.control = render_control(field, disabled=disabled, dir="auto", **said_in, **view.attrs)
    elif field is not None and view.kind.widget == "choices":
        view.options = [
            (option, render_control(option, disabled=disabled, **view.invalid),
             _in_language(option.label.text, view.label_languages.get(f"choice.{option.data}"), words.reader))
            for option in field
        ]
    elif field is not None and view.kind.widget == "link_rows":
        view.rows = [_link_row(row.form, number, words, disabled, said_in)
                     for number, row in enumerate(field, start=1)]
    if view.not_applicable is not None:
        view.not_applicable_control = render_control(view.not_applicable, disabled=disabled)
        view.explanation_control = render_control(view.explanation, disabled=disabled, rows=3, dir="auto",
                                                  **explained_in)
    if view.conflict is not None and view.conflict.stored is not None:
        view.stored = stored_answer(question, view.conflict.stored, view.written_in, words.reader)


def stored_answer(question: Any, stored: Answer, reply_language: str | None, reader: str) -> Markup:
    """Another person's stored answer shown beside a conflict as the read-only pages show an answer (see
    ``forms.printing.answer_text``): a text in its own isolate with the language it was written in (the
    answer's, else the reply's) where that is not the reader's; a choice, and "Not applicable", worded like the
    questionnaire, their words and the explanation so marked. Empty for no answer."""
    written_in = stored.language or reply_language
    text = answer_text(question, stored.value, written_in)
    if not text:
        return Markup("")
    if is_not_applicable(stored.value):
        return Markup(text)
    return _in_language(text, written_language(question, written_in, reader), reader)


def _lang(language: str | None) -> dict[str, str]:
    """A control's ``lang`` attribute, where there is a language to give it."""
    return {"lang": language} if language else {}


def last_change_line(answer: Answer | None, words: ChangeWords) -> Markup:
    """"Last changed by … on …" under a question of a writable page; nothing for an answer nobody changed."""
    if answer is None or answer.updated_by is None:
        return Markup("")
    said = Markup(words.last_change) % {"name": _isolate(answer.updated_by.name), "when": words.when(answer.updated_at)}
    return Markup('<p class="muted last-change">{}</p>').format(said)


def _link_row(row: Any, number: int, words: WidgetWords, disabled: bool, said_in: dict[str, str]) -> LinkRowView:
    """A link row's labels ("Link 2: title", the number isolated) and controls, as the template wrote them; the
    title with the language it was written in (``said_in``: its ``lang``, if any)."""
    n = {"n": _isolate(number)}
    return LinkRowView(
        row.title.id, words.link_title % n, render_control(row.title, disabled=disabled, dir="auto", **said_in),
        row.url.id, words.link_url % n, render_control(row.url, disabled=disabled, placeholder="https://", dir="ltr"),
    )


def condition_text(question: Question, by_key: Mapping[str, Question], words: "WidgetWords | None" = None) -> str:
    parent = by_key.get(question.show_if["question"]) if question.show_if else None
    if parent is None:
        return ""
    words = words or WidgetWords()
    kind = get_kind(parent.kind)
    # the answers named as the choices above them are worded: in the language the questionnaire is read in
    with worded_in(getattr(parent, "language", None)) as other:
        labels = [kind.choice_label(code, parent.options) for code in question.show_if["in"]] if kind.closed else []
    # the number and each label in its own isolate: on a right-to-left page they keep their place
    number = (_isolate(parent.number) if parent.number
              else _in_language(parent.text[:40], content_language(parent, "text"), words.reader))
    return escape(words.condition) % {
        "number": number, "values": Markup(" / ").join(_isolate(label, other) for label in labels)}


def question_views(
    reply: Reply,
    cluster: Cluster,
    form: FlaskForm,
    result: SaveResult | None = None,
    posted_bases: Mapping[str, str] | None = None,
    disabled: bool = False,
) -> list[QuestionView]:
    words = WidgetWords()
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
        if disabled and answer is not None:
            view.written_in = answer.language or (reply.response.language if reply.response is not None else None)
        elif not disabled:
            view.written_in = reply.language  # what is typed is recorded in the reply's language
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
            view.condition = condition_text(question, by_key, words)
            if question.show_if["question"] in on_page:
                view.parent_field = field_name(by_key[question.show_if["question"]])
                view.show_values = " ".join(question.show_if["in"])
        prepare_widget(view, words, disabled)
        views.append(view)
    return views
