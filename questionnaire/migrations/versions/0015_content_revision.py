"""content revision: a counter on each questionnaire, raised whenever anything its pages show changes

Revision ID: 0015_content_revision
Revises: 0014_parties_beyond_members

Its clusters, questions, title, languages or translations: app workers keep a questionnaire's structure and
translations between requests and read them again when the counter they kept them at is no longer the row's.
"""
from alembic import op
import sqlalchemy as sa


revision = "0015_content_revision"
down_revision = "0014_parties_beyond_members"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("questionnaires", sa.Column("content_revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.execute("ALTER TABLE questionnaires DROP COLUMN content_revision")
