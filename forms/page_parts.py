"""A writable cluster page's question blocks, rendered once per worker and filled with each State's answers.

Everything a question block shows apart from the answer — number, text, guidance, provisions, the follow-up
rule, labels, ids, the controls' attributes — depends only on the questionnaire's content (its content
revision), the language the questionnaire is read in, the reader's language and, for answers made of rows,
how many rows are offered. So the blocks are rendered once through the same template and widgets as every
other cluster page (``forms.pages``), with a marker where each answer-dependent piece goes, and kept by the
worker (``questionnaire.structure.kept_page_parts``). A page view then only writes the State's values into
the markers: each text box's value, which choices are ticked, the revision each answer was read at and who
changed it last.

The pieces filled in, per question, in a fixed order that building and filling share (``_slots``): each text
leaf of the form (text box, text area, a link row's title and address, a table's cell, a "Not applicable"
explanation) gets its value; each choice of a radio or check-box list, and the "Not applicable" box, is written
ticked or not (both renderings are kept); then the answer's base revision and its "Last changed by" line.

Only a writable page with nothing to report (no error, conflict, refusal or restored post) is filled this way;
the others are rendered in full. A questionnaire text that itself holds a marker character is rendered in full
too (the block is not kept).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from wtforms import BooleanField, Field, FieldList, FormField, RadioField, SelectMultipleField

from forms.answers import base_of
from forms.form_factory import cluster_form_class, field_name, not_applicable_name, row_count
from forms.pages import QuestionView, _Words, last_change_line, question_views, render_control
from forms.replies import Reply
from questionnaire.kinds import get_kind
from questionnaire.structure import ClusterData, kept_page_parts

_OPEN, _CLOSE = "\ue000", "\ue001"  # Unicode private-use characters: escaping leaves them as they are
_MARKER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def _marker(number: int) -> str:
    return f"{_OPEN}{number}{_CLOSE}"


@dataclass(frozen=True)
class KeptBlock:
    """One question's block: ``texts[0]``, the piece of slot ``order[0]``, ``texts[1]``, … ``texts[-1]``."""

    texts: tuple[str, ...]
    order: tuple[int, ...]


@dataclass(frozen=True)
class KeptParts:
    """A cluster's question blocks, and for each slot (by number) its two renderings when it is a choice
    (not ticked, ticked) or None when the answer's text goes in it."""

    blocks: tuple[KeptBlock, ...]
    choices: tuple[tuple[str, str] | None, ...]


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
    for question in questions:
        mine = []
        for leaf, index in _slots(form, question):
            numbers[(id(leaf), index)] = len(choices)
            mine.append(len(choices))
            if index is None:
                leaf.data, leaf.raw_data = _marker(len(choices)), [_marker(len(choices))]
            choices.append(None)
        for _piece in range(2 if get_kind(question.kind).answerable else 1):  # the base, the last-change line
            mine.append(len(choices))
            choices.append(None)
        own.append(mine)
    blank = Reply(reply.questionnaire, reply.state, None, {}, reply.shown_in)
    views = question_views(blank, cluster, form, disabled=False)
    render_question = get_template_attribute("forms/_question.html", "render_question")
    blocks = []
    for view, mine in zip(views, own):
        _mark_choices(view, numbers, choices)
        if get_kind(view.question.kind).answerable:
            view.base = Markup(_marker(mine[-2]))
        view.last_change = Markup(_marker(mine[-1]))
        pieces = _MARKER.split(str(render_question(view, False)))
        texts = pieces[::2]
        order = tuple(int(number) for number in pieces[1::2])
        if sorted(order) != mine or any(_OPEN in text or _CLOSE in text for text in texts):
            return None
        blocks.append(KeptBlock(tuple(texts), order))
    return KeptParts(tuple(blocks), tuple(choices))


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
            marked.append((option, Markup(_marker(number)), label))
        view.options = marked
    if view.not_applicable is not None:
        number = numbers[(id(view.not_applicable), 0)]
        view.not_applicable.data = True
        ticked = render_control(view.not_applicable, disabled=False)
        view.not_applicable.data = False
        choices[number] = (str(view.not_applicable_control), str(ticked))
        view.not_applicable_control = Markup(_marker(number))


def filled_views(db: Session, reply: Reply, cluster: ClusterData, form: Any) -> list[FilledView] | None:
    """The cluster's question blocks for ``reply`` (its answers in ``form``, bound to them): the kept blocks
    filled in; None when they cannot be kept (see ``build_parts``)."""
    questions = cluster.questions
    values = reply.values_by_id
    key = page_parts_key(questions, values, reply.language)
    parts = kept_page_parts(db, reply.model, (cluster.code, *key), lambda: build_parts(reply, cluster, key[2]))
    if parts is None:
        return None
    fills: list[Any] = []
    words: _Words | None = None
    for question in questions:
        ticked: list[bool] = []
        for leaf, index in _slots(form, question):
            if index is None:
                fills.append(escape(leaf._value()))
            elif isinstance(leaf, BooleanField):
                fills.append(bool(leaf.data))
            else:
                if index == 0:
                    ticked = [bool(choice[2]) for choice in leaf.iter_choices()]
                fills.append(ticked[index])
        answer = reply.answers.get(question.id)
        if get_kind(question.kind).answerable:
            fills.append(escape(base_of(answer)))
        if answer is not None and answer.updated_by is not None:
            words = words or _Words()
            fills.append(last_change_line(answer, words))
        else:
            fills.append("")
    choices = parts.choices
    views = []
    for question, block in zip(questions, parts.blocks):
        out = [block.texts[0]]
        for number, text in zip(block.order, block.texts[1:]):
            fill = fills[number]
            out.append(choices[number][fill] if choices[number] is not None else fill)
            out.append(text)
        views.append(FilledView(question, Markup("".join(out))))
    return views
