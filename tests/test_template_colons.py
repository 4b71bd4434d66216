"""A label a template shows before its value is punctuated the reader's way, through ``labelled``.

French writes a no-break space before the colon ("Suite donnée : acceptée"), Chinese a full-width colon with
no space ("处理：接受"): a colon written in a template right after an expression or a statement (``{{ label }}:``,
``{{ label }}</a>:``, ``{% endif %}:``) is English punctuation in every language. Each template of the app is
read with the app's own Jinja environment, as in ``test_template_words``."""
from __future__ import annotations

import re

from flask import Flask

from tests.test_template_words import STAND_IN, Finding, LiteralText, templates_of, words_app  # noqa: F401

#: A colon (either kind) after an expression or a statement, with only closing tags and spaces between; not the
#: colon of an address (``{{ scheme }}://``).
COLON_AFTER_EXPRESSION = re.compile(f"{STAND_IN}(?:\\s*</[A-Za-z][A-Za-z0-9]*\\s*>)*\\s*[:：](?!//)")


def colons_after_expressions(name: str, source: str, app: Flask) -> list[Finding]:
    """Each place in template ``name`` (its ``source``) where a colon of the template follows an expression."""
    literal = LiteralText(app.jinja_env.parse(source, name=name))
    return [Finding(name, literal.line_at(match.end() - 1), " ".join(match[0].replace(STAND_IN, "{…}").split()))
            for match in COLON_AFTER_EXPRESSION.finditer(literal.text)]


def test_no_template_glues_a_label_to_its_value_with_an_english_colon(words_app: Flask) -> None:
    findings = [finding for name, path in templates_of(words_app).items()
                for finding in colons_after_expressions(name, path.read_text(encoding="utf-8"), words_app)]
    assert not findings, "a colon after an expression: write labelled(label, value):\n" + "\n".join(map(str, findings))


def test_the_reader_finds_each_way_of_gluing_a_colon_to_an_expression(words_app: Flask) -> None:
    """After an expression, after a link or a bold label, after a statement, in a text template; never a colon
    inside a message, in the template's own words or in ``labelled``."""
    source = (
        '<p>{{ _("Code") }}: {{ code }}</p>\n'
        '<li><a href="{{ url }}">{{ state }}</a>:\n  {{ kind }}</li>\n'
        '<p><strong>{{ name }}:</strong> {{ diff }}</p>\n'
        '{% if late %}{{ _("Late") }}{% endif %}: {{ days }}\n'
        '<p>{{ _("Code:") }} {{ labelled(_("Code"), code) }} {{ labelled(name, diff, tag="strong") }}</p>\n'
        '<a href="{{ scheme }}://example.org">{{ _("Home") }}</a>\n'
    )
    assert [str(finding) for finding in colons_after_expressions("page.html", source, words_app)] == [
        "page.html:1: {…}:", "page.html:2: {…}</a>:", "page.html:4: {…}:", "page.html:5: {…}:"]
    mail = '{{ _("Dear %(name)s,", name=name) }}\n\n{{ _("Link") }}: {{ link }}\n'
    assert [str(finding) for finding in colons_after_expressions("mail.txt", mail, words_app)] == ["mail.txt:3: {…}:"]
