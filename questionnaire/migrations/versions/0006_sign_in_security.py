"""sign-in security: throttling, session versions, second factor; kept posts belong to a user

Revision ID: 0006_sign_in_security
Revises: 0005_enum_types
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_sign_in_security"
down_revision = "0005_enum_types"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("totp_last_counter", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recovery_code_hashes", sa.JSON(), nullable=True))

    # Posts kept before this version name no trustworthy owner (it came from a field the sender
    # controlled): they are dropped rather than attributed.
    op.execute(sa.text("DELETE FROM pending_posts"))
    with op.batch_alter_table("pending_posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column("size", sa.Integer(), nullable=False))
        batch_op.create_index(batch_op.f("ix_pending_posts_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_pending_posts_user_id_users"), "users", ["user_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_posts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_pending_posts_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_pending_posts_user_id"))
        batch_op.drop_column("size")
        batch_op.drop_column("user_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("recovery_code_hashes")
        batch_op.drop_column("totp_last_counter")
        batch_op.drop_column("totp_confirmed_at")
        batch_op.drop_column("totp_secret")
        batch_op.drop_column("session_version")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
