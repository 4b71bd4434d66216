"""A writable cluster page's question blocks, rendered once per worker and filled with each State's answers.

Everything a question block shows apart from the answer — number, text, guidance, provisions, the follow-up
rule, labels, ids, the controls' attributes — depends only on the questionnaire's content (its content
revision), the language the questionnaire is read in, the reader's language and, for answers made of rows,
how many rows are offered. So the blocks are rendered once through the same template and widgets as every
other cluster page (``forms.pages``, ``forms.question_widgets``), with a marker where each answer-dependent
piece goes, and kept by the worker (``questionnaire.structure.kept_page_parts``). A page view then only writes
the State's values into the markers: each text box's value, which choices are ticked, the revision each answer
was read at and who changed it last, each read from the stored answer as the cluster's WTForms form would bind
it (each slot keeps a ``Reader`` saying where its piece comes from), without building that form.

The pieces, per question, as building finds them in the blank form (``_slots``): each text leaf of the form
(text box, text area, a link row's title and address, a table's cell, a "Not applicable" explanation) gets its
value; each choice of a radio or check-box list, and the "Not applicable" box, is written ticked or not (both
renderings are kept); then the answer's base revision and its "Last changed by" line.

Only a writable page with nothing to report (no error, conflict, refusal or restored post) is filled this way;
the others are rendered in full. A questionnaire text that itself holds a marker character is rendered in full
too (the block is not kept).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping, Sequence

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from wtforms import BooleanField, Field, FieldList, FormField, RadioField, SelectMultipleField

from forms.answers import base_of
from forms.form_factory import cluster_form_class, field_name, not_applicable_name, row_count
from forms.controls import render_control
from forms.question_widgets import ChangeWords, QuestionView, last_change_line, question_views
from forms.replies import Reply
from forms.slots import Slotted, marker, slotted
from questionnaire.kinds import get_kind
from questionnaire.kinds.base import NOT_APPLICABLE, allows_not_applicable, is_not_applicable
from questionnaire.structure import ClusterData, kept_page_parts

@dataclass(frozen=True)
class Reader:
    """How a slot's piece is read from the question's stored answer, as the bound form would show it:
    ``text`` — the text at ``path`` in the field's data (a link row's number and part, a table's cell; empty
    for the field itself) or, with ``explanation``, a "Not applicable" answer's explanation; ``choice`` —
    whether the choice ``code`` is ticked (one of several when ``multiple``); ``box`` — whether "Not
    applicable" is ticked; ``base`` and ``last_change`` — the answer's revision and its last-change line."""

    what: str
    path: tuple[str, ...] = ()
    code: str = ""
    multiple: bool = False
    explanation: bool = False


@dataclass(frozen=True)
class KeptParts:
    """A cluster's question blocks; for each slot (by number) its two renderings when it is a choice or a box
    (not ticked, ticked), None when a text goes in it; and, by question, its slots' readers in order."""

    blocks: tuple[Slotted, ...]
    choices: tuple[tuple[str, str] | None, ...]
    readers: tuple[tuple[tuple[int, Reader], ...], ...]


@dataclass
class FilledView:
    """A question of the page as the cluster template reads it: its block already rendered."""

    question: Any
    html: Markup
    error: None = None
    conflict: None = None


def _question_fields(form: Any, question: Any) -> Iterator[Field]:
    for name in (field_name(question), not_applicable_name(question), not_applicable_name(question) + "_text"):
        if name in form:
            yield form[name]


def _leaves(field: Field) -> Iterator[Field]:
    if isinstance(field, FieldList):
        for entry in field:
            yield from _leaves(entry)
    elif isinstance(field, FormField):
        for sub in field:
            yield from _leaves(sub)
    else:
        yield field


def _slots(form: Any, question: Any) -> Iterator[tuple[Field, int | None]]:
    """The answer-dependent pieces of ``question``'s fields in order: (text leaf, None), or (choice list or
    check box, index of the choice; 0 for a check box)."""
    for field in _question_fields(form, question):
        for leaf in _leaves(field):
            if isinstance(leaf, (RadioField, SelectMultipleField)):
                for index in range(len(leaf.choices or ())):
                    yield leaf, index
            elif isinstance(leaf, BooleanField):
                yield leaf, 0
            else:
                yield leaf, None


def page_parts_key(questions: Sequence[Any], values: dict[int, Any], content_language: str | None) -> tuple:
    """What the kept blocks depend on besides the questionnaire's content: the reader's language, the
    language the questionnaire is read in, and the rows each question offers (``build_cluster_form``'s)."""
    return (str(get_locale()), content_language, tuple(row_count(question, values) for question in questions))


