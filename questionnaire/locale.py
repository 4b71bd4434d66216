"""Language and time zone: Flask-Babel, the reader's choice of language, text direction, local time."""
from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale, get_timezone

RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}

LANGUAGE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh": "中文",
}


def select_locale() -> str:
    """The language asked for (``?lang=`` remembered in the session), else the browser's best match.

    Outside a request (commands, the worker) there is nobody to ask: the default language.
    """
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    available = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in available:
        session["lang"] = asked
    chosen = session.get("lang")
    if chosen in available:
        return chosen
    return request.accept_languages.best_match(available) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    user = g.get("user")
    return getattr(user, "timezone", None) or current_app.config["BABEL_DEFAULT_TIMEZONE"]


def text_direction() -> str:
    return "rtl" if str(get_locale()).split("_")[0] in RIGHT_TO_LEFT else "ltr"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.add_extension("jinja2.ext.do")
    register_filters(app)

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {
            "text_direction": text_direction,
            "current_locale": lambda: str(get_locale()),
            "language_names": LANGUAGE_NAMES,
        }


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
    if value is None:
        return ""
    locale = get_locale()
    pattern = (str(locale.datetime_formats["medium"])
               .replace("{1}", locale.date_formats["medium"].pattern)
               .replace("{0}", locale.time_formats["short"].pattern))
    return format_datetime(value, pattern)


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


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["format_date_value"] = format_date_value
    app.jinja_env.filters["format_datetime_value"] = format_datetime_value
