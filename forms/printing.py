"""What the printable reply shows of each answer: its text, worded like the questionnaire, and the language each
text carries (see ``reply_layout.html`` and ``questionnaire.replies.written``)."""
from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup

from forms.replies import Reply
from questionnaire.kinds import get_kind
from questionnaire.locale import reader_language
from questionnaire.replies.written import shown_answer, written_language


def answer_text(question: Any, value: Any, written_in: str | None = None) -> str | Markup:
    """An answer as text; the answers chosen from a scale or list, like a "Not applicable" answer's words,
    worded like the questionnaire in the language it is read in (the reply's), whatever the interface's, and
    given as markup with each label marked with its language where it is not the reader's. A "Not applicable"
    explanation is marked with ``written_in``, the language it was written in."""
    return shown_answer(question, value, written_in, getattr(question, "language", None))


def takes_answer(question: Any) -> bool:
    """Whether the question is answered (a note is not: the printout leaves it out)."""
    return get_kind(question.kind).answerable


def answer_language(reply: Reply) -> Callable[[Any, Any], str | None]:
    """``answer_language(question, answer)`` for ``reply``'s printout: the language an answer (or a change in its
    history) was written in, where the reader's is another and the State wrote it in words."""
    reader = reader_language()
    fallback = reply.response.language if reply.response is not None else None
    return lambda question, answer: written_language(question, answer.language or fallback, reader)
