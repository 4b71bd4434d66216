"""What a State wrote, as the pages that show its answers mark it: the language to give an answer's text, and the
words a page puts around it ("Not applicable", the labels of a closed kind's answer) marked with the language
they are worded in. The printable reply (``forms``) and the reviewers' pages (``exports``) both call these, so a
State's answers carry the same marks wherever they are read: ``lang`` on whatever is not in the page's language,
and ``dir`` where its direction is not the page's either (Arabic on an English page, English on an Arabic one)."""
from __future__ import annotations

from typing import Any, Mapping

from flask_babel import gettext as _
from markupsafe import Markup, escape

from questionnaire.kinds import LABEL_SEPARATOR, get_kind
from questionnaire.kinds.base import NOT_APPLICABLE, is_not_applicable
from questionnaire.locale import content_language, reader_language, worded_in, writing_direction

#: Stands in for the explanation in the translated words, where it is cut to put the marked explanation in.
_EXPLANATION = "\x00"


def written_language(question: Any, language: str | None, page_language: str) -> str | None:
    """The language to give an answer's text on a page in ``page_language``: ``language`` (the one the
    answer was written in, the reply's language when it was saved) where it differs, for kinds whose
    answers the State writes in words; ``None`` otherwise (a closed kind's answer is shown through the
    questionnaire's labels, which ``shown_answer`` marks one by one)."""
    if not language or language == page_language or get_kind(question.kind).closed:
        return None
    return language


def language_marks(language: str | None, around: str) -> Markup:
    """The attributes of an element holding text in ``language`` inside text in ``around`` (the page's language,
    or an enclosing element's): ``lang`` where the two differ, and ``dir`` too where they are written in
    different directions; nothing where they agree or the language is not known."""
    if not language or language == around:
        return Markup("")
    marks = Markup(' lang="{}"').format(language)
    if writing_direction(language) != writing_direction(around):
        marks += Markup(' dir="{}"').format(writing_direction(language))
    return marks


def in_own_language(text: str, language: str | None, around: str) -> Markup:
    """``text`` escaped, in a ``<span>`` carrying its ``language_marks`` where it is not in ``around``. A page's
    own words (labels, "Not applicable") are in a known language and direction: no ``dir="auto"`` guess."""
    marks = language_marks(language, around)
    return Markup("<span{}>{}</span>").format(marks, text) if marks else escape(text)


def shown_answer(question: Any, value: Any, written_in: str | None, worded: str | None = None) -> str | Markup:
    """An answer as a page shows it, the kinds' own words ("Yes, in part", "Not applicable") in ``worded``
    (the language the page reads the questionnaire in; see ``questionnaire.locale.worded_in``), else the
    page's. A closed kind's answer and a "Not applicable" one come as markup whose marks are complete (see
    ``shown_choices`` and ``shown_not_applicable``); any other as text, to be marked with ``written_language``.
    ``""`` for no answer."""
    if is_not_applicable(value):
        return shown_not_applicable(value, written_in, worded)
    kind = get_kind(question.kind)
    if kind.closed:
        return shown_choices(question, value, worded)
    with worded_in(worded):
        return kind.display_text(value, question.options)


def shown_choices(question: Any, value: Any, worded: str | None = None) -> str | Markup:
    """A closed kind's answer: the labels of the chosen codes, joined as the kind joins them, each marked with
    the language it is in where that is not the page's: a label of the question's options in the language
    the question shows it in (the source where it stands in for a missing translation), the kind's own words
    ("Yes, in part") in ``worded`` where ``worded_in`` switches to it. ``""`` for no answer. Escaped."""
    kind = get_kind(question.kind)
    if not kind.is_answered(value):
        return ""
    options = question.options
    with worded_in(worded) as switched:
        labels = [kind.choice_label(code, options) for code in (value if isinstance(value, list) else [value])]
    page = reader_language()
    own_labels = {label for _suffix, label in kind.option_labels(options)}
    return Markup(LABEL_SEPARATOR).join(
        in_own_language(label, _label_language(question, label) if label in own_labels else switched or page, page)
        for label in labels
    )


def _label_language(question: Any, label: str) -> str:
    """The language ``question`` shows its option ``label`` in (a question read in a language knows it; a
    question read as stored shows its questionnaire's source)."""
    if hasattr(question, "label_language"):
        return str(question.label_language(label))
    return content_language(getattr(question, "questionnaire", None))


def shown_not_applicable(value: Mapping[str, Any], written_in: str | None, worded: str | None = None) -> Markup:
    """A "Not applicable" answer as a page shows it: the words ("Not applicable: …") in ``worded`` (the
    language the page words answers in; see ``questionnaire.locale.worded_in``), else the page's language,
    marked with that language where it is not the page's; the explanation, whatever the question's kind, in
    its own isolate (``dir="auto"``: the State may write in any script) with ``written_in``, the language it
    was written in, where that is not the language of the words around it. Escaped."""
    page = reader_language()
    with worded_in(worded) as switched:
        words = _("Not applicable: %(explanation)s", explanation=_EXPLANATION)
    around = switched or page
    lang = Markup(' lang="{}"').format(written_in) if written_in and written_in != around else Markup("")
    explanation = Markup('<span dir="auto"{}>{}</span>').format(lang, value[NOT_APPLICABLE])
    before, _found, after = words.partition(_EXPLANATION)
    shown = escape(before) + explanation + escape(after)
    marks = language_marks(switched, page)
    return Markup("<span{}>{}</span>").format(marks, shown) if marks else shown
