"""Configuration: defaults, then ``instance/config.py``, then ``QUESTIONNAIRE_*`` variables, then tests."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

DEFAULTS: dict[str, object] = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "DATABASE_ECHO": False,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    # interface languages, each with a catalogue in questionnaire/translations (English is the source)
    "LANGUAGES": ["en", "fr", "es", "ar", "ru", "zh"],
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # True behind HTTPS (production): the cookie never travels in clear
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    # The cookie is written when the session changes, which includes the idle clock moving on (at most once a
    # minute, see questionnaire/auth/sessions.py), so its lifetime keeps rolling without signing it anew on
    # every request.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "IDLE_TIMEOUT_MINUTES": 60,  # a session unused this long ends (what was being typed is kept, see below)
    "WTF_CSRF_TIME_LIMIT": None,  # the session lifetime bounds the token; long answers must not expire it
    # Limits on files from users (workbooks, documents), checked before parsing: see questionnaire/uploads.py.
    "UPLOAD_MAX_UNCOMPRESSED_BYTES": 20 * 1024 * 1024,  # all parts of an archive, unpacked
    "UPLOAD_MAX_RATIO": 100,  # unpacked / packed size of a part (above 1 MiB) or of the whole archive
    "UPLOAD_MAX_ENTRIES": 200,  # parts in an archive
    "UPLOAD_MAX_ROWS": 10_000,  # rows of a worksheet
    "UPLOAD_MAX_COLUMNS": 200,  # columns of a worksheet
    "UPLOAD_MAX_CELLS": 500_000,  # cells of a workbook
    # Posts of people whose session ended while typing: kept only with the form's signed token.
    "KEPT_POST_TOKEN_HOURS": 24,  # how long an open answer form can still have its post kept
    "KEPT_POST_MAX_BYTES": 256 * 1024,
    "KEPT_POSTS_PER_USER": 20,  # the next one replaces that person's oldest
    # Cluster pages showing the stored answers, kept by each worker while nothing they show has changed
    # (forms/kept_pages.py): how many, and for at most how long (the one thing no stamp covers is the name of
    # the person who last changed an answer; a renamed person's new name shows within this time). 0: none.
    "KEPT_PAGES": 500,
    "KEPT_PAGE_SECONDS": 60,
    # A definition uploaded onto a slug with a working draft: kept this long for its uploader to confirm
    # that it replaces the draft's content (questionnaire/builder/kept_definitions.py).
    "KEPT_DEFINITION_MINUTES": 60,
    # Sign-in throttling: per account (in the database) and per client address (Flask-Limiter).
    "LOGIN_FREE_ATTEMPTS": 4,  # failures before delays start (1 s, then doubling)
    "LOGIN_LOCK_AFTER": 10,  # failures that lock the account
    "LOGIN_LOCK_MINUTES": 15,
    "LOGIN_RATE_LIMIT": "20 per minute;200 per hour",  # sign-in attempts per client address
    "RATELIMIT_STORAGE_URL": "memory://",  # redis://host:6379 when several processes serve the app
    # Behind a reverse proxy (nginx, a load balancer): how many proxies set X-Forwarded-For / -Proto / -Host.
    # 0 (direct): the client address is the connection's. Set it to the number of proxies you run, never
    # more: a client could otherwise forge its address and escape the sign-in limit per address.
    "PROXY_COUNT": 0,
    "MFA_REQUIRED_ROLES": "secretariat",  # comma-separated roles that must use a second factor
    # Mail (questionnaire/mail/): where it goes, who it is from, and the address links in it point to.
    "MAIL_URL": None,  # None: file:// the instance folder's mail/ (each message an .eml file)
    "MAIL_FROM": "Questionnaire secretariat <no-reply@localhost>",
    "MAIL_TIMEOUT_SECONDS": 30,
    "MAIL_MAX_ATTEMPTS": 8,  # then the message is marked failed
    "MAIL_RETRY_SECONDS": 60,  # first retry; doubled for each further one (at most a day)
    "MAIL_SENDING_TIMEOUT_SECONDS": 600,  # a message claimed this long ago by a worker that died is retried
    "BASE_URL": "http://127.0.0.1:5000",  # absolute links in mail
    "REDIS_URL": None,  # set: the worker's queue lives in Redis; None: a SQLite file in the instance folder
    "INVITATION_HOURS": 72,  # how long an invitation link may be used
    "PASSWORD_RESET_HOURS": 2,  # how long a reset link may be used
    "REMINDER_DAYS": "30,14,7,1",  # days before the deadline in force that reminders go out
}

ENV_PREFIX = "QUESTIONNAIRE"


def instance_path_from_env() -> str | None:
    """The instance folder named by ``QUESTIONNAIRE_INSTANCE_PATH``, made absolute, if set."""
    value = os.environ.get(f"{ENV_PREFIX}_INSTANCE_PATH")
    return str(Path(value).resolve()) if value else None


def resolved_instance_path() -> str:
    """Where the instance folder is: ``QUESTIONNAIRE_INSTANCE_PATH``, else Flask's default for this package
    (``instance/`` beside the package in a checkout, ``<prefix>/var/questionnaire-instance`` when installed)."""
    return instance_path_from_env() or Flask("questionnaire").instance_path


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill ``app.config`` in the documented order; tests never read the instance folder."""
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(ENV_PREFIX)
    else:
        app.config.from_mapping(test_config)
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATELIMIT_STORAGE_URL"]
    if not app.config.get("MAIL_URL"):
        app.config["MAIL_URL"] = "file://" + os.path.join(app.instance_path, "mail")
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "questionnaire.sqlite")


