"""A label followed by its value, punctuated the reader's way: "Disposition: accepted" in English, "Suite donnée :
acceptée" in French (a no-break space before the colon), "处理：接受" in Chinese (a full-width colon, no space).

One message, ``"%(label)s: %(value)s"`` (context "label and value"), says how each language does it; the label
alone, as it stands before a value written apart (in another run of a document, after a bold label), is the part
of that message before ``%(value)s``.
"""
from __future__ import annotations

from typing import Any

from flask_babel import pgettext
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

LABEL = "%(label)s"
VALUE = "%(value)s"
ENGLISH = f"{LABEL}: {VALUE}"


def _pattern() -> tuple[str, str, str]:
    """The reader's language's way as (the label with its colon, the gap between colon and value, what follows
    the value), each still holding ``%(label)s`` where the label goes: ``("%(label)s:", " ", "")`` in English.
    A translation that lost either placeholder, or puts the value first, is set aside for English."""
    pattern = pgettext("label and value", "%(label)s: %(value)s")
    before, found, after = pattern.partition(VALUE)
    if not found or LABEL not in before or LABEL in after or VALUE in after:
        before, _value, after = ENGLISH.partition(VALUE)
    head = before.rstrip()
    return head, before[len(head):], after


def labelled(label: Any, value: Any = None) -> str:
    """``label`` followed by ``value`` in the reader's language ("Code: Q12", "Code : Q12", "代码：Q12"); without a
    value, the label as it stands before one, its colon and the gap after it included ("Text: ", "Texte : ",
    "文本："), for a value written apart. Plain text: a page uses the template global, which escapes."""
    head, gap, after = _pattern()
    before = head.replace(LABEL, str(label)) + gap
    return before if value is None else before + str(value) + after


def labelled_markup(label: Any, value: Any = None, tag: str | None = None) -> Markup:
    """:func:`labelled` for a page: ``label`` and ``value`` escaped unless they are markup already (a ``<bdi>``,
    a link), and with ``tag`` the label and its colon set in that element (``<strong>Text:</strong> …``)."""
    head, gap, after = _pattern()
    shown = escape(head).replace(LABEL, escape(label))
    if tag:
        shown = Markup("<{tag}>{head}</{tag}>").format(tag=Markup(tag), head=shown)
    before = shown + escape(gap)
    return before if value is None else before + escape(value) + escape(after)


@pass_eval_context
def labelled_in_template(context: EvalContext, label: Any, value: Any = None, tag: str | None = None) -> Any:
    """The ``labelled`` of templates: markup in an HTML template, plain text in a text one (a mail)."""
    if context.autoescape:
        return labelled_markup(label, value, tag)
    return labelled(label, value)
