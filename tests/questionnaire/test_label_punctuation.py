"""A label followed by its value is punctuated the reader's way: "Code: Q1" in English, "Code : Q1" in French (a
no-break space before the colon), "代码：Q1" in Chinese (a full-width colon, no space), on pages, in documents and
on the command line. The French and Chinese patterns below are laid over the catalogues for these tests, so that
they say what the app does with a language's punctuation whatever the catalogues hold today."""
from __future__ import annotations

from flask import render_template_string
from markupsafe import Markup

from questionnaire.consultation.diff import Piece, QuestionChange, as_text
from questionnaire.models.audit import record
from questionnaire.punctuation import labelled, labelled_markup

CONTEXT = "label and value"
PATTERN = "%(label)s: %(value)s"
NBSP = "\u00a0"
WORDS = {
    "fr": {(CONTEXT, PATTERN): f"%(label)s{NBSP}: %(value)s", ("definition diff", "text"): "texte",
           (None, "reworded"): "reformulée"},
    "zh": {(CONTEXT, PATTERN): "%(label)s：%(value)s"},
}


def test_english_keeps_a_colon_and_a_space_outside_any_application() -> None:
    assert labelled("Code", "Q1") == "Code: Q1"
    assert labelled("Text") == "Text: "
    assert labelled_markup("Text", Markup("<bdi>Q1</bdi>"), tag="strong") == "<strong>Text:</strong> <bdi>Q1</bdi>"


def test_french_and_chinese_punctuate_a_label_their_own_way(app, lay_words) -> None:
    lay_words(WORDS)
    with app.test_request_context("/?lang=fr"):
        assert labelled("Code", "Q1") == f"Code{NBSP}: Q1"
        assert labelled("Orientation") == f"Orientation{NBSP}: "  # a value written apart, as in a document's run
        assert labelled_markup("Texte", "mot", tag="strong") == f"<strong>Texte{NBSP}:</strong> mot"
    with app.test_request_context("/?lang=zh"):
        assert labelled("代码", "Q1") == "代码：Q1"
        assert labelled("文本") == "文本："
        assert labelled_markup("文本", "词", tag="strong") == "<strong>文本：</strong>词"


def test_a_translation_that_lost_its_value_is_set_aside_for_english(app, lay_words) -> None:
    lay_words({"fr": {(CONTEXT, PATTERN): "%(label)s :"}})
    with app.test_request_context("/?lang=fr"):
        assert labelled("Code", "Q1") == "Code: Q1"


def test_a_page_escapes_the_label_and_the_value_and_keeps_markup_given_as_markup(app) -> None:
    with app.test_request_context("/"):
        page = render_template_string('{% set bold %}<b>{{ name }}</b>{% endset %}{{ labelled(bold, value) }}|'
                                      '{{ labelled(label, value|isolate, tag="strong") }}',
                                      name="<i>A</i>", label="<script>", value="<b>x</b>")
        text = app.jinja_env.from_string("{% autoescape false %}{{ labelled(label, value) }}{% endautoescape %}")
        assert page == ("<b>&lt;i&gt;A&lt;/i&gt;</b>: &lt;b&gt;x&lt;/b&gt;|"
                        "<strong>&lt;script&gt;:</strong> <bdi>&lt;b&gt;x&lt;/b&gt;</bdi>")
        assert text.render(label="A & B", value="<x>") == "A & B: <x>"  # a mail in plain text is not escaped


def test_in_french_the_audit_log_and_the_plain_text_diff_use_the_french_colon(client, db, make_user, login,
                                                                               lay_words) -> None:
    lay_words(WORDS)
    me = make_user("secretariat")
    record(db, me, "demo.event", "thing:1", reference="R <1>", before={"colour": "red"}, after={"colour": "blue"})
    db.commit()
    login(me)
    log = client.get("/audit/?lang=fr").get_data(as_text=True)
    assert f"<li>reference{NBSP}: <bdi>R &lt;1&gt;</bdi></li>" in log
    assert f'<li>colour{NBSP}: <span class="sr-only">' in log
    assert "reference: " not in log and "colour: " not in log
    english = client.get("/audit/?lang=en").get_data(as_text=True)
    assert "<li>reference: <bdi>R &lt;1&gt;</bdi></li>" in english
    change = QuestionChange("crim", "1", "reworded", wording={"text": [Piece("same", "Is "), Piece("removed", "it "),
                                                                       Piece("added", "smuggling ")]})
    with client.application.test_request_context("/?lang=fr"):
        assert as_text([change]) == f"1 crim{NBSP}: reformulée\n    texte{NBSP}: Is [-it-] {{+smuggling+}}\n"
    with client.application.test_request_context("/?lang=en"):
        assert as_text([change]) == "1 crim: reworded\n    text: Is [-it-] {+smuggling+}\n"
