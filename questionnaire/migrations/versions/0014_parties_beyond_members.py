"""parties beyond members: a participant may have no UN regional group (the European Union, some non-members)

Revision ID: 0014_parties_beyond_members
Revises: 0013_content_languages

``states.regional_group`` becomes nullable. Its CHECK (``regional_group IN (...)``) stays as it is: NULL
passes it, any other value must still be one of the five groups.

On PostgreSQL this is ``ALTER COLUMN ... DROP NOT NULL``. SQLite cannot drop a NOT NULL in ALTER TABLE, and
recreating ``states`` (what a batch operation does) would drop the table that users, responses and
participations refer to. Dropping a NOT NULL does not change how rows are stored, so SQLite's documented
procedure for such changes applies instead (https://www.sqlite.org/lang_altertable.html, "Making other kinds
of table schema changes"): the table's CREATE statement in ``sqlite_schema`` is edited in place, the schema
version bumped, and the database checked for integrity — no row is copied, nothing pointing to ``states``
is touched.
"""
from alembic import op
import sqlalchemy as sa


revision = "0014_parties_beyond_members"
down_revision = "0013_content_languages"
branch_labels = None
depends_on = None

_REQUIRED = "regional_group VARCHAR(60) NOT NULL"
_OPTIONAL = "regional_group VARCHAR(60)"


def _edit_sqlite_definition(old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the stored CREATE TABLE statement of ``states`` (exactly once)."""
    connection = op.get_bind()
    sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'states'").scalar()
    if sql.count(old) != 1:
        raise RuntimeError(f"The definition of states does not hold {old!r} once: {sql!r}")
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        connection.execute(sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'states'"),
                           {"sql": sql.replace(old, new)})
        connection.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"The database is not consistent after the change: {problems[:10]}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _edit_sqlite_definition(_REQUIRED, _OPTIONAL)
    else:
        op.alter_column("states", "regional_group", existing_type=sa.String(length=60), nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.exec_driver_sql("SELECT count(*) FROM states WHERE regional_group IS NULL").scalar():
        raise RuntimeError("Some States or organizations have no regional group (the European Union?): give "
                           "them one or remove them before going back to a version that requires it.")
    if connection.dialect.name == "sqlite":
        _edit_sqlite_definition(_OPTIONAL, _REQUIRED)
    else:
        op.alter_column("states", "regional_group", existing_type=sa.String(length=60), nullable=False)
