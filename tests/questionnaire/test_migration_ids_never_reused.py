"""The migration that keeps deleted ids from being given again rebuilds questionnaires, consultations and
proposals with AUTOINCREMENT on SQLite, keeping every row and what points to it, and starts each counter past
the ids the audit trail names; it goes back as it came. On PostgreSQL it changes nothing."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from questionnaire import migrate

BEFORE, AFTER = "0018_answer_answered", "0019_ids_never_reused"
TABLES = ("questionnaires", "consultations", "proposals")


def _deployment(engine) -> None:
    """A deployment before the migration: an open questionnaire with a reply, a draft under consultation with
    a proposal, and the deletion of a draft numbered 7 (the highest questionnaire id the trail names)."""
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
        run("INSERT INTO questionnaires (id, slug, title, instrument, version, status, languages, parent_id, "
            "created_at) VALUES (2, 'som', 'SOM', 'SOM Protocol', 2, 'draft', '[\"en\"]', 1, :at)")
        run("INSERT INTO responses (id, questionnaire_id, state_id, status, lock_version, created_at, updated_at, "
            "submitted_at, submitted_by_id) VALUES (1, 1, 1, 'submitted', 1, :at, :at, :at, 1)")
        run("INSERT INTO revisions (id, questionnaire_id, number, symbol, issued_on, snapshot, created_at) "
            "VALUES (1, 2, 1, 'CTOC/COP/WG.7/2026/2', '2026-03-01', '{}', :at)")
        run("INSERT INTO consultations (id, revision_id, opens_on, closes_on, participants, created_at) "
            "VALUES (1, 1, '2026-03-01', '2026-04-01', 'parties', :at)")
        run("INSERT INTO proposals (id, consultation_id, state_id, author_id, kind, question_key, justification, "
            "created_at, updated_at) VALUES (1, 1, 1, 1, 'comment', 'crim', 'Clearer.', :at, :at)")
        run("INSERT INTO audit_events (at, user_id, action, target, details) VALUES "
            "(:at, 1, 'questionnaire.delete', 'questionnaire:7', '{\"before\": {\"title\": \"Gone\"}}'), "
            "(:at, 1, 'proposal.post', 'consultation:1', '{\"proposal\": 1, \"state\": \"MEX\"}')")


def _definitions(connection) -> dict[str, str]:
    return dict(connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN "
        "('questionnaires', 'consultations', 'proposals')").all())


def _rows_kept(connection) -> None:
    one = lambda sql: connection.execute(text(sql)).one()  # noqa: E731
    assert one("SELECT id, status, parent_id FROM questionnaires WHERE id = 2") == (2, "draft", 1)
    assert one("SELECT questionnaire_id, submitted_by_id FROM responses WHERE id = 1") == (1, 1)
    assert one("SELECT questionnaire_id FROM revisions WHERE id = 1") == (2,)
    assert one("SELECT revision_id, participants FROM consultations WHERE id = 1") == (1, "parties")
    assert one("SELECT consultation_id, question_key, justification FROM proposals WHERE id = 1") == (
        1, "crim", "Clearer.")


def _new_questionnaire(connection, version: int) -> int:
    return connection.execute(text(
        "INSERT INTO questionnaires (slug, title, instrument, version, status, languages, created_at) "
        "VALUES ('som', 'SOM', 'SOM Protocol', :version, 'draft', '[\"en\"]', '2026-03-02 09:00:00') RETURNING id"),
        {"version": version}).scalar()


def test_the_upgrade_keeps_every_row_and_gives_no_id_the_trail_names(scratch_engine):
    _deployment(scratch_engine)
    migrate.upgrade(scratch_engine, AFTER)
    assert migrate.current_revision(scratch_engine) == AFTER
    sqlite = scratch_engine.dialect.name == "sqlite"
    with scratch_engine.begin() as connection:
        _rows_kept(connection)
        if sqlite:
            assert all("AUTOINCREMENT" in sql for sql in _definitions(connection).values())
            assert _new_questionnaire(connection, 3) == 8  # past the deleted draft 7 the trail names
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            indexes = {row[0] for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('questionnaires', 'proposals')")}
            assert {"ix_questionnaires_slug", "ix_proposals_consultation_id", "ix_proposals_state_id"} <= indexes
    with pytest.raises(Exception):  # the constraints came along: still one version 2 of a slug
        with scratch_engine.begin() as connection:
            connection.execute(text("INSERT INTO questionnaires (slug, title, instrument, version, status, "
                                    "languages, created_at) VALUES ('som', 'SOM', 'SOM Protocol', 2, 'draft', "
                                    "'[\"en\"]', '2026-03-02 09:00:00')"))
    if sqlite:
        with scratch_engine.begin() as connection:  # a deleted row's id is not given again
            connection.execute(text("DELETE FROM questionnaires WHERE id = 8"))
            assert _new_questionnaire(connection, 4) == 9
        with scratch_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_going_back_keeps_every_row(scratch_engine):
    _deployment(scratch_engine)
    migrate.upgrade(scratch_engine, AFTER)
    migrate.downgrade(scratch_engine, BEFORE)
    assert migrate.current_revision(scratch_engine) == BEFORE
    with scratch_engine.begin() as connection:
        _rows_kept(connection)
        if scratch_engine.dialect.name == "sqlite":
            assert not any("AUTOINCREMENT" in sql for sql in _definitions(connection).values())
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    migrate.upgrade(scratch_engine)  # and forward again
    assert migrate.current_revision(scratch_engine) == migrate.head_revision(scratch_engine)
