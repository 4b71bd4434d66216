"""The database: one engine per app, one session per request (closed at teardown)."""
from __future__ import annotations

import enum
import logging
import os
import weakref
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, Enum, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, ORMExecuteState, Session, SessionTransaction, sessionmaker
from sqlalchemy import MetaData
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model; constraint names are stable for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def stored_enum(enum_class: type[enum.Enum], constraint: str) -> Enum:
    """The column type of an enumeration: its values (``"focal_point"``, ``"draft"``) as VARCHAR(20), checked by
    a CHECK constraint named ``ck_<table>_<constraint>``; the column reads back as members of ``enum_class``.

    Portable (no native ENUM type on PostgreSQL), and a string that is not one of the values is refused
    before it reaches the database. A new member needs a migration that rewrites the constraint.
    """
    return Enum(
        enum_class,
        name=constraint,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # 32 MiB of page cache per connection (SQLite's default is 2 MiB): pages reading every State's answers,
    # such as the monitoring table, otherwise read the same pages from the file on each request.
    cursor.execute("PRAGMA cache_size=-32000")
    cursor.close()


def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL, a busy timeout and a larger page cache on every
    connection. PostgreSQL's connections run without JIT compilation: it pays off for long analytical queries,
    while the app's run in milliseconds and a compiled plan costs tens of them (the monitoring table's grouped
    query took 27 ms to compile for a 40 ms run whenever the planner's estimate crossed ``jit_above_cost``)."""
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    if url.startswith("postgresql"):  # after the URL's own ``options`` (a search path, a timeout…), if any
        given = make_url(url).query.get("options")
        kwargs["connect_args"] = {"options": f"{given} -c jit=off" if isinstance(given, str) else "-c jit=off"}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    _ENGINES.add(engine)
    return engine


#: Every engine made in this process, for the forked child to set their connections aside (held weakly: an app
#: made and dropped, as tests do, takes its engine with it).
_ENGINES: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def _forget_inherited_connections() -> None:
    """In a forked child (a web server's worker forked from a master that loaded the app, ``gunicorn
    --preload``): each engine starts a pool of its own, leaving the parent's connections open for the parent —
    a connection used from two processes at once would mix their statements. SQLAlchemy's way for
    ``os.fork()``: ``dispose(close=False)``."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


#: ``Session.info`` key: the session has sent a change to the database in its current transaction.
WROTE = "wrote"


def _wrote(session: Session, *_args: Any) -> None:
    session.info[WROTE] = True


def _note_statement(execution: ORMExecuteState) -> None:
    if not execution.is_select:
        _wrote(execution.session)


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the session's transaction, not a savepoint inside it
        session.info.pop(WROTE, None)


def note_writes(factory: sessionmaker) -> None:
    """Mark the sessions of ``factory`` that send a change (a flush, or an INSERT, UPDATE or DELETE statement)
    in their transaction, until that transaction ends, so that the end of a request knows whether it only read
    (``close_session``)."""
    event.listen(factory, "after_flush", _wrote)
    event.listen(factory, "do_orm_execute", _note_statement)
    event.listen(factory, "after_transaction_end", _transaction_ended)


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"], bool(app.config.get("DATABASE_ECHO")))
    app.extensions["db_engine"] = engine
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    note_writes(factory)
    app.extensions["db_sessionmaker"] = factory
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions["db_engine"]


def get_session() -> Session:
    """The session of the current app context, created on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def discard_session(session: Session) -> None:
    """Close ``session`` (its transaction rolled back) without raising. Closing alone ends the transaction
    and lets go of the session's objects at once, without first expiring each of them as a rollback would.

    When the database has terminated the connection (a restart, a fail-over, an administrator), the
    rollback itself fails; the connection is then invalidated so the pool never hands it out again,
    and the failure is logged instead of replacing the page the person was getting.
    """
    try:
        session.close()
    except (SQLAlchemyError, OSError):
        log.warning("The database connection was lost; the request's transaction was abandoned.", exc_info=True)
        try:
            session.invalidate()
        except (SQLAlchemyError, OSError):
            log.debug("Invalidating the lost connection failed as well.", exc_info=True)


def end_reading(session: Session) -> None:
    """End the transaction of a session that only read with COMMIT rather than ROLLBACK (the same for the data).

    The PostgreSQL driver (psycopg) forgets its prepared statements at every rollback; pages that only read
    would otherwise never reuse one and the server would plan each of their queries anew on every request
    (about a third of its work for a cluster page). Raises what the commit raises.
    """
    if session.in_transaction():
        session.commit()


def close_session(exc: BaseException | None = None) -> None:
    """Teardown: end the request's session; never raises, whatever state its connection is in. A request that
    failed or left a change uncommitted (sent, or still pending in the session) is rolled back; one that only
    read is ended by ``end_reading``."""
    session = g.pop("db_session", None)
    if session is None:
        return
    if exc is None and not (session.info.get(WROTE) or session.new or session.dirty or session.deleted):
        try:
            end_reading(session)
        except (SQLAlchemyError, OSError):
            log.warning("Ending a reading transaction failed; it is abandoned.", exc_info=True)
    discard_session(session)
