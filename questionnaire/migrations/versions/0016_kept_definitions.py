"""kept definitions: an uploaded definition kept until its uploader confirms replacing a working draft's content

Revision ID: 0016_kept_definitions
Revises: 0015_content_revision

Only a new table: no table is rebuilt, existing rows keep their values.
"""
from alembic import op
import sqlalchemy as sa


revision = "0016_kept_definitions"
down_revision = "0015_content_revision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("expires_at > created_at", name=op.f("ck_kept_definitions_expires_after_creation")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_kept_definitions_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["draft_id"], ["questionnaires.id"],
                                name=op.f("fk_kept_definitions_draft_id_questionnaires"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_definitions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_kept_definitions_token_digest")),
    )
    op.create_index(op.f("ix_kept_definitions_user_id"), "kept_definitions", ["user_id"], unique=False)
    op.create_index(op.f("ix_kept_definitions_draft_id"), "kept_definitions", ["draft_id"], unique=False)
    op.create_index(op.f("ix_kept_definitions_expires_at"), "kept_definitions", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_kept_definitions_expires_at"), table_name="kept_definitions")
    op.drop_index(op.f("ix_kept_definitions_draft_id"), table_name="kept_definitions")
    op.drop_index(op.f("ix_kept_definitions_user_id"), table_name="kept_definitions")
    op.drop_table("kept_definitions")
