"""pending posts: form values kept across an expired session

Revision ID: 0004_pending_posts
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_pending_posts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_posts")),
        sa.UniqueConstraint("token", name=op.f("uq_pending_posts_token")),
    )
    with op.batch_alter_table("pending_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_posts_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_posts_created_at"))
    op.drop_table("pending_posts")
