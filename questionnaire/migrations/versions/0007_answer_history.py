"""answer history: every stored value of an answer, with who, when and in which language

Revision ID: 0007_answer_history
Revises: 0006_sign_in_security

Existing answers get their current value as the first entry of their history.
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_answer_history"
down_revision = "0006_sign_in_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answer_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_answer_changes_revision_positive")),
        sa.ForeignKeyConstraint(["answer_id"], ["answers.id"], name=op.f("fk_answer_changes_answer_id_answers"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["changed_by_id"], ["users.id"], name=op.f("fk_answer_changes_changed_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_changes")),
        sa.UniqueConstraint("answer_id", "revision", name=op.f("uq_answer_changes_answer_id_revision")),
    )
    with op.batch_alter_table("answer_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_changes_answer_id"), ["answer_id"], unique=False)
    op.execute(
        "INSERT INTO answer_changes (answer_id, revision, value, language, changed_at, changed_by_id) "
        "SELECT id, revision, value, NULL, updated_at, updated_by_id FROM answers"
    )


def downgrade() -> None:
    with op.batch_alter_table("answer_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_changes_answer_id"))
    op.drop_table("answer_changes")
