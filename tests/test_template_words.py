"""Every word a template shows its reader goes through Flask-Babel.

Each template of the app and of its blueprints is parsed with the app's own Jinja environment; the literal
text of the template (``jinja2.nodes.TemplateData``: what is neither an expression, a statement nor a
``{% trans %}`` block), with the strings it prints as they are written (``{{ "Save" }}``, either side of
``{{ "Yes" if x else "No" }}``), is joined with a stand-in for every other expression or statement between its
pieces, so that a tag or an attribute cut by ``{{ … }}`` reads whole, and read as HTML. Text with a letter in it, or a letter
in an attribute the reader sees (a tooltip, an alternative text, a placeholder, an accessible name, the caption
of an input button, the page's description), is English that no catalogue can translate. A mail template in
plain text (``.txt``) is text from end to end.

What rightly stays as written is listed in ``UNTRANSLATED``, each with its reason."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask
from jinja2 import FileSystemLoader, nodes

from questionnaire import create_app

ROOT = Path(__file__).resolve().parents[1]
#: The packages whose ``templates`` folders hold the app's templates.
PACKAGES = ("questionnaire", "forms", "exports")
TEMPLATE_SUFFIXES = (".html", ".txt")

#: Stands where an expression or a statement was: no letter, no space, no markup, so that a tag or an
#: attribute value cut by one stays one piece.
STAND_IN = "\ufffc"

#: Text rightly shown as written in every language (a proper noun, a language's name in that language, a code
#: shown as a code), as (template, text as reported) → why. Every template passes without one today.
UNTRANSLATED: dict[tuple[str, str], str] = {}

#: Attributes a reader sees or hears on any element.
VISIBLE_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description",
                                "aria-roledescription", "aria-valuetext", "label"})
#: Input buttons show their ``value`` as their caption (a ``<button>``'s value is only sent, never shown).
INPUT_BUTTONS = frozenset({"submit", "button", "reset"})
#: Elements whose content is not text for the reader.
NOT_READ = frozenset({"script", "style"})


@dataclass(frozen=True)
class Finding:
    template: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: {self.text}"


@dataclass(frozen=True)
class Piece:
    """A run of a template's literal text: where it starts in the joined text and on which template line."""
    offset: int
    line: int
    text: str


