"""What the printable reply shows of each answer: its text, worded like the questionnaire, and the language each
text the State wrote carries (see ``reply_layout.html`` and ``questionnaire.replies.written``)."""
from __future__ import annotations

from typing import Any, Callable

from flask_babel import get_locale
from markupsafe import Markup

from forms.replies import Reply
from questionnaire.kinds import get_kind
from questionnaire.kinds.base import is_not_applicable
from questionnaire.locale import worded_in
from questionnaire.replies.written import shown_not_applicable, written_language


def answer_text(question: Any, value: Any, written_in: str | None = None) -> str | Markup:
    """An answer as text; the answers chosen from a scale or list worded, like the questionnaire, in the
    language it is read in (the reply's), whatever the interface's. A "Not applicable" answer as markup, its
    explanation marked with ``written_in``, the language it was written in."""
    worded = getattr(question, "language", None)
    if is_not_applicable(value):
        return shown_not_applicable(value, written_in, worded)
    with worded_in(worded):
        return get_kind(question.kind).display_text(value, question.options)


def takes_answer(question: Any) -> bool:
    """Whether the question is answered (a note is not: the printout leaves it out)."""
    return get_kind(question.kind).answerable


def answer_language(reply: Reply) -> Callable[[Any, Any], str | None]:
    """``answer_language(question, answer)`` for ``reply``'s printout: the language an answer (or a change in its
    history) was written in, where the reader's is another and the State wrote it in words."""
    reader = str(get_locale()).split("_")[0]
    fallback = reply.response.language if reply.response is not None else None
    return lambda question, answer: written_language(question, answer.language or fallback, reader)
