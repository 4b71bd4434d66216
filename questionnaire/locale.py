"""Language and time zone: Flask-Babel, the reader's choice of language, text direction, local time."""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import babel
import babel.numbers
from babel.dates import format_datetime as babel_format_datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from jinja2 import pass_context
from markupsafe import Markup
from flask_babel import Babel, force_locale, format_date, format_decimal, get_locale, get_timezone, get_translations
from flask_babel.speaklater import LazyString

from questionnaire.durations import duration_words
from questionnaire.punctuation import labelled_in_template
from questionnaire.replies.status_labels import regional_group_names

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}

LANGUAGE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh": "中文",
}


@contextmanager
def worded_in(language: str | None) -> Iterator[str | None]:
    """Word what is said inside (the kinds' own answers, "Yes, in part", "Not applicable") in ``language``, the
    language a questionnaire is read in, when it is an interface language other than the page's; yields the
    language switched to (for a ``lang`` attribute), or None when the page's words stand."""
    page = reader_language()
    if not language or language == page or language not in current_app.config["LANGUAGES"]:
        yield None
        return
    with force_locale(language):
        yield language


def in_every_language(text: LazyString) -> set[str]:
    """How each interface language words ``text`` (a lazy string), English included: the words to accept
    when reading back a file written in any of them. English alone outside an application."""
    wordings = {str(text)}
    if has_app_context():
        for language in LANGUAGE_NAMES:
            with force_locale(language):
                wordings.add(str(text))
    return wordings


def known_language(code: object) -> str | None:
    """``code`` if it is one of the interface languages (``LANGUAGES``), else None."""
    return code if isinstance(code, str) and code in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """The language asked for (``?lang=``, remembered in the session), else the signed-in person's own
    language, else the one chosen earlier in this browser, else the browser's best match. An unknown
    ``?lang=`` is ignored.

    Outside a request (commands, the worker) there is nobody to ask: the default language.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    available = current_app.config["LANGUAGES"]
    asked = known_language(request.args.get("lang"))
    if asked:
        session["lang"] = asked
        return asked
    own = known_language(getattr(g.get("user"), "locale", None))
    if own:
        return own
    chosen = known_language(session.get("lang"))
    if chosen:
        return chosen
    return request.accept_languages.best_match(available) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language() -> None:
    """A signed-in person choosing a language in the menu (``GET ?lang=xx``) keeps it on their account:
    later sign-ins, on any device, open in it. Runs before each request, after the user is loaded."""
    asked = known_language(request.args.get("lang"))
    user = g.get("user")
    if not asked or user is None or request.method != "GET" or user.locale == asked:
        return
    from questionnaire.db import get_session

    db = get_session()
    set_user_locale(db, user, asked)
    db.commit()


def set_user_locale(db, user, code: str | None) -> None:
    """Store ``code`` (one of LANGUAGES, or None for "follow the browser") as ``user``'s language; flushes."""
    if code is not None and code not in LANGUAGE_NAMES:
        raise ValueError(f"unknown language {code!r}")
    user.locale = code
    db.flush()


def select_timezone() -> str:
    user = g.get("user")
    return getattr(user, "timezone", None) or current_app.config["BABEL_DEFAULT_TIMEZONE"]


def writing_direction(language: str) -> str:
    """The direction ``language`` is written in: ``rtl`` (Arabic) or ``ltr``, for a ``dir`` attribute."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def language_of(tag: str | None) -> str:
    """A locale's language without its region or script ("zh_Hans_CN" → "zh"); "" for none."""
    return (tag or "").split("_")[0]


def reader_language() -> str:
    """The language of the page being made: the reader's interface language, without its region ("en" outside
    a request, as on the command line before a language is chosen)."""
    locale = get_locale() if has_request_context() else None
    return language_of(str(locale)) if locale else "en"


def text_direction() -> str:
    return writing_direction(reader_language())


def _count_written(count: Any, variables: dict[str, Any]) -> dict[str, Any]:
    """A message's ``variables`` with its count, ``%(num)s``, written the reader's way (``format_number``: 1,234 /
    1 234); a ``num`` given by the caller is used as it is."""
    return {"num": format_number(count), **variables}


def ngettext(singular: str, plural: str, count: int, /, **variables: Any) -> str:
    """Flask-Babel's ``ngettext``, the count written the reader's way: ``ngettext("%(num)s State", "%(num)s States",
    1234)`` is "1,234 States" in English, "1 234 États" in French."""
    return get_translations().ungettext(singular, plural, count) % _count_written(count, variables)