class MissingSecretKey(RuntimeError):
    """Raised when the app would run in production without a usable secret key."""


MIN_SECRET_KEY_BYTES = 32
# Placeholders from examples and tutorials: a key anyone can read signs sessions anyone can forge.
PLACEHOLDER_SECRET_KEYS = frozenset(
    {"change-me", "changeme", "change_me", "secret", "dev", "development", "test", "your-secret-key",
     "secret-key", "replace-me", "please-change-me"}
)
HOW_TO_GENERATE = (
    "Generate one with `python -c \"import secrets; print(secrets.token_hex(32))\"` and put it in "
    "instance/config.py as SECRET_KEY (or set QUESTIONNAIRE_SECRET_KEY); `questionnaire init` writes one "
    "when instance/config.py does not exist."
)


def secret_key_problem(key: object) -> str | None:
    """Why ``key`` cannot sign production sessions, or None when it can."""
    if not key:
        return "No SECRET_KEY is configured."
    raw = key if isinstance(key, bytes) else str(key).encode("utf-8")
    if raw.decode("utf-8", "replace").strip().lower() in PLACEHOLDER_SECRET_KEYS:
        return "SECRET_KEY is a placeholder from an example."
    if len(raw) < MIN_SECRET_KEY_BYTES:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_BYTES} bytes."
    return None


def require_secret_key(app: Flask) -> None:
    """Refuse to serve outside debug and testing with a missing, short or placeholder secret key.

    In debug and testing a missing key is replaced by a random one (sessions end at each restart).
    Raises MissingSecretKey with what is wrong and how to generate a key.
    """
    if app.debug or app.testing:
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    problem = secret_key_problem(app.config.get("SECRET_KEY"))
    if problem:
        raise MissingSecretKey(f"{problem} {HOW_TO_GENERATE}")


def write_instance_config(instance_path: str) -> Path | None:
    """Create ``config.py`` with a fresh secret key in the instance folder unless one exists.

    Returns the path written, or None when the file was already there.
    """
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "config.py"
    if target.exists():
        return None
    target.write_text(
        "# Written by `questionnaire init`. Keep this file secret; see config.example.py.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n",
        encoding="utf-8",
    )
    target.chmod(0o600)
    return target


DEMO_SETTINGS = (
    "\n# Written by `questionnaire init --demo`: no role must use two-step sign-in, so every demo account\n"
    "# can be tried without an authenticator app. Remove this line (default: \"secretariat\") in production.\n"
    "MFA_REQUIRED_ROLES = \"\"\n"
)


def write_demo_settings(instance_path: str) -> bool:
    """Add the demo's settings to the instance ``config.py`` unless it sets them already; returns
    whether it wrote them."""
    target = Path(instance_path) / "config.py"
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if "MFA_REQUIRED_ROLES" in text:
        return False
    with target.open("a", encoding="utf-8") as config:
        config.write(DEMO_SETTINGS)
    target.chmod(0o600)
    return True
