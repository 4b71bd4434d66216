"""Fixtures of the core's tests: a scratch database for the migration tests."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from questionnaire.db import make_engine


@pytest.fixture
def scratch_engine(database_url, tmp_path, request):
    """An empty database of the same kind as the test database: a SQLite file, or a scratch database on the same
    PostgreSQL server named after the test module (dropped afterwards)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        engine = make_engine(f"sqlite:///{tmp_path / 'deployed.sqlite'}")
        yield engine
        engine.dispose()
        return
    name = f"{url.database}_{request.module.__name__.rsplit('.', 1)[-1].removeprefix('test_')}"[:63]
    server = make_engine(url.set(database="postgres").render_as_string(hide_password=False))
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(url.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    server.dispose()
