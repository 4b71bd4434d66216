"""ids never reused: a deleted draft's id, and those of the consultation and proposals deleted with it, are
never given to something new

Revision ID: 0019_ids_never_reused
Revises: 0018_answer_answered

The audit trail names questionnaires, consultations and proposals by id, and a draft that was never endorsed
can be deleted (its revisions, consultation and proposals go with it). SQLite gives a table without
AUTOINCREMENT the highest id again once that row is gone, so an older event would name whatever came next.
On SQLite the three tables are rebuilt with AUTOINCREMENT (a batch operation: every row, index and constraint
kept; foreign keys are off during an upgrade, see ``questionnaire.migrate``), and each table's counter starts
past every id it holds or the trail names, so an id deleted before this upgrade is not given again either.
PostgreSQL's sequences never give an id twice: nothing to do there.
"""
from alembic import op
import sqlalchemy as sa


revision = "0019_ids_never_reused"
down_revision = "0018_answer_answered"
branch_labels = None
depends_on = None

#: Each table, and the SQL for the ids the audit trail names of it (as events recorded them on the day of this
#: migration: a target "questionnaire:12", a detail {"questionnaire": 12}, {"proposal": 3}).
NAMED_IN_THE_TRAIL = {
    "questionnaires": (
        "SELECT CAST(substr(target, 15) AS INTEGER) FROM audit_events WHERE target LIKE 'questionnaire:%' "
        "UNION ALL SELECT CAST(json_extract(details, '$.questionnaire') AS INTEGER) FROM audit_events "
        "UNION ALL SELECT CAST(json_extract(details, '$.questionnaire_id') AS INTEGER) FROM audit_events"),
    "consultations": (
        "SELECT CAST(substr(target, 14) AS INTEGER) FROM audit_events WHERE target LIKE 'consultation:%'"),
    "proposals": "SELECT CAST(json_extract(details, '$.proposal') AS INTEGER) FROM audit_events",
}


def _rebuild(table: str, autoincrement: bool) -> None:
    with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
        pass


def _start_counter_past_what_is_named(table: str) -> None:
    """The table's AUTOINCREMENT counter past its highest id and every id of it the trail names."""
    connection = op.get_bind()
    held = connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0
    named = [ident for ident in connection.exec_driver_sql(NAMED_IN_THE_TRAIL[table]).scalars() if ident]
    highest = max([held, *named])
    counted = connection.execute(sa.text("SELECT count(*) FROM sqlite_sequence WHERE name = :table"),
                                 {"table": table}).scalar()
    if counted:
        connection.execute(sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :table"),
                           {"seq": highest, "table": table})
    elif highest:
        connection.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:table, :seq)"),
                           {"seq": highest, "table": table})


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in NAMED_IN_THE_TRAIL:
        _rebuild(table, autoincrement=True)
        _start_counter_past_what_is_named(table)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in reversed(list(NAMED_IN_THE_TRAIL)):
        _rebuild(table, autoincrement=False)