def npgettext(context: str, singular: str, plural: str, count: int, /, **variables: Any) -> str:
    """Flask-Babel's ``npgettext``, the count written the reader's way (see :func:`ngettext`)."""
    return get_translations().unpgettext(context, singular, plural, count) % _count_written(count, variables)


def _written_counts(plural_form: Callable[..., Any]) -> Callable[..., Any]:
    """A template's ``ngettext``/``npgettext`` with the count (its last argument) written the reader's way."""
    @pass_context
    def counted(context: Any, *arguments: Any, **variables: Any) -> Any:
        return plural_form(context, *arguments, **_count_written(arguments[-1], variables))
    return counted


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    for name in ("ngettext", "npgettext"):
        app.jinja_env.globals[name] = _written_counts(app.jinja_env.globals[name])
    app.jinja_env.add_extension("jinja2.ext.do")
    register_filters(app)

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {
            "text_direction": text_direction,
            "current_locale": lambda: str(get_locale()),
            "language_names": LANGUAGE_NAMES,
        }


_ISO3_ALPHA2 = Path(__file__).parent / "data" / "iso3_alpha2.json"


@lru_cache(maxsize=1)
def _alpha2_by_iso3() -> dict[str, str]:
    return json.loads(_ISO3_ALPHA2.read_text(encoding="utf-8"))["alpha2"]


@lru_cache(maxsize=4096)
def _cldr_state_name(iso3: str, language: str) -> str | None:
    alpha2 = _alpha2_by_iso3().get(iso3.upper())
    if alpha2 is None:
        return None
    try:
        return babel.Locale.parse(language).territories.get(alpha2)
    except (ValueError, babel.UnknownLocaleError):
        return None


def state_name(state: Any, locale: str | None = None) -> str:
    """The name of a State (anything with ``iso3`` and ``name``: a State, a monitoring row) in
    ``locale`` — by default the reader's language — from CLDR (Babel). English keeps the UN's formal
    name (states.json, the reference name); a State CLDR does not know keeps it too. Cached."""
    reference = getattr(state, "name", None) or ""
    iso3 = getattr(state, "iso3", None)
    language = language_of(locale) if locale else reader_language()
    if not iso3 or language == "en":
        return reference
    return _cldr_state_name(iso3, language) or reference


def sort_by_state_name(items: list, locale: str | None = None) -> list:
    """``items`` (States or rows with ``iso3`` and ``name``) in the alphabetical order of their names
    in ``locale`` (the reader's language by default); Python's order, case and accents folded."""
    import unicodedata

    def key(item: Any) -> str:
        folded = unicodedata.normalize("NFKD", state_name(item, locale).casefold())
        return "".join(ch for ch in folded if not unicodedata.combining(ch))

    return sorted(items, key=key)


