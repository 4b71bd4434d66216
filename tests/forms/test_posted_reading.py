"""A save reads what was posted straight from the post, without building the cluster's WTForms form: for every
kind, with and without "Not applicable", whatever is posted, it reads exactly what the bound form would hold
(the kinds then decide what is valid, from the same raw values)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from forms.form_factory import build_cluster_form, posted_row_numbers, posted_value, read_posted_value
from forms.posting import posted_answers
from questionnaire.kinds import KIND_NAMES, InvalidAnswer, get_kind

CHOICES = {"choices": [{"value": "training", "label": "Training"}, {"value": "law", "label": "Legislation"}]}
TABLE = {"table_rows": [{"value": "investigated", "label": "Persons investigated"},
                        {"value": "convicted", "label": "Persons convicted"}],
         "table_columns": [{"value": "2024", "label": "2024"}, {"value": "2025", "label": "2025"}]}
OPTIONS = {"single_choice": CHOICES, "multiple_choice": CHOICES, "table": TABLE}
LAW = {"title": "Migration Act", "url": "https://example.org/act"}

#: Posts of one question (field ``q_7``): nothing, one value, several, blanks, rows with gaps and stray
#: names, table cells, "Not applicable" ticked, unticked ("false", ""), without explanation, and all at once.
POSTS: list[list[tuple[str, str]]] = [
    [],
    [("q_7", "yes")],
    [("q_7", "training"), ("q_7", "law")],
    [("q_7", "")],
    [("q_7", "  12 "), ("q_7", "other")],
    [("q_7", "2024-05-01")],
    [("q_7-0-title", "Act"), ("q_7-0-url", "https://example.org"), ("q_7-3-url", "https://b.example"),
     ("q_7-x-title", "stray"), ("q_70-0-title", "another question's")],
    [("q_7-1-title", ""), ("q_7-1-url", "")],
    [("q_7-r0_c0", "12"), ("q_7-r1_c1", "n/a"), ("q_7-r0_c1", "")],
    [("q_7_na", "y"), ("q_7_na_text", "No sea border."), ("q_7", "yes")],
    [("q_7_na", "y")],
    [("q_7_na", "false"), ("q_7", "no")],
    [("q_7_na", ""), ("q_7_na_text", "ignored")],
    [("q_7", "law"), ("q_7-0-title", "Act"), ("q_7-0-url", "u"), ("q_7-r0_c0", "3"), ("q_7_na", "on"),
     ("q_7_na_text", "")],
]


def _question(name: str, not_applicable: bool) -> Any:
    options = dict(OPTIONS.get(name, {}))
    if not_applicable:
        options["not_applicable"] = True
    return SimpleNamespace(id=7, key="q7", kind=name, options=options, number="1.2", text="Text")


@pytest.mark.parametrize("name", KIND_NAMES)
@pytest.mark.parametrize("not_applicable", [False, True])
@pytest.mark.parametrize("stored", ["none", "some"])
def test_the_light_reader_reads_what_the_form_reads(app, name: str, not_applicable: bool, stored: str) -> None:
    if not_applicable and not get_kind(name).answerable:
        pytest.skip("a note takes no answer")
    question = _question(name, not_applicable)
    values = {} if stored == "none" else {7: [LAW] * 5}  # stored rows change how many blank rows follow
    with app.test_request_context("/", method="POST"):
        for pairs in POSTS:
            formdata = MultiDict(pairs)
            form = build_cluster_form([question], values, formdata=formdata)
            expected = posted_value(form, question)
            read = read_posted_value(formdata, question, values)
            assert read == expected, pairs
            assert read_posted_value(formdata, question, values, posted_row_numbers(formdata)) == expected, pairs
            assert _coerced(name, question, read) == _coerced(name, question, expected)


def _coerced(name: str, question: Any, raw: Any) -> Any:
    try:
        return get_kind(name).coerce(raw, question.options)
    except InvalidAnswer as refusal:
        return ("refused", refusal.message)


def test_a_post_is_read_with_its_bases_and_strangers(app) -> None:
    question = _question("yes_no", False)
    with app.test_request_context("/", method="POST"):
        raw, bases = posted_answers(MultiDict([("q_7", "yes"), ("base_7", "1:abc"), ("q_99", "x")]), [question], {})
    assert raw == {"q7": "yes", "#99": None}
    assert bases == {"q7": "1:abc"}
