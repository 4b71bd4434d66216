"""What a cluster page shows for each question (its field, base, follow-up rule, error and conflict), and the
page itself."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from flask import g, render_template
from flask_wtf import FlaskForm

from forms.answers import SaveResult, base_of
from forms.form_factory import build_cluster_form, field_name, first_input_id, not_applicable_name
from forms.language import language_choice_form
from forms.question_widgets import QuestionView, WidgetWords, condition_text, label_languages, prepare_widget
from forms.replies import Reply
from forms.reply_nav import reply_nav
from questionnaire.auth.forms import EmptyForm
from questionnaire.db import get_session
from questionnaire.models import Cluster
from questionnaire.observations.service import questions_to_state


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


def render_cluster(
    reply: Reply,
    cluster: Cluster,
    form: FlaskForm | None,
    *,
    result: SaveResult | None = None,
    posted_bases: Mapping[str, str] | None = None,
    refusal: str | None = None,
    writable: bool = False,
    preview: bool = False,
    restored: bool = False,
) -> str:
    """The cluster page: the form (read-only unless ``writable``), errors, conflicts and navigation. ``form``
    None: the form of the stored answers, a writable page filled into the worker's kept question blocks
    (``forms.page_parts``) where it can be; a form is given to show what was posted. The reply's language can
    be changed from a writable page showing the stored answers (not from one showing what was posted or kept
    and is not saved: changing it reloads the page)."""
    writable = writable and reply.editable and refusal is None
    views: Sequence[Any] | None = None
    if writable and form is None:
        from forms.page_parts import filled_views  # it renders blocks through this module's views
        views = filled_views(get_session(), reply, cluster)
    if views is None:
        if form is None:
            form = build_cluster_form(cluster.questions, reply.values_by_id)
        views = question_views(reply, cluster, form, result, posted_bases, disabled=not writable)
    shows_stored = writable and result is None and not restored  # nothing posted or kept is waiting on it
    observation_form = EmptyForm()
    on_page = {question.id: reply.answers[question.id]
               for question in cluster.questions if question.id in reply.answers}
    observations = {} if preview else questions_to_state(get_session(), g.user, on_page)
    return render_template(
        "forms/cluster.html",
        reply=reply, cluster=cluster, form=observation_form if form is None else form, views=views, result=result, refusal=refusal,
        writable=writable, preview=preview,
        nav=reply_nav(reply, reply.progress_by_cluster(), cluster.code, preview=preview), restored=restored,
        observations=observations, observation_form=observation_form,
        language_form=language_choice_form(g.user, reply) if shows_stored else None,
    )