def format_date_value(value) -> str:
    """A date or naive-UTC datetime as a date in the reader's language (and time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(to_viewer_time(value).date(), "medium")
    if isinstance(value, date):
        return format_date(value, "medium")
    return str(value)


def format_datetime_value(value) -> str:
    """A naive-UTC datetime in the reader's time zone and language, to the minute: "28 Nov 2026, 14:02"
    (the locale's medium date and short time, joined as the locale joins them; seconds mean nothing here)."""
    return datetime_formatter()(value)


def datetime_formatter() -> Callable[[datetime | None], str]:
    """``format_datetime_value`` with the reader's language, pattern and time zone looked up once: for
    tables that format a date on every row."""
    locale = get_locale()
    pattern = (str(locale.datetime_formats["medium"])
               .replace("{1}", locale.date_formats["medium"].pattern)
               .replace("{0}", locale.time_formats["short"].pattern))
    zone = get_timezone()
    done: dict[datetime, str] = {}  # answers saved together share their moment: each moment is worded once

    def formatted(value: datetime | None) -> str:
        if value is None:
            return ""
        text = done.get(value)
        if text is None:
            text = done[value] = babel_format_datetime(value, pattern, tzinfo=zone, locale=locale)  # naive means UTC
        return text

    return formatted


def local_time(zone: str | tzinfo) -> Callable[[datetime | None], datetime | None]:
    """A function turning a naive-UTC datetime into naive local time in ``zone`` (a name such as
    "Europe/Vienna", or a tzinfo); ``None`` stays ``None``. Times are stored in UTC everywhere; pages,
    spreadsheets and CSV files show them in the viewer's zone, naive (spreadsheets know no zones)."""
    if zone == "UTC" or zone is timezone.utc:
        return lambda value: value
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return lambda value: (
        value.replace(tzinfo=timezone.utc).astimezone(tz).replace(tzinfo=None) if value is not None else None
    )


def to_viewer_time(value: datetime | None) -> datetime | None:
    """A naive-UTC datetime converted to the reader's time zone (still naive)."""
    return local_time(get_timezone())(value)


def format_number(value) -> str:
    """A number written the reader's way (``1,234.5``, ``1 234,5``, ``١٬٢٣٤٫٥``…), in English outside an app;
    None is empty."""
    if value is None:
        return ""
    return format_decimal(value) if has_app_context() else babel.numbers.format_decimal(value, locale="en")


def isolate(value: object) -> Markup:
    """``value`` (a number, code, e-mail address, citation…) in its own ``<bdi>``: in a right-to-left page
    its digits and punctuation stay in place and do not reorder the words around it. Escaped."""
    return Markup("<bdi>{}</bdi>").format("" if value is None else value)


def content_language(questionnaire: Any = None, field: str | None = None) -> str:
    """The language a questionnaire's texts are shown in: for a view read in a language (see
    ``questionnaire.texts.localized``) the language of ``field`` (the source where it stands in for a
    missing translation) or else the view's language; for a questionnaire its source language; else
    English."""
    if questionnaire is None:
        return "en"
    if field is not None and hasattr(questionnaire, "language_of"):
        return str(questionnaire.language_of(field))
    view_language = getattr(questionnaire, "language", None)
    if isinstance(view_language, str):
        return view_language
    source = getattr(questionnaire, "source", None)
    if isinstance(source, str):
        return source
    languages = getattr(questionnaire, "languages", None) or ["en"]
    return str(languages[0])


def direction_of_text_in(language: str | None) -> str:
    """The ``dir`` of a questionnaire text written in ``language``: ``rtl`` for a right-to-left language, even
    where the text opens with Latin letters (an acronym, a document symbol); else ``auto``, the text's own first
    strong letter deciding (an answer, which a State may write in any script, is always ``auto``)."""
    return "rtl" if language in RIGHT_TO_LEFT else "auto"


def in_language(value: object, language: str | None = "en", number: object = None, tag: str = "span") -> Markup:
    """A text of the questionnaire (possibly of the other direction: an English text on an Arabic page)
    isolated in ``tag`` with its direction (:func:`direction_of_text_in`) and, when it is not in the reader's
    language, its ``lang``. ``number`` (a question or cluster number) is put before it in
    its own ``<bdi>`` so it neither jumps to the end nor decides the direction. Escaped."""
    reader = reader_language()
    lang = Markup(' lang="{}"').format(language) if language and language != reader else Markup("")
    direction = direction_of_text_in(language)
    prefix = Markup("<bdi>{}</bdi> ").format(number) if number not in (None, "") else Markup("")
    return Markup('<{tag} dir="{direction}"{lang}>{prefix}{text}</{tag}>').format(
        tag=Markup(tag), direction=direction, lang=lang, prefix=prefix, text="" if value is None else value)


def same_page_in(code: str) -> str:
    """This page's address with ``lang=code``: its other query parameters (filters, choices) are kept."""
    from urllib.parse import urlencode

    kept = [(key, value) for key, values in request.args.lists() if key != "lang" for value in values]
    return "?" + urlencode([*kept, ("lang", code)])


def register_filters(app: Flask) -> None:
    app.jinja_env.globals["same_page_in"] = same_page_in
    app.jinja_env.filters["isolate"] = isolate
    app.jinja_env.filters["in_language"] = in_language
    app.jinja_env.globals["content_language"] = content_language
    app.jinja_env.filters["format_date_value"] = format_date_value
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.filters["state_name"] = state_name
    app.jinja_env.filters["sort_by_state_name"] = sort_by_state_name
    app.jinja_env.filters["format_datetime_value"] = format_datetime_value
    app.jinja_env.globals["datetime_formatter"] = datetime_formatter
    app.jinja_env.globals["regional_group_names"] = regional_group_names
    app.jinja_env.globals["labelled"] = labelled_in_template
    app.jinja_env.globals["duration_words"] = duration_words
    app.jinja_env.globals["direction_of_text_in"] = direction_of_text_in
