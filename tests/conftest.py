"""Fixtures in layers: database → app → client / runner → signed-in users; a clean database for every test.

The schema is built once per run by the Alembic migrations (so every run tests them), on SQLite by
default or on the database named by QUESTIONNAIRE_TEST_DATABASE_URL (CI sets a fresh PostgreSQL one).

How a test sees what users see
------------------------------
No application context is held across test-client requests. The ``app`` fixture pushes none: each
request of the test client (and each command of the CLI runner) gets its own app context and therefore
its own database session from ``questionnaire.db.get_session``, committed or not by the view and closed
at teardown, exactly as under gunicorn. A view that forgets to commit loses its changes, and a test
that reads them back goes red.

The test's ``db`` is a separate session, made by the app's own sessionmaker
(``app.extensions["db_sessionmaker"]``); it never is the session of a request. It is handed over at
each request boundary by the client (and the runner) these fixtures install on the app
(``app.test_client_class``, ``app.test_cli_runner_class``), so ``app.test_client()`` in a test gets
them too:

- before the request, the test session must hold nothing uncommitted (no pending object, no flush
  without a commit); otherwise the test fails at once with "commit the setup data", because the app
  would not see it. Its transaction is then ended, which releases the read snapshot that SQLite's WAL
  mode keeps for an open transaction and the locks an open PostgreSQL transaction holds, so neither
  stale reads nor blocked writes or wipes can occur;
- after the request, every object the test session holds is expired, so the next attribute access or
  query reads what the request committed, in a new transaction. ``user.name`` after a POST is the saved
  name, not the one the test remembers.

A request made while an application context is pushed would share that context's session (Flask
reuses a pushed context), so the client refuses it. Code that needs a context outside a request
(``url_for``, ``gettext``, a service that calls ``get_session``) takes one only around that call:
``with app.app_context():`` or ``with app.test_request_context():`` in the test. The ``fresh_db``
fixture (``fresh_db()`` returns ``db`` with its transaction ended and its objects expired) does by hand
what the client does after a request, for reads after something else wrote: the live server of the
browser tests, or a service run in its own app context.

Shared data lives in ``tests/factories.py``, reached through the fixtures below (``make_questionnaire``,
``small``, ``open_som``, ``question``, ``make_reply``, ``add_response``), each of which commits what it
writes; tests import only its plain helpers (``cluster_url``, ``q_of``, ``COMPLETE``). No test folder
imports another's.
``make mutation-check`` (``tests/mutation_check.py``) proves the harness: it removes the commit of each
view that changes data, in a scratch copy, and expects the tests to fail.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask, has_app_context
from flask.testing import FlaskCliRunner, FlaskClient
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session

from questionnaire import create_app, migrate, seed
from questionnaire.db import WROTE, Base, make_engine
from questionnaire.models import Questionnaire, Response, Role, State, User
from tests import factories

PASSWORD = "correct horse battery"
#: Where the ``db`` fixture leaves the test session for the client and runner to hand over.
TEST_SESSION = "tests.db_session"


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


# --- the request boundary ------------------------------------------------------------------------------

def fresh(session: Session) -> Session:
    """End ``session``'s transaction and expire its objects: its next read sees what others committed.

    Refuses (AssertionError) while it holds changes no commit has saved: they would be lost here, and
    the app, reading through its own session, would not have seen them either."""
    unsaved = session.new or session.dirty or session.deleted or session.info.get(WROTE)  # flushed or sent by a statement (questionnaire.db)
    assert not unsaved, (
        "the test session holds changes that were never committed: commit the setup data before a "
        "request, the app reads through its own session and would not see them"
    )
    session.rollback()  # ends the read transaction (SQLite snapshot, PostgreSQL locks); nothing to undo
    session.expire_all()
    return session


@contextmanager
def _request_boundary(app: Flask) -> Iterator[None]:
    """Around one request or command: no pushed app context, the test session handed over and refreshed."""
    assert not has_app_context(), (
        "a request made inside an app context would share its database session: push the context "
        "only around the call that needs it"
    )
    session: Session | None = app.extensions.get(TEST_SESSION)
    if session is not None:
        fresh(session)
    try:
        yield
    finally:
        if session is not None:
            session.expire_all()


def _close_request_body(response: Any) -> None:
    """Close the request body the client encoded for ``response``'s request.

    A multipart body over 500 KiB is written to a temporary file, which Werkzeug's client closes only in
    ``response.close()`` and only after following redirects; a test uploading a large file would leave it
    to the garbage collector, whose ResourceWarning is an error here. The app has read the body by the
    time the client returns (no view reads its request while streaming its response)."""
    response.request.input_stream.close()


class RequestClient(FlaskClient):
    """The test client; each request runs in its own app context and session (see the module's docstring),
    and its request body is closed once the app has answered."""

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        with _request_boundary(self.application):
            response = super().open(*args, **kwargs)
        _close_request_body(response)
        return response


class CommandRunner(FlaskCliRunner):
    """The CLI runner; each command runs in its own app context and session, as from a shell."""

    def invoke(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        with _request_boundary(self.app):
            return super().invoke(*args, **kwargs)


# --- app, session, client ---------------------------------------------------------------------------

@pytest.fixture
def app(migrated_engine: Engine, database_url: str, tmp_path) -> Iterator[Flask]:
    """The app, with no context pushed: requests and commands push their own."""
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
    app.test_client_class = RequestClient
    app.test_cli_runner_class = CommandRunner
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    """The same app with CSRF protection switched on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """The test's own session (never a request's): set up data, commit it, read saved data back."""
    session: Session = app.extensions["db_sessionmaker"]()
    app.extensions[TEST_SESSION] = session
    yield session
    app.extensions.pop(TEST_SESSION, None)
    session.close()


@pytest.fixture
def fresh_db(db: Session) -> Callable[[], Session]:
    """``fresh_db()``: the test session, its transaction ended and its objects expired, so that it reads
    what was committed elsewhere (refused while it holds uncommitted changes)."""
    return lambda: fresh(db)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def lay_words(app: Flask, tmp_path) -> Callable[[dict], Flask]:
    """``lay_words({language: {(context, source): translation}})`` lays those words over the shipped catalogues
    of ``app`` and returns it, so that a test says what the app does with a language's words whatever the
    catalogues hold today. A plural entry's source is its (singular, plural) pair, its translation the tuple of
    the language's plural forms."""
    folder = tmp_path / "laid-words"

    def lay(words):
        for language, entries in words.items():
            catalog = Catalog(locale=language)
            for (context, source), translation in entries.items():
                catalog.add(source, translation, context=context)
            (folder / language / "LC_MESSAGES").mkdir(parents=True)
            with open(folder / language / "LC_MESSAGES" / "messages.mo", "wb") as handle:
                write_mo(handle, catalog)
        babel = app.extensions["babel"]
        babel.translation_directories.append(str(folder))  # read after the shipped ones: its words win
        with app.app_context():  # the catalogues read so far are forgotten
            babel.instance.domain_instance.cache.clear()
        return app

    return lay


# --- data ----------------------------------------------------------------------------------------------

@pytest.fixture
def states(db: Session) -> dict[str, State]:
    seed.load_states(db)
    db.commit()
    return {state.iso3: state for state in db.scalars(select(State))}


@pytest.fixture
def bilingual(db: Session, states) -> Questionnaire:
    """The small questionnaire as a draft in English (its source) and French, nothing translated yet; committed."""
    from questionnaire.definitions.document import import_document
    from tests.factories import small_document

    document = small_document("bilingual")
    document["languages"] = ["en", "fr"]
    questionnaire = import_document(db, document)
    db.commit()
    return questionnaire


@pytest.fixture
def som(db: Session, states) -> Questionnaire:
    """The shipped SOM Protocol questionnaire, as a draft."""
    seed.load_som_questionnaire(db)
    db.commit()
    return db.scalar(select(Questionnaire).where(Questionnaire.slug == seed.SOM_SLUG))


@pytest.fixture
def open_som(db: Session, som) -> Questionnaire:
    """The shipped SOM questionnaire, endorsed, adopted and open with a deadline in 30 days."""
    return factories.open_for_answers(db, som)


@pytest.fixture
def question(open_som):
    """The question with this key in the open SOM questionnaire."""
    by_key = {q.key: q for q in open_som.questions_in_order()}
    return by_key.__getitem__


@pytest.fixture
def make_questionnaire(db: Session, states) -> Callable[..., Questionnaire]:
    """Factory: ``make_questionnaire(slug="small", extra_questions=0)``, a small questionnaire opened
    for answers (see ``factories.small_document``)."""

    def make(slug: str = "small", extra_questions: int = 0) -> Questionnaire:
        return factories.make_questionnaire(db, slug, extra_questions)

    return make


@pytest.fixture
def small(make_questionnaire) -> Questionnaire:
    return make_questionnaire()


@pytest.fixture
def make_reply(db: Session) -> Callable[..., Response]:
    """Factory: ``make_reply(questionnaire, state, user, values, status="draft", at=..., submitted_at=...)``."""

    def make(*args: Any, **kwargs: Any) -> Response:
        return factories.make_reply(db, *args, **kwargs)

    return make


@pytest.fixture
def add_response(db: Session) -> Callable[..., Response]:
    """Factory: ``add_response(questionnaire, state, values, author, status="submitted", at=...)``."""

    def add(*args: Any, **kwargs: Any) -> Response:
        return factories.add_response(db, *args, **kwargs)

    return add


@pytest.fixture
def make_user(db: Session, states) -> Callable[..., User]:
    """Factory: ``make_user("expert", state="MEX", email=..., active=..., locale=...)``."""
    counter = {"n": 0}

    def make(role: str = "secretariat", state: str | None = None, **overrides) -> User:
        counter["n"] += 1
        if state is None and Role(role).has_state:
            state = "MEX"
        user = User(
            email=overrides.pop("email", f"{role}{counter['n']}@example.org"),
            name=overrides.pop("name", f"{role.replace('_', ' ').title()} {counter['n']}"),
            role=role,
            state=states[state] if state else None,
            active=overrides.pop("active", True),
            locale=overrides.pop("locale", None),
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

    def sign_in(user: User, on: FlaskClient | None = None) -> FlaskClient:
        target = on or client
        fields = session_fields(user)  # read before the request: the test session stays out of it
        with target.session_transaction() as session:
            session.clear()
            session.update(fields)
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
    """Context manager counting the SQL statements the app's engine runs inside it (requests' sessions
    and the test's session share that engine)."""

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
