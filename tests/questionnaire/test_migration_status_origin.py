"""The migration that records who gave each participant's status takes it, for the statuses already held,
from the secretariat's source name, an import of the instrument's table, or else the shipped list; it keeps
every row, on SQLite and PostgreSQL, and goes back as it came."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from questionnaire import migrate

BEFORE, AFTER = "0019_ids_never_reused", "0020_status_origin"
SHIPPED = "United Nations Treaty Collection (as shipped)"


def _deployment(engine) -> None:
    """Mexico's status as shipped and Fiji's as the secretariat set it in the Protocol; Nigeria's in the
    Trafficking in Persons Protocol from an imported table that was given the shipped source's name."""
    migrate.upgrade(engine, BEFORE)
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        for ident, code, name in ((1, "MEX", "Mexico"), (2, "FJI", "Fiji"), (3, "NGA", "Nigeria")):
            run("INSERT INTO states (id, iso3, name, regional_group, som_party, kind) VALUES (:id, :code, :name, "
                "'Asia-Pacific States', false, 'member_state')", id=ident, code=code, name=name)
        instruments = dict(connection.execute(text("SELECT code, id FROM instruments")).all())
        for state, instrument, source in ((1, "som", SHIPPED), (2, "som", "Secretariat (States page)"),
                                          (3, "tip", SHIPPED)):
            run("INSERT INTO participations (instrument_id, state_id, participant, status, consented_on, source, "
                "as_at) VALUES (:instrument, :state, :name, 'party', '2004-01-01', :source, '2024-04-26')",
                instrument=instruments[instrument], state=state, name=f"State {state}", source=source)
        run("INSERT INTO audit_events (at, action, target, details) "
            "VALUES ('2026-03-01 09:00:00', 'parties.import', 'tip', '{}')")


def _origins(connection) -> dict[int, str]:
    return dict(connection.execute(text("SELECT state_id, origin FROM participations")).all())


def test_each_status_held_takes_the_origin_the_database_tells(scratch_engine):  # noqa: F811
    _deployment(scratch_engine)
    migrate.upgrade(scratch_engine, AFTER)
    with scratch_engine.begin() as connection:
        assert _origins(connection) == {1: "shipped", 2: "secretariat", 3: "imported"}
        assert connection.execute(text("SELECT count(*) FROM participations WHERE status = 'party'")).scalar() == 3
    with pytest.raises(Exception):  # required and checked
        with scratch_engine.begin() as connection:
            connection.execute(text("UPDATE participations SET origin = 'guessed' WHERE state_id = 1"))
    with pytest.raises(Exception):
        with scratch_engine.begin() as connection:
            connection.execute(text("UPDATE participations SET origin = NULL WHERE state_id = 1"))
    if scratch_engine.dialect.name == "sqlite":
        with scratch_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_going_back_drops_the_origin_and_keeps_every_status(scratch_engine):  # noqa: F811
    _deployment(scratch_engine)
    migrate.upgrade(scratch_engine, AFTER)
    migrate.downgrade(scratch_engine, BEFORE)
    assert migrate.current_revision(scratch_engine) == BEFORE
    with scratch_engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM participations")).scalar() == 3
    with pytest.raises(Exception):
        with scratch_engine.connect() as connection:
            connection.execute(text("SELECT origin FROM participations"))
