"""Translation through Flask-Babel: lazy and eager texts with and without a request, and the catalogues."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
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
def app(tmp_path: Path) -> Flask:
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
def french(app: Flask) -> Iterator[Flask]:
    """Inside a request for the French locale."""
    with app.test_request_context("/"):
        yield app


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


def test_lazy_text_is_translated_when_shown_not_when_made(app: Flask) -> None:
    text = _l("Yes")
    assert str(text) == "Yes"
    with app.test_request_context("/"):
        assert str(text) == "Oui"
    app.config["LANG"] = "en"
    with app.test_request_context("/"):
        refresh()
        assert str(text) == "Yes"
    assert str(text) == "Yes"


def test_app_context_is_enough(app: Flask) -> None:
    with app.app_context():
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
