"""participants: instruments, each participant's status per instrument with its source, non-member parties

Revision ID: 0008_participants
Revises: 0007_answer_history

The Convention and its three Protocols become records; the States' ``som_party`` flag becomes a status in
the Smuggling of Migrants Protocol (party or neither) with the shipped list's source and "as at" date.
States gain a kind (member State, non-member State, organization).
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


revision = "0008_participants"
down_revision = "0007_answer_history"
branch_labels = None
depends_on = None

SHIPPED_SOURCE = ("United Nations Treaty Collection, status of the Protocol against the Smuggling of Migrants by "
                  "Land, Sea and Air (chapter XVIII, 12.b)")
SHIPPED_AS_AT = date(2024, 4, 26)
INSTRUMENTS = [
    (1, "untoc", "United Nations Convention against Transnational Organized Crime",
     "United Nations Convention against Transnational Organized Crime"),
    (2, "tip", "Trafficking in Persons Protocol",
     "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
     "supplementing the United Nations Convention against Transnational Organized Crime"),
    (3, "som", "Smuggling of Migrants Protocol",
     "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations "
     "Convention against Transnational Organized Crime"),
    (4, "firearms", "Firearms Protocol",
     "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components "
     "and Ammunition, supplementing the United Nations Convention against Transnational Organized Crime"),
]


def upgrade() -> None:
    # A new column only: recreating ``states`` on SQLite would drop the table users and responses refer to.
    op.add_column("states", sa.Column("kind", sa.String(length=20), server_default="member_state", nullable=False))
    instruments = op.create_table(
        "instruments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("full_title", sa.String(length=400), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instruments")),
        sa.UniqueConstraint("code", name=op.f("uq_instruments_code")),
        sa.UniqueConstraint("name", name=op.f("uq_instruments_name")),
    )
    op.create_table(
        "participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=True),
        sa.Column("participant", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("consented_on", sa.Date(), nullable=True),
        sa.Column("consent_kind", sa.String(length=20), nullable=True),
        sa.Column("declarations", sa.String(length=2000), nullable=True),
        sa.Column("source", sa.String(length=400), nullable=False),
        sa.Column("as_at", sa.Date(), nullable=False),
        sa.CheckConstraint("status IN ('party', 'signatory', 'neither')", name=op.f("ck_participations_status_known")),
        sa.CheckConstraint("status != 'party' OR consented_on IS NOT NULL OR source IS NOT NULL",
                           name=op.f("ck_participations_party_has_a_source")),
        sa.ForeignKeyConstraint(["instrument_id"], ["instruments.id"],
                                name=op.f("fk_participations_instrument_id_instruments")),
        sa.ForeignKeyConstraint(["state_id"], ["states.id"], name=op.f("fk_participations_state_id_states")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participations")),
        sa.UniqueConstraint("instrument_id", "participant", name=op.f("uq_participations_instrument_id_participant")),
    )
    with op.batch_alter_table("participations") as batch:
        batch.create_index(batch.f("ix_participations_instrument_id"), ["instrument_id"], unique=False)
        batch.create_index(batch.f("ix_participations_state_id"), ["state_id"], unique=False)
    op.bulk_insert(instruments, [{"id": i, "code": code, "name": name, "full_title": title, "position": i}
                                 for i, code, name, title in INSTRUMENTS])
    # The existing party flags become statuses in the Protocol, with the shipped list's source and date.
    op.execute(sa.text(
        "INSERT INTO participations (instrument_id, state_id, participant, status, source, as_at) "
        "SELECT 3, id, name, CASE WHEN som_party THEN 'party' ELSE 'neither' END, :source, :as_at FROM states"
    ).bindparams(source=SHIPPED_SOURCE, as_at=SHIPPED_AS_AT))


def downgrade() -> None:
    op.drop_table("participations")
    op.drop_table("instruments")
    with op.batch_alter_table("states") as batch:
        batch.drop_column("kind")
