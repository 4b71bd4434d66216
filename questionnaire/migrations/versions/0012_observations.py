"""observations: reviewers' notes and questions to a State on an answer, with the State's reply

Revision ID: 0012_observations
Revises: 0011_mail
"""
from alembic import op
import sqlalchemy as sa


revision = "0012_observations"
down_revision = "0011_mail"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("replied_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('note', 'question')", name=op.f("ck_observations_kind_known")),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_observations_status_known")),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_observations_text_not_empty")),
        sa.CheckConstraint("kind = 'question' OR reply IS NULL", name=op.f("ck_observations_reply_only_to_questions")),
        sa.CheckConstraint("(reply IS NULL) = (replied_at IS NULL)", name=op.f("ck_observations_reply_iff_stamped")),
        sa.CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)",
                           name=op.f("ck_observations_closed_iff_stamped")),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], name=op.f("fk_observations_answer_id_answers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_observations_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_observations_closed_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["replied_by_id"], ["users.id"], name=op.f("fk_observations_replied_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
    )
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_observations_answer_id"), ["answer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observations_answer_id"))
    op.drop_table("observations")
