"""user locale: the interface language each person chose, remembered across sign-ins

Revision ID: 0010_user_locale
Revises: 0009_drafting_round

A nullable column only (no table rebuild): existing accounts keep following their browser until they choose.
"""
from alembic import op
import sqlalchemy as sa


revision = "0010_user_locale"
down_revision = "0009_drafting_round"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("locale", sa.String(length=16), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): no batch rebuild of a table other tables point to.
    op.execute("ALTER TABLE users DROP COLUMN locale")
