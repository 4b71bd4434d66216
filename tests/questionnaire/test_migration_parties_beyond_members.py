"""The migration that lets a participant have no UN regional group keeps every row, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from questionnaire import migrate

BEFORE, AFTER = "0012_observations", "0014_parties_beyond_members"


def _deployment(engine) -> None:
    """A deployment before the migration: a State, its focal point and a submitted reply."""
    migrate.upgrade(engine, BEFORE)
    at = datetime(2026, 3, 1, 9, 0)
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), {"at": at, **values})  # noqa: E731
        run("INSERT INTO states (id, iso3, name, regional_group, som_party, kind) "
            "VALUES (1, 'MEX', 'Mexico', 'Latin American and Caribbean States', true, 'member_state')")
        run("INSERT INTO users (id, email, name, password_hash, role, state_id, active, created_at, failed_logins, "
            "session_version) VALUES (1, 'fp@example.org', 'Ana', 'x', 'focal_point', 1, true, :at, 0, 1)")
        run("INSERT INTO questionnaires (id, slug, title, instrument, version, status, languages, endorsed_at, "
            "adopted_at, created_at) VALUES (1, 'som', 'SOM', 'SOM Protocol', 1, 'open', '[\"en\"]', :at, :at, :at)")
        run("INSERT INTO responses (id, questionnaire_id, state_id, status, lock_version, created_at, updated_at, "
            "submitted_at, submitted_by_id) VALUES (1, 1, 1, 'submitted', 1, :at, :at, :at, 1)")


def test_a_participant_without_group_fits_after_the_upgrade_and_every_row_is_kept(scratch_engine):
    _deployment(scratch_engine)
    with pytest.raises(Exception):  # before: the group is required
        with scratch_engine.begin() as connection:
            connection.execute(text("INSERT INTO states (id, iso3, name, som_party, kind) "
                                    "VALUES (2, 'EUU', 'European Union', true, 'organization')"))
    migrate.upgrade(scratch_engine, AFTER)
    assert migrate.current_revision(scratch_engine) == AFTER
    with scratch_engine.begin() as connection:
        connection.execute(text("INSERT INTO states (id, iso3, name, som_party, kind) "
                                "VALUES (2, 'EUU', 'European Union', true, 'organization')"))
        assert connection.execute(text("SELECT state_id FROM users WHERE id = 1")).scalar() == 1
        assert connection.execute(text("SELECT state_id, status FROM responses WHERE id = 1")).one() == (1, "submitted")
        assert connection.execute(text("SELECT regional_group FROM states WHERE id = 2")).scalar() is None
    with pytest.raises(Exception):  # a group, where given, is still one of the five
        with scratch_engine.begin() as connection:
            connection.execute(text("INSERT INTO states (id, iso3, name, regional_group, som_party, kind) "
                                    "VALUES (3, 'XXA', 'Nowhere', 'Atlantis group', false, 'non_member_state')"))
    if scratch_engine.dialect.name == "sqlite":
        with scratch_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_going_back_refuses_while_a_participant_has_no_group_then_requires_it_again(scratch_engine):
    _deployment(scratch_engine)
    migrate.upgrade(scratch_engine, AFTER)
    with scratch_engine.begin() as connection:
        connection.execute(text("INSERT INTO states (id, iso3, name, som_party, kind) "
                                "VALUES (2, 'EUU', 'European Union', true, 'organization')"))
    config = migrate.alembic_config(scratch_engine)
    from alembic import command

    def downgrade():
        with scratch_engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, BEFORE)

    with pytest.raises(RuntimeError, match="no regional group"):
        downgrade()
    with scratch_engine.begin() as connection:
        connection.execute(text("DELETE FROM states WHERE id = 2"))
    downgrade()
    assert migrate.current_revision(scratch_engine) == BEFORE
    with pytest.raises(Exception):
        with scratch_engine.begin() as connection:
            connection.execute(text("INSERT INTO states (id, iso3, name, som_party, kind) "
                                    "VALUES (2, 'EUU', 'European Union', true, 'organization')"))
    with scratch_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM responses")).scalar() == 1
