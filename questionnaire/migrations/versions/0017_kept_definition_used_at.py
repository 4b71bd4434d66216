"""kept definition used at: a used confirmation stays until it expires, so that sending it again is recognised

Revision ID: 0017_kept_definition_used_at
Revises: 0016_kept_definitions

One nullable column: no table is rebuilt, existing rows keep their values (none of them used).
"""
from alembic import op
import sqlalchemy as sa


revision = "0017_kept_definition_used_at"
down_revision = "0016_kept_definitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("kept_definitions", sa.Column("used_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE kept_definitions DROP COLUMN used_at")
