"""The cluster page writes its plain controls without WTForms' generic rendering path: exactly as WTForms
writes them (attributes, their order, escaping), for every kind, read-only or not, with or without an error."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from werkzeug.datastructures import MultiDict

from forms.form_factory import build_cluster_form, field_name, not_applicable_name
from forms.controls import render_control
from questionnaire.kinds import KIND_NAMES, get_kind

CHOICES = {"choices": [{"value": "training", "label": "Training <b>"}, {"value": "law", "label": 'Law "A"'}],
           "not_applicable": True}
OPTIONS = {"single_choice": CHOICES, "multiple_choice": CHOICES}
ATTRIBUTES = [{}, {"disabled": True}, {"disabled": False, "dir": "auto"},
              {"disabled": True, "dir": "auto", "aria-invalid": "true", "aria-describedby": "q_7-hint q_7-error"},
              {"rows": 3}]
POSTS = [None, MultiDict([("q_7", 'x "quoted" <tag> & more'), ("q_7", "law"), ("q_7_na", "y"),
                          ("q_7_na_text", "<why>")])]


@pytest.mark.parametrize("name", [name for name in KIND_NAMES if get_kind(name).widget in ("single_input", "choices")])
@pytest.mark.parametrize("post", range(len(POSTS)))
def test_controls_are_written_as_wtforms_writes_them(app, name: str, post: int) -> None:
    options = dict(OPTIONS.get(name, {"not_applicable": True}))
    question = SimpleNamespace(id=7, key="q7", kind=name, options=options, number="1", text="Text")
    with app.test_request_context("/"):
        form = build_cluster_form([question], {}, formdata=POSTS[post])
        field = form[field_name(question)]
        controls = list(field) if get_kind(name).widget == "choices" else [field]
        controls += [form[not_applicable_name(question)], form[not_applicable_name(question) + "_text"]]
        for control in controls:
            for attributes in ATTRIBUTES:
                assert render_control(control, **attributes) == control(**attributes)
