"""What a State wrote, as the pages that show its answers mark it: the language to give an answer's text, and a
"Not applicable" answer's explanation isolated in the language it was written in. The printable reply
(``forms``) and the reviewers' pages (``exports``) both call these, so a State's words carry the same marks
wherever they are read."""
from __future__ import annotations

from typing import Any, Mapping

from flask_babel import gettext as _
from markupsafe import Markup, escape

from questionnaire.kinds import get_kind
from questionnaire.kinds.base import NOT_APPLICABLE
from questionnaire.locale import in_language, worded_in

#: Stands in for the explanation in the translated words, where it is cut to put the marked explanation in.
_EXPLANATION = "\x00"


def written_language(question: Any, language: str | None, page_language: str) -> str | None:
    """The language to give an answer's text on a page in ``page_language``: ``language`` (the one the
    answer was written in, the reply's language when it was saved) where it differs, for kinds whose
    answers the State writes in words; ``None`` otherwise (a closed kind's answer is shown through the
    questionnaire's labels, in the page's reading of the questionnaire)."""
    if not language or language == page_language or get_kind(question.kind).closed:
        return None
    return language


def shown_not_applicable(value: Mapping[str, Any], written_in: str | None, worded: str | None = None) -> Markup:
    """A "Not applicable" answer as a page shows it: the words ("Not applicable: …") in ``worded`` (the
    language the page words answers in; see ``questionnaire.locale.worded_in``), else the page's language;
    the explanation, whatever the question's kind, in its own isolate (``dir="auto"``) with ``written_in``,
    the language it was written in, where that is not the reader's. Escaped."""
    explanation = in_language(value[NOT_APPLICABLE], written_in)  # compared with the page's language
    with worded_in(worded):
        words = _("Not applicable: %(explanation)s", explanation=_EXPLANATION)
    before, _found, after = words.partition(_EXPLANATION)
    return escape(before) + explanation + escape(after)
