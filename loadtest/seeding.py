"""A temporary database for the run: 193 States, the SOM questionnaire open, answers from every State,
150 focal points and one secretariat officer (all with one known password)."""
from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from exports.demo_answers import fill_demo_answers
from questionnaire import create_app, migrate, seed
from questionnaire.db import make_engine
from questionnaire.definitions.document import load_questionnaire
from questionnaire.models import Role, State, User

PASSWORD = "load-test " + secrets.token_hex(4)
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Seeded:
    url: str
    questionnaire_id: int
    focal_points: list[tuple[str, str]]  # (email, iso3)
    secretariat: str


@contextlib.contextmanager
def temporary_database(workdir: str) -> Iterator[str]:
    """A fresh PostgreSQL database on 127.0.0.1:5432 (dropped afterwards), else a SQLite file."""
    name = f"saq_loadtest_{secrets.token_hex(4)}"
    try:
        admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server reachable: the embedded default
        print(f"PostgreSQL not reachable ({type(error).__name__}); using SQLite")
        yield f"sqlite:///{workdir}/loadtest.sqlite"
        return
    url = make_url(POSTGRES_ADMIN).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
            ), {"name": name})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def seed_database(url: str, users: int) -> Seeded:
    # the demo's opening steps are registered by the app's rooms: seed inside an app for this database
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "MFA_REQUIRED_ROLES": ""})
    engine = make_engine(url)
    migrate.upgrade(engine)
    with app.app_context(), Session(engine) as db:
        seed.load_states(db)
        seed.load_som_questionnaire(db)
        seed.create_demo(db)
        questionnaire = load_questionnaire(db, seed.SOM_SLUG)
        states = list(db.scalars(select(State).order_by(State.iso3)))
        fill_demo_answers(db, questionnaire, len(states), parties_only=False)  # every State present
        password_hash = generate_password_hash(PASSWORD)  # one hash: 150 would take seconds for nothing
        focal_points = []
        for state in states[:users]:
            email = f"focal.{state.iso3.lower()}@load.example"
            db.add(User(email=email, name=f"Focal point {state.iso3}", role=Role.FOCAL_POINT.value, state=state,
                        active=True, password_hash=password_hash))
            focal_points.append((email, state.iso3))
        secretariat = "secretariat@load.example"
        db.add(User(email=secretariat, name="Load secretariat", role=Role.SECRETARIAT.value, active=True,
                    password_hash=password_hash))
        db.commit()
        questionnaire_id = questionnaire.id
    if engine.dialect.name == "postgresql":  # statistics, as a database in use has them (autovacuum's analyze)
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()
    app.extensions["db_engine"].dispose()
    return Seeded(url, questionnaire_id, focal_points, secretariat)
