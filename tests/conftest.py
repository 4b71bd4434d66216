"""Fixtures in layers: database → app → client → signed-in users; a clean database for every test.

The schema is built once per run by the Alembic migrations (so every run tests them), on SQLite by
default or on the database named by QUESTIONNAIRE_TEST_DATABASE_URL (CI sets a fresh PostgreSQL one).
"""
from __future__ import annotations

import os
import re
from typing import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session

from questionnaire import create_app, migrate, seed
from questionnaire.db import Base, get_session, make_engine
from questionnaire.models import Questionnaire, Role, State, User

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("QUESTIONNAIRE_TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    )


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _wipe(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def app(migrated_engine: Engine, database_url: str, tmp_path) -> Iterator[Flask]:
    _wipe(migrated_engine)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "EXPORT_FOLDER": str(tmp_path / "exports"),
            "MFA_REQUIRED_ROLES": "",  # tests of two-step sign-in switch it on themselves
        }
    )
    with app.app_context():
        yield app
        get_session().close()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """The same app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def db(app: Flask) -> Session:
    return get_session()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def states(db: Session) -> dict[str, State]:
    seed.load_states(db)
    db.commit()
    return {state.iso3: state for state in db.scalars(select(State))}


@pytest.fixture
def som(db: Session, states) -> Questionnaire:
    """The shipped SOM Protocol questionnaire, as a draft."""
    seed.load_som_questionnaire(db)
    db.commit()
    return db.scalar(select(Questionnaire).where(Questionnaire.slug == seed.SOM_SLUG))


@pytest.fixture
def make_user(db: Session, states) -> Callable[..., User]:
    """Factory: ``make_user("expert", state="MEX", email=..., active=...)``."""
    counter = {"n": 0}

    def make(role: str = "secretariat", state: str | None = None, **overrides) -> User:
        counter["n"] += 1
        if state is None and Role(role).is_national:
            state = "MEX"
        user = User(
            email=overrides.pop("email", f"{role}{counter['n']}@example.org"),
            name=overrides.pop("name", f"{role.replace('_', ' ').title()} {counter['n']}"),
            role=role,
            state=states[state] if state else None,
            active=overrides.pop("active", True),
        )
        user.set_password(overrides.pop("password", PASSWORD))
        db.add(user)
        db.commit()
        return user

    return make


@pytest.fixture
def login(client: FlaskClient) -> Callable[[User], FlaskClient]:
    """Sign ``user`` in on the test client (through the session, as a completed login would)."""
    from questionnaire.auth.sessions import session_fields

    signed_in: list[User] = []  # kept loaded, as the tests' shared session did before (query counts)

    def sign_in(user: User, on: FlaskClient | None = None) -> FlaskClient:
        target = on or client
        with target.session_transaction() as session:
            session.clear()
            session.update(session_fields(user))
        signed_in.append(user)
        return target

    return sign_in


def csrf_token_from(html: bytes | str) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture
def csrf_token() -> Callable[[bytes | str], str]:
    return csrf_token_from


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """Context manager counting the SQL statements the app's engine runs inside it."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        engine = app.extensions["db_engine"]
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
