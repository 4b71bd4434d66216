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
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # the session lifetime bounds the token; long answers must not expire it
    # Limits on files from users (workbooks, documents), checked before parsing: see questionnaire/uploads.py.
    "UPLOAD_MAX_UNCOMPRESSED_BYTES": 20 * 1024 * 1024,  # all parts of an archive, unpacked
    "UPLOAD_MAX_RATIO": 100,  # unpacked / packed size of a part (above 1 MiB) or of the whole archive
    "UPLOAD_MAX_ENTRIES": 200,  # parts in an archive
    "UPLOAD_MAX_ROWS": 10_000,  # rows of a worksheet
    "UPLOAD_MAX_COLUMNS": 200,  # columns of a worksheet
    "UPLOAD_MAX_CELLS": 500_000,  # cells of a workbook
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
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "questionnaire.sqlite")


class MissingSecretKey(RuntimeError):
    """Raised when the app would run in production without a secret key."""


def require_secret_key(app: Flask) -> None:
    """Refuse to serve outside debug and testing without a configured secret key."""
    if app.config.get("SECRET_KEY"):
        return
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise MissingSecretKey(
        "No SECRET_KEY: run `questionnaire init` (it writes one to instance/config.py) "
        "or set QUESTIONNAIRE_SECRET_KEY."
    )


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
