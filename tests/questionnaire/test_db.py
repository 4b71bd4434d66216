"""A database connection lost during a request: the person gets the app's own page, never a bare 500,
and the next request gets a working connection."""
from __future__ import annotations

from typing import Iterator

import pytest
from flask import Flask
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from questionnaire import create_app
from questionnaire.db import get_engine, get_session
from questionnaire.models import User
from tests.conftest import PASSWORD, _wipe


@pytest.fixture
def own_contexts_app(migrated_engine, database_url) -> Iterator[Flask]:
    """An app whose test-client requests each get their own app context and session, as under gunicorn,
    with the error handlers answering instead of the exception reaching the test."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "PROPAGATE_EXCEPTIONS": False, "MFA_REQUIRED_ROLES": ""})
    _wipe(migrated_engine)
    with app.app_context():
        user = User(email="reader@example.org", name="Reader", role="reviewer")
        user.set_password(PASSWORD)
        get_session().add(user)
        get_session().commit()
    yield app
    app.extensions["db_engine"].dispose()


def signed_in(app: Flask):
    client = app.test_client()
    assert client.post("/login", data={"email": "reader@example.org", "password": PASSWORD}).status_code == 302
    return client


def lost_connection() -> OperationalError:
    return OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))


def terminate_own_connection() -> None:
    """Have PostgreSQL end this request's connection, as a restart or an administrator would."""
    db = get_session()
    pid = db.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with get_engine().connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


def test_a_connection_terminated_mid_request_gives_the_apps_error_page(own_contexts_app):
    app = own_contexts_app
    postgres = app.extensions["db_engine"].dialect.name == "postgresql"

    @app.get("/lost-mid-request")
    def lost_mid_request():
        if postgres:
            terminate_own_connection()
            get_session().execute(text("SELECT 1"))  # the server has gone: raises
        else:
            session = get_session()
            session.execute(text("SELECT 1"))

            def fail() -> None:
                raise lost_connection()

            session.rollback = session.close = fail  # the rollback of the 500 handler and of teardown fail as well
            raise lost_connection()
        return "unreachable"

    client = signed_in(app)
    response = client.get("/lost-mid-request")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page and "Nothing was saved" in page
    assert client.get("/").status_code == 200  # the next request gets a working connection


@pytest.mark.parametrize("reading", ["statement", "query"])
def test_a_connection_terminated_after_the_page_was_built_does_not_replace_the_page(own_contexts_app, reading):
    """Whether the request's transaction ends with a rollback (after a plain SQL statement) or a commit (after
    queries only, see ``questionnaire.db.end_reading``), a connection lost by then leaves the page as built."""
    app = own_contexts_app
    postgres = app.extensions["db_engine"].dialect.name == "postgresql"

    @app.get("/lost-at-teardown")
    def lost_at_teardown():
        session = get_session()
        if reading == "statement":
            session.execute(text("SELECT 1"))
        else:
            session.scalar(select(User.name))
        if postgres:
            terminate_own_connection()
        else:
            def fail() -> None:
                raise lost_connection()

            session.rollback = session.commit = session.close = fail
        return "the page the person asked for"

    client = signed_in(app)
    response = client.get("/lost-at-teardown")
    assert response.status_code == 200 and response.get_data(as_text=True) == "the page the person asked for"
    assert client.get("/").status_code == 200


def test_a_request_that_only_read_ends_with_a_commit_and_one_that_failed_with_a_rollback(own_contexts_app):
    """Reading pages end their transaction with COMMIT (the driver keeps its prepared statements); a request
    that raised ends with ROLLBACK."""
    app = own_contexts_app
    ended: list[str] = []
    engine = app.extensions["db_engine"]
    event.listen(engine, "commit", lambda _connection: ended.append("commit"))
    event.listen(engine, "rollback", lambda _connection: ended.append("rollback"))

    @app.get("/fails-after-reading")
    def fails_after_reading():
        get_session().scalar(select(User.name))
        raise RuntimeError("the page could not be built")

    client = signed_in(app)
    ended.clear()
    assert client.get("/").status_code == 200
    assert ended == ["commit"]
    ended.clear()
    assert client.get("/fails-after-reading").status_code == 500
    assert "commit" not in ended and "rollback" in ended


