"""Migrations build exactly the schema the models describe, and upgrading twice changes nothing."""
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from questionnaire import migrate
from questionnaire.db import Base, make_engine
from questionnaire.models import Questionnaire, QuestionnaireStatus, Response, ResponseStatus, Role, User


def test_migrations_match_the_models(migrated_engine):
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_database_is_at_head_and_a_second_upgrade_is_a_no_op(migrated_engine):
    head = migrate.head_revision(migrated_engine)
    assert migrate.current_revision(migrated_engine) == head
    migrate.upgrade(migrated_engine)
    assert migrate.current_revision(migrated_engine) == head


def test_sqlite_runs_with_foreign_keys_and_wal(app, db):
    if db.get_bind().dialect.name != "sqlite":
        return
    assert db.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert db.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _deployment_at_0004(tmp_path):
    """A SQLite database at revision 0004 holding a user, an open questionnaire and a submitted reply."""
    engine = make_engine(f"sqlite:///{tmp_path / 'deployed.sqlite'}")
    migrate.upgrade(engine, "0004_pending_posts")
    at = datetime(2026, 3, 1, 9, 0)
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), {"at": at, **values})  # noqa: E731
        run("INSERT INTO states (id, iso3, name, regional_group, som_party) "
            "VALUES (1, 'MEX', 'Mexico', 'Latin American and Caribbean States', true)")
        run("INSERT INTO users (id, email, name, password_hash, role, state_id, active, created_at) "
            "VALUES (1, 'fp@example.org', 'Ana', 'x', 'focal_point', 1, true, :at)")
        run("INSERT INTO questionnaires (id, slug, title, instrument, version, status, languages, endorsed_at, "
            "adopted_at, created_at) VALUES (1, 'som', 'SOM', 'SOM Protocol', 1, 'open', '[\"en\"]', :at, :at, :at)")
        run("INSERT INTO responses (id, questionnaire_id, state_id, status, lock_version, created_at, updated_at, "
            "submitted_at, submitted_by_id) VALUES (1, 1, 1, 'submitted', 1, :at, :at, :at, 1)")
    return engine


def test_the_enum_migration_keeps_every_row_and_its_values(tmp_path):
    engine = _deployment_at_0004(tmp_path)
    migrate.upgrade(engine, "0005_enum_types")
    assert migrate.current_revision(engine) == "0005_enum_types"
    with Session(engine) as db:  # the column alone: later migrations add columns to users
        assert db.scalar(select(User.role).where(User.id == 1)) is Role.FOCAL_POINT
        assert db.scalar(select(Questionnaire.status).where(Questionnaire.id == 1)) is QuestionnaireStatus.OPEN
        assert db.scalar(select(Response.status).where(Response.id == 1)) is ResponseStatus.SUBMITTED
    with engine.connect() as connection:
        assert connection.execute(text("SELECT role FROM users")).scalar() == "focal_point"
    engine.dispose()


def test_a_deployment_at_0004_upgrades_to_the_head_and_keeps_its_rows(tmp_path):
    engine = _deployment_at_0004(tmp_path)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with Session(engine) as db:
        assert db.get(User, 1).email == "fp@example.org" and db.get(User, 1).role is Role.FOCAL_POINT
        assert db.get(Response, 1).status is ResponseStatus.SUBMITTED
    engine.dispose()


def test_the_enum_migration_stops_at_a_value_it_could_not_read_back(tmp_path):
    engine = _deployment_at_0004(tmp_path)
    with engine.begin() as connection:  # a value that slipped past the CHECK constraint
        connection.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        connection.exec_driver_sql("UPDATE users SET role = 'observer'")
    with pytest.raises(RuntimeError, match="users.role.*'observer'"):
        migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "0004_pending_posts"


def test_a_database_url_with_percent_signs_reaches_alembic_unchanged(tmp_path):
    from sqlalchemy import create_engine

    from questionnaire.db import make_engine

    # A percent-encoded PostgreSQL password ("p@ss%word" → "p%40ss%25word"): read back exactly, no crash.
    postgres = create_engine("postgresql+psycopg://saq:p%40ss%25word@db.example.org/saq")
    config = migrate.alembic_config(postgres)
    assert config.get_main_option("sqlalchemy.url") == "postgresql+psycopg://saq:p%40ss%25word@db.example.org/saq"
    assert migrate.head_revision(postgres)
    postgres.dispose()

    # A real upgrade through a URL holding "%" (here in the SQLite file's folder name).
    (tmp_path / "100% of replies").mkdir()
    engine = make_engine(f"sqlite:///{tmp_path}/100%25 of replies/migrated.sqlite")
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    engine.dispose()


def test_the_drafting_round_migration_admits_delegates_and_keeps_every_row_pointing_to_users(tmp_path):
    engine = _deployment_at_0004(tmp_path)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_events (id, at, user_id, action, target, details) "
                                "VALUES (1, '2026-03-01 09:00:00', 1, 'response.submit', 'response:1', '{}')"))
    migrate.upgrade(engine, "0007_answer_history")
    migrate.upgrade(engine, "0009_drafting_round")
    with engine.begin() as connection:
        # what points to the rebuilt users table is untouched (no SET NULL, no cascade)
        assert connection.execute(text("SELECT submitted_by_id FROM responses WHERE id = 1")).scalar() == 1
        assert connection.execute(text("SELECT user_id FROM audit_events WHERE id = 1")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM answer_changes")).scalar() == 0
        connection.execute(text("INSERT INTO users (id, email, name, password_hash, role, state_id, active, created_at, "
                                "failed_logins, session_version) VALUES (2, 'd@example.org', 'Del', 'x', 'delegate', 1, "
                                "true, '2026-03-01 09:00:00', 0, 1)"))
    with pytest.raises(Exception):  # still a State for every delegate, and no unknown role
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO users (id, email, name, password_hash, role, state_id, active, "
                                    "created_at, failed_logins, session_version) VALUES (3, 'e@example.org', 'E', 'x', "
                                    "'delegate', NULL, true, '2026-03-01 09:00:00', 0, 1)"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        indexes = {row[0] for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users'")}
        assert "ix_users_state_id" in indexes
    with Session(engine) as db:  # the columns alone: later migrations add columns to users
        assert db.scalar(select(User.role).where(User.id == 2)) is Role.DELEGATE
        assert db.scalar(select(Response.status).where(Response.id == 1)) is ResponseStatus.SUBMITTED
    engine.dispose()
