"""status origin: each participant's status records who gave it (the shipped list, the secretariat, an import)

Revision ID: 0020_status_origin
Revises: 0019_ids_never_reused

``questionnaire init`` brings a status that came with an older shipped list up to the shipped list, and never
touches one the secretariat set or an import gave; the source's name cannot tell them apart (an import may
be given any name, the shipped one's included), so the origin is recorded. Existing statuses take theirs
from what the database holds on the day: the secretariat's source name marks its own; any other status of an
instrument whose participants table was imported came with that import (an import gives every status of the
instrument its source); the rest came with the shipped list. ``participations`` is rebuilt on SQLite to make
the column required and checked (nothing points to it).
"""
from alembic import op
import sqlalchemy as sa


revision = "0020_status_origin"
down_revision = "0019_ids_never_reused"
branch_labels = None
depends_on = None

#: The source recorded for a status the secretariat set, and the action of an import of the depositary's
#: table, as they were written on the day of this migration.
SECRETARIAT_SOURCE = "Secretariat (States page)"
IMPORT_ACTION = "parties.import"


def upgrade() -> None:
    op.add_column("participations", sa.Column("origin", sa.String(length=20), nullable=True))
    op.execute(sa.text("UPDATE participations SET origin = 'secretariat' WHERE source = :source")
               .bindparams(source=SECRETARIAT_SOURCE))
    op.execute(sa.text(
        "UPDATE participations SET origin = 'imported' WHERE origin IS NULL AND EXISTS ("
        "SELECT 1 FROM audit_events JOIN instruments ON audit_events.target = instruments.code "
        "WHERE audit_events.action = :action AND instruments.id = participations.instrument_id)"
    ).bindparams(action=IMPORT_ACTION))
    op.execute("UPDATE participations SET origin = 'shipped' WHERE origin IS NULL")
    with op.batch_alter_table("participations") as batch:
        batch.alter_column("origin", existing_type=sa.String(length=20), nullable=False)
        batch.create_check_constraint(op.f("ck_participations_origin_known"),
                                      "origin IN ('shipped', 'secretariat', 'imported')")


def downgrade() -> None:
    with op.batch_alter_table("participations") as batch:
        batch.drop_constraint(op.f("ck_participations_origin_known"), type_="check")
        batch.drop_column("origin")
