"""Reading a posted cluster form: what was typed per question, the base it was rendered with, and
names that do not belong to the cluster (which refuse the whole post)."""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from forms.form_factory import posted_row_numbers, read_posted_value
from questionnaire.models import Question

_POSTED_QUESTION = re.compile(r"^(?:q|base|resolve)_(\d+)(?:$|-|_na$|_na_text$)")
KEEP_STORED = "stored"


def posted_answers(
    formdata: Mapping[str, Any], questions: Sequence[Question], values: Mapping[int, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """``(raw_by_key, bases)`` for the questions on the posted form (a multidict), read as the cluster's
    form built from the stored ``values`` would read them, without building it (the kinds decide what is
    valid afterwards).

    A question id that is not in ``questions`` appears as key ``"#<id>"`` so the service refuses the
    post. A conflict resolved with "keep the stored answer" is left out (nothing to write).
    """
    by_id = {str(question.id): question for question in questions}
    raw: dict[str, Any] = {}
    bases: dict[str, str] = {}
    read: set[str] = set()  # question ids read (a question posts several names: its field, base, box…)
    rows = posted_row_numbers(formdata)
    for name in formdata.keys():
        match = _POSTED_QUESTION.match(name)
        if match is None or match.group(1) in read:
            continue
        read.add(match.group(1))
        question = by_id.get(match.group(1))
        if question is None:
            raw[f"#{match.group(1)}"] = None
            continue
        if formdata.get(f"resolve_{question.id}") == KEEP_STORED:
            continue
        raw[question.key] = read_posted_value(formdata, question, values, rows)
        bases[question.key] = formdata.get(f"base_{question.id}", "")
    return raw, bases
