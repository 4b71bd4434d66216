"""content languages: translations of a questionnaire's texts, its source language and language statuses,
the language of a reply and of each answer

Revision ID: 0013_content_languages
Revises: 0012_observations
"""
from alembic import op
import sqlalchemy as sa


revision = "0013_content_languages"
down_revision = "0012_observations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "text_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_digest", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_text_translations_text_not_empty")),
        sa.CheckConstraint("length(key) > 0", name=op.f("ck_text_translations_key_not_empty")),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaires.id"],
                                name=op.f("fk_text_translations_questionnaire_id_questionnaires"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_text_translations_updated_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_translations")),
        sa.UniqueConstraint("questionnaire_id", "key", "language",
                            name=op.f("uq_text_translations_questionnaire_id_key_language")),
    )
    with op.batch_alter_table("text_translations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_text_translations_questionnaire_id"), ["questionnaire_id"],
                              unique=False)
    # Added columns only (no table rebuild): existing rows keep their data, the new values start empty.
    op.add_column("questionnaires", sa.Column("source_language", sa.String(length=8), nullable=True))
    op.add_column("questionnaires", sa.Column("language_statuses", sa.JSON(), nullable=True))
    op.add_column("questionnaires", sa.Column("incomplete_languages_reason", sa.Text(), nullable=True))
    op.add_column("responses", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("answers", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL): no batch rebuild of tables other tables point to (a
    # rebuild of questionnaires with foreign keys on would cascade into their responses).
    op.execute("ALTER TABLE answers DROP COLUMN language")
    op.execute("ALTER TABLE responses DROP COLUMN language")
    for column in ("incomplete_languages_reason", "language_statuses", "source_language"):
        op.execute(f"ALTER TABLE questionnaires DROP COLUMN {column}")
    with op.batch_alter_table("text_translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_text_translations_questionnaire_id"))
    op.drop_table("text_translations")
