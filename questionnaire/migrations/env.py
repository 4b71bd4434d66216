"""Alembic environment: the engine comes from the app (or a URL) passed in the config's attributes.

Revision ids (from 0005 on) are the file name without ".py": four digits, then what the migration does
(``versions/0005_enum_types.py`` holds ``revision = "0005_enum_types"``); see questionnaire.migrate.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import questionnaire.models  # noqa: F401  (registers every table on the metadata)
from questionnaire.db import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as own_connection:
        run_with(own_connection)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
