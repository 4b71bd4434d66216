"""Migrations build exactly the schema the models describe, and upgrading twice changes nothing."""
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from questionnaire import migrate
from questionnaire.db import Base


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
