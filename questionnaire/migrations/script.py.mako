<%doc>
  Migrations are named by what they do and numbered in order: from 0005 on, a migration's revision id is its
  file name without ".py" (four digits, then words: versions/0005_enum_types.py holds
  revision = "0005_enum_types"). `questionnaire db revision -m "..."` picks the next number. Ids already
  deployed ("0001", "0004_pending_posts") are never renamed.
</%doc>\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
