"""enum types: a user's role and the statuses of questionnaires and responses read back as enumerations

The models now declare these columns with SQLAlchemy's ``Enum(native_enum=False, create_constraint=True)``
(``questionnaire.db.stored_enum``). The columns keep their type, VARCHAR(20), and their stored values
('focal_point', 'draft', ...); the CHECK constraints that list the allowed values keep their names
(``ck_users_role_known``, ``ck_questionnaires_status_known``, ``ck_responses_status_known``) and the very
text 0001 gave them, which is what the Enum type emits. So no table is rebuilt: on SQLite that would mean
copying ``users``, ``questionnaires`` and ``responses``, whose dependants (answers, clusters, ...) are
deleted in cascade when a referenced table is dropped with foreign keys enforced.

What the upgrade does is make sure every stored value is one the enumerations can read back, and stop
with the rows at fault otherwise, changing nothing.

Revision ID: 0005_enum_types
Revises: 0004_pending_posts
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_enum_types"
down_revision = "0004_pending_posts"
branch_labels = None
depends_on = None

#: The values each column may hold at this revision (table, column, values).
ENUMERATIONS = (
    ("users", "role", ("secretariat", "focal_point", "expert", "reviewer")),
    ("questionnaires", "status", ("draft", "endorsed", "adopted", "open", "closed")),
    ("responses", "status", ("draft", "submitted", "reopened")),
)


def upgrade() -> None:
    bind = op.get_bind()
    for table, column, values in ENUMERATIONS:
        rows = bind.execute(
            sa.select(sa.column("id"), sa.column(column)).select_from(sa.table(table))
            .where(sa.column(column).not_in(values)).limit(10)
        ).all()
        if rows:
            found = ", ".join(f"id {row[0]}: {row[1]!r}" for row in rows)
            raise RuntimeError(
                f"{table}.{column} holds values outside {', '.join(values)} ({found}); correct them, then upgrade."
            )


def downgrade() -> None:
    pass  # nothing was changed
