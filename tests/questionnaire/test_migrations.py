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
