"""Schema migrations with Alembic, driven from the app's engine (no alembic.ini needed).

Naming (from 0005 on): a migration's revision id is its file name without ``.py``, four digits then what it
does, ``0005_enum_types.py`` holding ``revision = "0005_enum_types"``; :func:`make_revision` picks the next
number. The ids already deployed ("0001", "0004_pending_posts") stay as they are.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Alembic's Config is a ConfigParser: "%" starts an interpolation, so a percent-encoded password
    # ("p%40ss") would crash it. Doubling every "%" hands the URL through unchanged.
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; a database already there is left as it is.

    On SQLite, foreign keys are off during the upgrade (a migration that rebuilds a table would otherwise
    null or delete every row pointing to it when the old table is dropped) and every foreign key is checked
    before the commit: a violation rolls the whole upgrade back.
    """
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision``, as :func:`upgrade` takes it forward (foreign keys off on SQLite
    while tables are rebuilt, and all checked before the commit)."""
    _run(engine, command.downgrade, revision)


def _run(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    config = alembic_config(engine)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside any transaction, or SQLite ignores it
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"The migration would break foreign keys: {broken[:10]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def next_revision_id(message: str) -> str:
    """``NNNN_words_of_the_message``: the number after the highest one in use, then the message in snake case."""
    numbers = [int(match.group(1)) for path in (MIGRATIONS / "versions").glob("*.py")
               if (match := re.match(r"(\d{4})", path.name))]
    words = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40].rstrip("_")
    return f"{max(numbers, default=0) + 1:04d}_{words or 'migration'}"


def make_revision(engine: Engine, message: str) -> None:
    """Write a new migration, ``versions/<revision id>.py``, by comparing the models with the database (for
    developers)."""
    config = alembic_config(engine)
    config.set_main_option("file_template", "%%(rev)s")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=next_revision_id(message))