@pytest.mark.parametrize("how", ["pending", "flush", "statement", "savepoint"])
def test_a_change_a_request_left_uncommitted_is_never_saved(own_contexts_app, how):
    """A view that sent a change but did not commit it: the end of the request rolls it back, however the
    change was made (left pending in the session, flushed, sent as an UPDATE statement, or before a savepoint
    that was itself rolled back)."""
    app = own_contexts_app

    @app.get("/changes-without-saving")
    def changes_without_saving():
        db = get_session()
        if how == "statement":
            db.execute(update(User).values(name="Changed"))
        else:
            db.scalar(select(User)).name = "Changed"
            if how == "pending":  # changed in the session, never sent
                return "shown"
            db.flush()
            if how == "savepoint":
                with db.begin_nested() as inner:
                    db.scalar(select(User)).email = "other@example.org"
                    db.flush()
                    inner.rollback()
        return "shown"

    client = signed_in(app)
    assert client.get("/changes-without-saving").status_code == 200
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(User.name)) == "Reader"


def test_postgresql_plans_a_pages_queries_once_per_connection(own_contexts_app):
    app = own_contexts_app
    if app.extensions["db_engine"].dialect.name != "postgresql":
        pytest.skip("prepared statements: PostgreSQL")

    @app.get("/prepared-statements")
    def prepared_statements():
        return str(get_session().execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar_one())

    client = signed_in(app)
    for _ in range(8):  # the driver prepares a statement once it has run it five times on a connection
        assert client.get("/").status_code == 200
    assert int(client.get("/prepared-statements").get_data(as_text=True)) > 0


def test_postgresql_connections_run_without_jit_compilation(app):
    """A compiled plan costs tens of milliseconds; the app's queries run in a few (see ``make_engine``)."""
    engine = app.extensions["db_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("JIT compilation: PostgreSQL")
    with engine.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar_one() == "off"


def test_the_database_urls_own_options_are_kept_beside_jit_off(database_url):
    """An operator's ``?options=`` (a search path, a statement timeout) still reaches the server."""
    from urllib.parse import quote

    from questionnaire.db import make_engine

    if not database_url.startswith("postgresql"):
        pytest.skip("connection options: PostgreSQL")
    separator = "&" if "?" in database_url else "?"
    engine = make_engine(f"{database_url}{separator}options={quote('-c statement_timeout=4321')}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "4321ms"
            assert connection.execute(text("SHOW jit")).scalar_one() == "off"
    finally:
        engine.dispose()


def test_a_forked_worker_opens_connections_of_its_own_and_leaves_the_parents_open(database_url):
    """A web server that loads the app and then forks its workers (``gunicorn --preload``): each worker's engine
    starts a pool of its own, never using a connection of the parent's; the parent's stays open and usable."""
    import os

    from questionnaire.db import make_engine

    engine = make_engine(database_url)
    postgresql = engine.dialect.name == "postgresql"
    whose = text("SELECT pg_backend_pid()" if postgresql else "SELECT 1")
    try:
        with engine.connect() as connection:
            parents = connection.execute(whose).scalar_one()
        inherited = engine.pool  # holds the parent's connection
        assert inherited.checkedin() == 1
        reading, writing = os.pipe()
        child = os.fork()
        if child == 0:  # the worker
            try:
                with engine.connect() as connection:
                    own = connection.execute(whose).scalar_one()
                new_pool = engine.pool is not inherited
                os.write(writing, b"%d %d" % (new_pool, own != parents or not postgresql))
            finally:
                os._exit(0)
        os.close(writing)
        said = os.read(reading, 64).decode()
        os.waitpid(child, 0)
        os.close(reading)
        assert said == "1 1"  # a pool of its own, and on PostgreSQL a server process of its own
        with engine.connect() as connection:  # the parent's connection was not closed under it
            assert connection.execute(whose).scalar_one() == parents
    finally:
        engine.dispose()