def build_parts(reply: Reply, cluster: ClusterData, rows: Sequence[int]) -> KeptParts | None:
    """The cluster's question blocks with markers, rendered by the cluster page's own template and widgets
    (None when a text of the questionnaire holds a marker character)."""
    questions = cluster.questions
    form = cluster_form_class(questions, rows)(formdata=None, data={})
    choices: list[tuple[str, str] | None] = []
    numbers: dict[tuple[int, int | None], int] = {}  # (id of the leaf, choice) -> slot number
    own: list[list[int]] = []  # each question's slot numbers
    readers: list[tuple[tuple[int, Reader], ...]] = []
    for question in questions:
        mine: list[tuple[int, Reader]] = []
        for leaf, index in _slots(form, question):
            numbers[(id(leaf), index)] = len(choices)
            mine.append((len(choices), _reader(question, leaf, index)))
            if index is None:
                leaf.data, leaf.raw_data = marker(len(choices)), [marker(len(choices))]
            choices.append(None)
        for what in (("base", "last_change") if get_kind(question.kind).answerable else ("last_change",)):
            mine.append((len(choices), Reader(what)))
            choices.append(None)
        own.append([number for number, _reader_ in mine])
        readers.append(tuple(mine))
    blank = Reply(reply.questionnaire, reply.state, None, {}, reply.shown_in)
    views = question_views(blank, cluster, form, disabled=False)
    render_question = get_template_attribute("forms/_question.html", "render_question")
    blocks = []
    for view, mine in zip(views, own):
        _mark_choices(view, numbers, choices)
        if get_kind(view.question.kind).answerable:
            view.base = Markup(marker(mine[-2]))
        view.last_change = Markup(marker(mine[-1]))
        block = slotted(str(render_question(view, False)))
        if block is None or sorted(block.order) != mine:
            return None
        blocks.append(block)
    return KeptParts(tuple(blocks), tuple(choices), tuple(readers))


def _reader(question: Any, leaf: Field, index: int | None) -> Reader:
    name = field_name(question)
    if isinstance(leaf, BooleanField):
        return Reader("box")
    if index is not None:
        choice = list(leaf.iter_choices())[index]
        return Reader("choice", code=str(choice[0]), multiple=isinstance(leaf, SelectMultipleField))
    if leaf.name == not_applicable_name(question) + "_text":
        return Reader("text", explanation=True)
    return Reader("text", path=tuple(part for part in leaf.name[len(name):].split("-") if part))


def _shown_data(question: Any, values: Mapping[int, Any]) -> tuple[Any, Any]:
    """The field's data as ``build_cluster_form`` binds it from the stored answer, and the "Not applicable"
    explanation when the answer is one (else None)."""
    if question.id not in values:
        return None, None
    value = values[question.id]
    options = getattr(question, "model", question).options  # the codes and rules: the same in every language
    explanation = (value[NOT_APPLICABLE] if is_not_applicable(value) and allows_not_applicable(options)
                   else None)
    return get_kind(question.kind).form_value(value, options), explanation


def _text_at(data: Any, path: tuple[str, ...]) -> str:
    """A text box's value as WTForms shows the data bound to it (``str``, empty for None); a path through
    link rows (a list of mappings) and table cells (a mapping)."""
    for part in path:
        if isinstance(data, list) and part.isdigit():
            data = data[int(part)] if int(part) < len(data) else None
        elif isinstance(data, Mapping):
            data = data.get(part)
        else:
            data = None
    return "" if data is None else str(data)


def _ticked(data: Any, reader: Reader) -> bool:
    """Whether a choice is ticked as WTForms ticks it: its code equal to the data (coerced to text), or among
    the data's items for several choices."""
    if data is None:
        return False
    if not reader.multiple:
        return reader.code == str(data)
    try:
        return reader.code in [str(item) for item in data]
    except TypeError:
        return False


def _mark_choices(view: QuestionView, numbers: dict, choices: list) -> None:
    """Put markers where the view's choices and "Not applicable" box go, keeping both their renderings."""
    if view.options:
        marked = []
        for index, (option, control, label) in enumerate(view.options):
            number = numbers[(id(view.field), index)]
            option.checked = True
            ticked = render_control(option, disabled=False, **view.invalid)
            option.checked = False
            choices[number] = (str(control), str(ticked))
            marked.append((option, Markup(marker(number)), label))
        view.options = marked
    if view.not_applicable is not None:
        number = numbers[(id(view.not_applicable), 0)]
        view.not_applicable.data = True
        ticked = render_control(view.not_applicable, disabled=False)
        view.not_applicable.data = False
        choices[number] = (str(view.not_applicable_control), str(ticked))
        view.not_applicable_control = Markup(marker(number))


def filled_views(db: Session, reply: Reply, cluster: ClusterData) -> list[FilledView] | None:
    """The cluster's question blocks for ``reply``: the kept blocks filled with its answers (read as the
    cluster's form would show them, without building it); None when they cannot be kept (see ``build_parts``)."""
    questions = cluster.questions
    values = reply.values_by_id
    key = page_parts_key(questions, values, reply.language)
    parts = kept_page_parts(db, reply.model, (cluster.code, *key), lambda: build_parts(reply, cluster, key[2]))
    if parts is None:
        return None
    choices = parts.choices
    words: ChangeWords | None = None
    lines: dict[tuple[str, Any], Markup] = {}
    views = []
    for question, block, readers in zip(questions, parts.blocks, parts.readers):
        data, explanation = _shown_data(question, values)
        fills: dict[int, Any] = {}
        for number, reader in readers:
            what = reader.what
            if what == "text":
                text = (explanation or "") if reader.explanation else _text_at(data, reader.path)
                fills[number] = escape(text)
            elif what == "choice":
                fills[number] = choices[number][_ticked(data, reader)]
            elif what == "box":
                fills[number] = choices[number][explanation is not None]
            elif what == "base":
                fills[number] = escape(base_of(reply.answers.get(question.id)))
            else:
                answer = reply.answers.get(question.id)
                if answer is not None and answer.updated_by is not None:
                    said = (answer.updated_by.name, answer.updated_at)  # answers saved together: one line
                    if said not in lines:
                        words = words or ChangeWords()
                        lines[said] = last_change_line(answer, words)
                    fills[number] = lines[said]
                else:
                    fills[number] = ""
        views.append(FilledView(question, Markup(block.fill(fills))))
    return views
