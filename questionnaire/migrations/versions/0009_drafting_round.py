"""drafting round: meetings and decisions, issued revisions, consultations, proposals, supports, dispositions;
the role ``delegate``

Questionnaires keep their free-text ``endorsed_by`` (what was recorded before meetings were records), so old
endorsements stay readable; new ones point to a ``decisions`` row.

A delegate belongs to one State, so the two CHECK constraints on ``users.role`` change. PostgreSQL swaps
them in place. SQLite cannot alter a constraint: ``users`` is rebuilt by SQLite's own procedure (new table,
copy, drop, rename), which needs foreign keys off, or dropping ``users`` would null or delete every row
pointing to it; ``questionnaire.migrate.upgrade`` turns them off around the upgrade and checks every foreign
key before committing. Run any other way with foreign keys on, this migration stops before changing anything.

Revision ID: 0009_drafting_round
Revises: 0008_participants
"""
import re

from alembic import op
import sqlalchemy as sa


revision = "0009_drafting_round"
down_revision = "0008_participants"
branch_labels = None
depends_on = None

OLD_ROLES = ("secretariat", "focal_point", "expert", "reviewer")
NEW_ROLES = (*OLD_ROLES, "delegate")
OLD_WITH_STATE = ("focal_point", "expert")
NEW_WITH_STATE = ("focal_point", "expert", "delegate")


