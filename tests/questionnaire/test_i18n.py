"""Translation through Flask-Babel: lazy and eager texts with and without a request, and the catalogues."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import Flask, render_template_string
from flask_babel import Babel, refresh
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape

ROOT = Path(__file__).resolve().parents[2]

FRENCH = {
    "Yes": "Oui",
    "Yes, in part": "Oui, en partie",
    "Enter a number of at least %(min)s.": "Saisissez un nombre d’au moins %(min)s.",
    "Broken %(count)s": "Cassé %(compte)s",
}


@pytest.fixture()
def french_app(tmp_path: Path) -> Flask:
    """A Flask app with Flask-Babel and a French catalogue; the locale comes from ``app.config``."""
    catalog = Catalog(locale="fr")
    for source, translation in FRENCH.items():
        catalog.add(source, translation)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    app = Flask(__name__)
    app.config["LANG"] = "fr"
    Babel(app, default_translation_directories=str(tmp_path), locale_selector=lambda: app.config["LANG"])
    return app


@pytest.fixture()
def french(french_app: Flask) -> Iterator[Flask]:
    """Inside a request for the French locale."""
    with french_app.test_request_context("/"):
        yield french_app


# --- outside any application --------------------------------------------------------------------------


def test_lazy_text_outside_an_app_is_english() -> None:
    text = _l("Yes, in part")
    assert str(text) == "Yes, in part"
    assert text == "Yes, in part"
    assert "Yes, in part" == text
    assert text != "Yes"


def test_values_fill_placeholders() -> None:
    assert str(_l("Enter a number of at least %(min)s.", min=3)) == "Enter a number of at least 3."
    assert _("Use at most %(max)s characters (you used %(count)s).", max=5, count=6) == (
        "Use at most 5 characters (you used 6)."
    )


def test_a_percent_sign_without_values_is_left_alone() -> None:
    assert str(_l("100% of %(cases)s")) == "100% of %(cases)s"
    assert _("50%") == "50%"


def test_missing_values_are_a_programming_error() -> None:
    with pytest.raises(KeyError):
        str(_l("At least %(min)s.", max=2))


def test_eager_version_returns_a_plain_str() -> None:
    result = _("Yes")
    assert type(result) is str
    assert result == "Yes"


def test_lazy_text_behaves_like_a_string() -> None:
    """Where forms, templates and exports use a lazy label, it acts as its text."""
    text = _l("Yes, in part")
    assert len(text) == 12
    assert "in part" in text
    assert text + "!" == "Yes, in part!"
    assert "» " + text == "» Yes, in part"
    assert text.upper() == "YES, IN PART"
    assert text.split(", ") == ["Yes", "in part"]
    assert hash(text) == hash("Yes, in part")
    assert {text: 1}["Yes, in part"] == 1
    assert _l("Yes") == _l("Yes")
    assert sorted([_l("b"), _l("a")]) == ["a", "b"]
    assert _l("a") < "b" and _l("b") > _l("a")
    assert bool(_l("x")) and not bool(_l(""))
    assert f"{_l('Yes')}" == "Yes"


def test_lazy_text_does_not_equal_other_types() -> None:
    assert _l("1") != 1
    assert (_l("1") == None) is False  # noqa: E711 - exercising __eq__ with None


def test_text_from_people_is_escaped_in_html(french: Flask) -> None:
    """A translation is trusted like ``{% trans %}``; what people typed, filled in eagerly, is escaped."""
    assert escape(_("Tom & <Jerry> \"%(x)s\"", x="'")) == Markup("Tom &amp; &lt;Jerry&gt; &#34;&#39;&#34;")
    page = render_template_string("<p>{{ label }} {{ name }}</p>", label=_l("Yes"), name="<b>Ann</b>")
    assert page == "<p>Oui &lt;b&gt;Ann&lt;/b&gt;</p>"


def _lazy_calls_with_values() -> list[str]:
    found = []
    for package in ("questionnaire", "forms", "exports"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in ("_l", "lazy_gettext") and node.keywords):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_lazy_texts_take_no_values() -> None:
    """A lazy text is shown unescaped (it is trusted like a template's own text), so values that might
    come from people go through ``_()`` in the request, which Jinja escapes, never through ``_l()``."""
    assert _lazy_calls_with_values() == []


# --- inside an application ------------------------------------------------------------------------


def test_translated_in_the_current_locale(french: Flask) -> None:
    assert str(_l("Yes")) == "Oui"
    assert _("Yes, in part") == "Oui, en partie"
    assert _l("Yes") == "Oui"


def test_translation_fills_placeholders(french: Flask) -> None:
    assert str(_l("Enter a number of at least %(min)s.", min=0)) == "Saisissez un nombre d’au moins 0."


def test_text_without_translation_stays_english(french: Flask) -> None:
    assert _("No") == "No"


def test_lazy_text_is_translated_when_shown_not_when_made(french_app: Flask) -> None:
    text = _l("Yes")
    assert str(text) == "Yes"
    with french_app.test_request_context("/"):
        assert str(text) == "Oui"
    french_app.config["LANG"] = "en"
    with french_app.test_request_context("/"):
        refresh()
        assert str(text) == "Yes"
    assert str(text) == "Yes"


def test_app_context_is_enough(french_app: Flask) -> None:
    with french_app.app_context():
        assert _("Yes") == "Oui"


def test_a_broken_translation_is_a_programming_error(french: Flask) -> None:
    """Nothing hides a translation whose placeholders do not match: the catalogue check below stops it."""
    with pytest.raises(KeyError):
        _("Broken %(count)s", count=2)


@pytest.mark.parametrize("language", ("ar", "es", "fr"))
def test_every_translation_keeps_the_placeholders_of_its_source(language: str) -> None:
    """A translation that drops or renames a ``%(name)s`` would break the page that shows it."""
    path = ROOT / "questionnaire" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert problems == []


def test_commands_and_the_worker_use_the_default_language() -> None:
    """Outside a request (a command, the worker) there is no reader to ask: the default language."""
    from questionnaire import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": "sqlite://",
                      "BABEL_DEFAULT_LOCALE": "fr"})
    with app.app_context():
        assert _("Yes") == "Oui"
        assert str(_l("Yes")) == "Oui"
    assert str(_l("Yes")) == "Yes"


def test_kind_labels_and_messages_follow_the_locale(french: Flask) -> None:
    from questionnaire.kinds import InvalidAnswer, get_kind

    kind = get_kind("yes_partly_no")
    assert kind.as_text("partly", {}) == "Oui, en partie"
    assert kind.coerce("Oui", {}) == "yes"  # a translated label is understood too
    with pytest.raises(InvalidAnswer) as caught:
        get_kind("number").coerce("-1", {"min": 0})
    assert caught.value.message == "Saisissez un nombre d’au moins 0."


# --- the interface catalogues in questionnaire/translations ------------------------------------------

TRANSLATIONS = Path(__file__).resolve().parents[2] / "questionnaire" / "translations"
CATALOGUES = ("ar", "es", "fr", "ru", "zh")
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def read_catalogue(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return read_catalogue(TRANSLATIONS / "messages.pot")


def catalogue(code: str) -> Catalog:
    return read_catalogue(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")


def forms(text: str | tuple) -> tuple[str, ...]:
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def test_every_configured_language_has_a_catalogue_and_chinese_and_russian_are_offered() -> None:
    from questionnaire.config import DEFAULTS
    from questionnaire.locale import LANGUAGE_NAMES

    languages = DEFAULTS["LANGUAGES"]
    assert {"ar", "en", "es", "fr", "ru", "zh"} <= set(languages)
    for code in languages:
        assert code in LANGUAGE_NAMES
        if code != "en":
            assert (TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo").is_file(), code


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_translates_every_message_of_the_template(template: Catalog, code: str) -> None:
    translated = catalogue(code)
    assert not translated.fuzzy, f"{code}: the header is marked fuzzy"
    wanted = {(message.id if isinstance(message.id, str) else tuple(message.id), message.context)
              for message in template if message.id}
    present = {(message.id if isinstance(message.id, str) else tuple(message.id), message.context)
               for message in translated if message.id}
    assert wanted - present == set(), f"{code}: messages missing from the catalogue"
    problems = []
    for message in translated:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        strings = forms(message.string)
        if message.pluralizable and len(strings) != translated.num_plurals:
            problems.append(f"{len(strings)} plural forms instead of {translated.num_plurals}: {message.id!r}")
        if not all(string.strip() for string in strings):
            problems.append(f"untranslated: {message.id!r}")
    assert problems == [], f"{code}: " + "; ".join(problems)


@pytest.mark.parametrize("code", CATALOGUES)
def test_translations_keep_every_placeholder(code: str) -> None:
    problems = []
    for message in catalogue(code):
        if not message.id:
            continue
        sources = forms(message.id)
        wanted = sorted(PLACEHOLDER.findall(sources[-1])) if "%" in "".join(sources) else []
        for string in forms(message.string):
            found = sorted(PLACEHOLDER.findall(string)) if wanted or "%" in string else []
            if found != wanted:
                problems.append(f"{sources[0]!r}: {found} instead of {wanted} in {string!r}")
    assert problems == [], f"{code}: " + "; ".join(problems)


@pytest.mark.parametrize("code", CATALOGUES)
def test_compiled_catalogue_matches_its_source(code: str) -> None:
    source = catalogue(code)
    folder = TRANSLATIONS / code / "LC_MESSAGES"
    with open(folder / "messages.mo", "rb") as handle:
        compiled = read_mo(handle)
    for message in source:
        if message.id:
            found = compiled.get(message.id, message.context)  # a word in two senses is two messages
            assert found is not None and forms(found.string) == forms(message.string), (
                f"{code}: messages.mo is out of date (run make messages): {message.id!r}"
            )


@pytest.mark.parametrize(("code", "plurals"), [("ru", 3), ("zh", 1), ("fr", 3), ("es", 3), ("ar", 6)])
def test_catalogues_declare_the_plural_forms_of_their_language(code: str, plurals: int) -> None:
    translated = catalogue(code)
    assert translated.num_plurals == plurals
    assert f"nplurals={plurals};" in translated.plural_forms


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        (
            "ru",
            ["Главная", "Вопросники", "Пользователи", "Мониторинг", "Экспорт", "Выйти",
             "Протокола против незаконного ввоза мигрантов по суше, морю и воздуху"],
        ),
        ("zh", ["首页", "调查表", "人员", "监测", "导出", "退出登录", "《关于打击陆、海、空偷运移民的补充议定书》"]),
    ],
)
def test_pages_in_russian_and_chinese_show_translated_menus(client, make_user, login, code, labels) -> None:
    login(make_user("secretariat"))
    page = client.get(f"/?lang={code}").get_data(as_text=True)
    assert f'<html lang="{code}" dir="ltr">' in page
    for label in labels:
        assert label in page, label
    for english in ("Sign out", "Skip to main content", ">Home<", ">Questionnaires<"):
        assert english not in page, english
    assert ">Русский</a>" in page and ">中文</a>" in page  # the language menu offers both
    assert f'<html lang="{code}"' in client.get("/").get_data(as_text=True)  # the choice is remembered


#: The keywords ``make messages`` extracts with, besides Babel's own (gettext, ngettext, pgettext…).
EXTRACTED_KEYWORDS = {"_l": None, "lazy_gettext": None, "lazy_pgettext": ((1, "c"), 2)}


def test_the_template_holds_every_message_marked_in_the_code(template: Catalog) -> None:
    """A message marked for translation but missing from messages.pot would stay English in every language
    (as texts marked with a keyword the extraction did not know once did)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, **EXTRACTED_KEYWORDS}
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2"), ("**/templates/**.txt", "jinja2")]
    marked = set()
    for folder in ("questionnaire", "forms", "exports"):
        for _file, _line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map, keywords=keywords):
            marked.add((message if isinstance(message, str) else message[0], context))
    held = {(message.id if isinstance(message.id, str) else message.id[0], message.context)
            for message in template if message.id}
    assert marked - held == set(), "marked in the code, missing from messages.pot: run `make messages`"


def test_every_context_given_to_a_translation_call_is_written_out():
    """The catalogues' extraction reads a message's context only when it is a literal: a context passed in a
    variable is extracted without it, and the message is then never found in any language."""
    import ast

    root = Path(__file__).resolve().parents[2]
    found = []
    for folder in ("questionnaire", "forms", "exports"):
        for path in sorted((root / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if name in ("pgettext", "npgettext", "lazy_pgettext") and node.args and not (
                        isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not found, found