class LiteralText:
    """A template's literal text joined into one string, with a stand-in for every expression or statement
    between two pieces; knows the template line of any place in it."""

    def __init__(self, template: nodes.Template) -> None:
        self.pieces: list[Piece] = []
        parts: list[str] = []
        length = 0
        for piece in _literal_runs(template):
            if piece is None:
                parts.append(STAND_IN)
                length += 1
                continue
            data, line = piece
            self.pieces.append(Piece(length, line, data))
            parts.append(data)
            length += len(data)
        self.text = "".join(parts)
        self._starts = [piece.offset for piece in self.pieces]

    def line_at(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return 1
        piece = self.pieces[index]
        return piece.line + piece.text.count("\n", 0, max(0, offset - piece.offset))


def _literal_runs(node: nodes.Node) -> Iterator[tuple[str, int] | None]:
    """The node's literal text in template order, as (text, line), with ``None`` for each expression or
    statement in between."""
    if isinstance(node, nodes.TemplateData):
        yield node.data, node.lineno
        return
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            yield from _printed_literals(child)
        return
    if isinstance(node, nodes.Template):
        for child in node.body:
            yield from _literal_runs(child)
    elif isinstance(node, nodes.Stmt):  # a statement's expressions are code; the statements in its body are read
        yield None
        for child in node.iter_child_nodes():
            yield from _literal_runs(child)
        yield None


def _printed_literals(expression: nodes.Node) -> Iterator[tuple[str, int] | None]:
    """What one piece of an ``Output`` prints as it is written in the template: its literal text, a string
    printed as it is (``{{ "Save" }}``) or either side of a condition (``{{ "Yes" if x else "No" }}``);
    ``None`` for an expression whose text comes from elsewhere."""
    if isinstance(expression, nodes.TemplateData):
        yield expression.data, expression.lineno
    elif isinstance(expression, nodes.Const) and isinstance(expression.value, str):
        yield None
        yield expression.value, expression.lineno
        yield None
    elif isinstance(expression, nodes.CondExpr):
        yield from _printed_literals(expression.expr1)
        if expression.expr2 is not None:
            yield from _printed_literals(expression.expr2)
    else:
        yield None


def _has_letter(text: str) -> bool:
    return any(character.isalpha() for character in text)


def _first_letter(text: str) -> int:
    """Where the first letter of ``text`` is (0 when it has none)."""
    return next((index for index, character in enumerate(text) if character.isalpha()), 0)


def _shown(text: str) -> str:
    """The text as reported: spaces collapsed, each run of stand-ins written ``{…}``."""
    return re.sub(f"{STAND_IN}+", "{…}", " ".join(text.split()))


class _WordsInHtml(HTMLParser):
    """Collects the offsets and texts of the words a reader meets in an HTML text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [index + 1 for index, character in enumerate(source) if character == "\n"]
        self._not_read_depth = 0
        self.words: list[tuple[int, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_READ:
            self._not_read_depth += 1
        values = {name: value or "" for name, value in attrs}
        shown = [name for name in values if name in VISIBLE_ATTRIBUTES]
        if tag == "input" and values.get("type", "").lower() in INPUT_BUTTONS:
            shown.append("value")
        if tag == "meta" and values.get("name", "").lower() == "description":
            shown.append("content")
        tag_text = (self.get_starttag_text() or "").lower()
        for name in shown:
            if _has_letter(values[name]):
                on_attribute = self._offset() + max(0, tag_text.find(f"{name}="))  # the line of a tag cut over lines
                self.words.append((on_attribute, f'{name}="{_shown(values[name])}"'))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in NOT_READ:
            self._not_read_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_READ and self._not_read_depth:
            self._not_read_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._not_read_depth or not _has_letter(data):
            return
        self.words.append((self._offset() + _first_letter(data), _shown(data)))


def words_outside_gettext(name: str, source: str, app: Flask) -> list[Finding]:
    """The literal words of template ``name`` (its ``source``) that a reader would meet untranslated."""
    literal = LiteralText(app.jinja_env.parse(source, name=name))
    if name.endswith(".txt"):
        found: list[tuple[int, str]] = []
        offset = 0
        for line in literal.text.splitlines(keepends=True):
            if _has_letter(line):
                found.append((offset + _first_letter(line), _shown(line)))
            offset += len(line)
    else:
        parser = _WordsInHtml(literal.text)
        parser.feed(literal.text)
        parser.close()
        found = parser.words
    return [Finding(name, literal.line_at(offset), text) for offset, text in found]


# --- the templates --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def words_app() -> Iterator[Flask]:
    """The app with its blueprints; no database is reached."""
    app = create_app({"TESTING": True, "SECRET_KEY": "template-words-" + "x" * 32, "DATABASE_URL": "sqlite://"})
    yield app
    app.extensions["db_engine"].dispose()


def template_folders(app: Flask) -> list[Path]:
    """The template folders of the app and of each of its blueprints."""
    loaders = [app.jinja_loader, *(blueprint.jinja_loader for blueprint in app.blueprints.values())]
    folders = {Path(path).resolve() for loader in loaders if isinstance(loader, FileSystemLoader)
               for path in loader.searchpath}
    return sorted(folders)


def templates_of(app: Flask) -> dict[str, Path]:
    """Every template file of the app, by its path from the checkout's root."""
    return {str(path.relative_to(ROOT)): path for folder in template_folders(app)
            for path in sorted(folder.rglob("*")) if path.suffix in TEMPLATE_SUFFIXES and path.is_file()}


def test_every_template_folder_is_read(words_app: Flask) -> None:
    """A template folder that no blueprint serves would escape the check below; so would a templates folder
    the app has stopped serving while its files remain."""
    served = set(template_folders(words_app))
    on_disk = {folder.resolve() for package in PACKAGES for folder in (ROOT / package).rglob("templates")
               if folder.is_dir() and "translations" not in folder.parts}
    assert on_disk <= served, sorted(str(folder) for folder in on_disk - served)
    read = templates_of(words_app)
    assert {"questionnaire/templates/base.html", "forms/templates/forms/cluster.html",
            "exports/templates/replies/read.html", "questionnaire/mail/templates/mail/reminder.txt"} <= set(read)


def test_every_word_a_template_shows_goes_through_gettext(words_app: Flask) -> None:
    findings = [finding for name, path in templates_of(words_app).items()
                for finding in words_outside_gettext(name, path.read_text(encoding="utf-8"), words_app)]
    untranslated = [finding for finding in findings if (finding.template, finding.text) not in UNTRANSLATED]
    assert not untranslated, "words outside _():\n" + "\n".join(map(str, untranslated))
    unused = set(UNTRANSLATED) - {(finding.template, finding.text) for finding in findings}
    assert not unused, f"allowed texts no template shows any more: {sorted(unused)}"


def test_the_reader_finds_each_kind_of_word_left_outside_gettext(words_app: Flask) -> None:
    """Words in text, in attributes a reader meets, in a tag cut by an expression and in printed strings are
    found on their lines; translated words, code, markup, comments, scripts and hidden values are not."""
    source = (
        '<h1>{{ _("Replies") }} &middot; 2024</h1>\n'
        '<p class="{% if late %}late{% endif %}" title="Due {{ day }}">Hello {{ name }}, welcome</p>\n'
        '{% if x %}<b>Yes</b>{% else %}{{ _("No") }}{% endif %}\n'
        '<input type="submit" value="Save"> <input type="hidden" value="draft"> <button value="go">{{ _("Go") }}</button>\n'
        '<script>const word = "hidden";</script><!-- a comment -->{# a note #}\n'
        '{% trans %}Translated{% endtrans %} <td>{{ "Open" if shown else "Closed" }}</td>\n'
        '<img alt="{{ _("Logo") }}" src="logo.png"><meta name="description" content="A page">\n'
        '<a href="{{ url }}"\n   aria-label="Next page">&rarr;</a>\n'
    )
    assert [str(finding) for finding in words_outside_gettext("page.html", source, words_app)] == [
        'page.html:2: title="Due {…}"',
        "page.html:2: Hello {…}, welcome",
        "page.html:3: Yes",
        'page.html:4: value="Save"',
        "page.html:6: {…}Open{…}Closed{…}",
        'page.html:7: content="A page"',
        'page.html:9: aria-label="Next page"',
    ]
    mail = '{{ _("Dear %(name)s,", name=name) }}\n\n{{ link }}\nKind regards\n'
    assert [str(finding) for finding in words_outside_gettext("mail.txt", mail, words_app)] == [
        "mail.txt:4: Kind regards"]