def _in(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _role_checks(roles, with_state) -> dict[str, str]:
    return {
        "ck_users_role_known": f"role IN ({_in(roles)})",
        "ck_users_state_iff_national": f"(role IN ({_in(with_state)})) = (state_id IS NOT NULL)",
    }


def _rebuild_sqlite_users(checks: dict[str, str]) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "Upgrade with `questionnaire db upgrade`: on SQLite this migration rebuilds the users table, "
            "which needs foreign keys turned off first."
        )
    table_sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'").scalar()
    index_sql = [row[0] for row in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL")]
    new_sql = table_sql
    for name, condition in checks.items():
        pattern = re.compile(rf"(CONSTRAINT\s+\"?{name}\"?\s+CHECK\s*)\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")
        new_sql, count = pattern.subn(lambda match: f"{match.group(1)}({condition})", new_sql)
        if count != 1:
            raise RuntimeError(f"users: the constraint {name} was not found as expected; nothing was changed.")
    new_sql = re.sub(r"^CREATE TABLE\s+\"?users\"?", "CREATE TABLE users_rebuilt", new_sql)
    bind.exec_driver_sql(new_sql)
    bind.exec_driver_sql("INSERT INTO users_rebuilt SELECT * FROM users")
    bind.exec_driver_sql("DROP TABLE users")
    bind.exec_driver_sql("ALTER TABLE users_rebuilt RENAME TO users")
    for sql in index_sql:
        bind.exec_driver_sql(sql)


def _change_role_checks(checks: dict[str, str]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite_users(checks)
        return
    for name, condition in checks.items():
        op.drop_constraint(op.f(name), "users", type_="check")
        op.create_check_constraint(op.f(name), "users", condition)


def upgrade() -> None:
    _change_role_checks(_role_checks(NEW_ROLES, NEW_WITH_STATE))
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=20), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_meetings_ends_after_start")),
        sa.CheckConstraint("length(place) > 0", name=op.f("ck_meetings_place_not_empty")),
        sa.CheckConstraint("session >= 1", name=op.f("ck_meetings_session_positive")),
        sa.CheckConstraint("body IN ('working_group', 'conference')", name=op.f("ck_meetings_body_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("body", "session", name=op.f("uq_meetings_body_session")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("resolution", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind = 'endorsement' OR resolution IS NOT NULL",
                           name=op.f("ck_decisions_adoption_has_resolution")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_decisions_meeting_id_meetings"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaires.id"],
                                name=op.f("fk_decisions_questionnaire_id_questionnaires"), ondelete="CASCADE"),
        sa.CheckConstraint("kind IN ('endorsement', 'adoption')", name=op.f("ck_decisions_kind_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("questionnaire_id", "kind", name=op.f("uq_decisions_questionnaire_id_kind")),
    )
    op.create_index(op.f("ix_decisions_meeting_id"), "decisions", ["meeting_id"])
    op.create_index(op.f("ix_decisions_questionnaire_id"), "decisions", ["questionnaire_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=80), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(symbol) > 0", name=op.f("ck_revisions_symbol_not_empty")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_revisions_number_positive")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["users.id"], name=op.f("fk_revisions_issued_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["questionnaire_id"], ["questionnaires.id"],
                                name=op.f("fk_revisions_questionnaire_id_questionnaires"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
        sa.UniqueConstraint("questionnaire_id", "number", name=op.f("uq_revisions_questionnaire_id_number")),
        sa.UniqueConstraint("questionnaire_id", "symbol", name=op.f("uq_revisions_questionnaire_id_symbol")),
    )
    op.create_index(op.f("ix_revisions_questionnaire_id"), "revisions", ["questionnaire_id"])
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.String(length=20), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("closes_on >= opens_on", name=op.f("ck_consultations_closes_after_opening")),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], name=op.f("fk_consultations_revision_id_revisions"),
                                ondelete="CASCADE"),
        sa.CheckConstraint("participants IN ('parties', 'signatories')", name=op.f("ck_consultations_participants_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("revision_id", name=op.f("uq_consultations_revision_id")),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("question_key", sa.String(length=120), nullable=True),
        sa.Column("cluster_code", sa.String(length=8), nullable=True),
        sa.Column("field", sa.String(length=20), nullable=True),
        sa.Column("wording", sa.Text(), nullable=True),
        sa.Column("to_cluster", sa.String(length=8), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("question_key IS NOT NULL OR cluster_code IS NOT NULL", name=op.f("ck_proposals_has_target")),
        sa.CheckConstraint("length(justification) <= 2000", name=op.f("ck_proposals_justification_short")),
        sa.CheckConstraint("kind <> 'move' OR to_cluster IS NOT NULL", name=op.f("ck_proposals_move_has_cluster")),
        sa.CheckConstraint("kind <> 'wording' OR (field IS NOT NULL AND wording IS NOT NULL)",
                           name=op.f("ck_proposals_wording_complete")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_proposals_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_proposals_consultation_id_consultations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["state_id"], ["states.id"], name=op.f("fk_proposals_state_id_states")),
        sa.CheckConstraint("kind IN ('comment', 'wording', 'delete', 'add_after', 'move')", name=op.f("ck_proposals_kind_known")),
        sa.CheckConstraint("field IN ('text', 'guidance', 'choices')", name=op.f("ck_proposals_field_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    op.create_index(op.f("ix_proposals_consultation_id"), "proposals", ["consultation_id"])
    op.create_index(op.f("ix_proposals_state_id"), "proposals", ["state_id"])
    op.create_table(
        "supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_supports_proposal_id_proposals"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["state_id"], ["states.id"], name=op.f("fk_supports_state_id_states")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_supports_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supports")),
        sa.UniqueConstraint("proposal_id", "state_id", name=op.f("uq_supports_proposal_id_state_id")),
    )
    op.create_index(op.f("ix_supports_proposal_id"), "supports", ["proposal_id"])
    op.create_table(
        "dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20),
                  nullable=False),
        sa.Column("reply", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.Column("applied_wording", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_dispositions_decided_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], name=op.f("fk_dispositions_proposal_id_proposals"),
                                ondelete="CASCADE"),
        sa.CheckConstraint("outcome IN ('accepted', 'with_changes', 'not_accepted', 'withdrawn')", name=op.f("ck_dispositions_outcome_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_dispositions_proposal_id")),
    )


def downgrade() -> None:
    for table in ("dispositions", "supports", "proposals", "consultations", "revisions", "decisions", "meetings"):
        op.drop_table(table)
    if op.get_bind().exec_driver_sql("SELECT count(*) FROM users WHERE role = 'delegate'").scalar():
        raise RuntimeError("Delegates' accounts exist: remove them (or give them another role) before downgrading.")
    _change_role_checks(_role_checks(OLD_ROLES, OLD_WITH_STATE))
