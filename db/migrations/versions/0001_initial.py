"""Learners and the facts recorded about them.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Migrations spell types out instead of importing db.types, so a later model change cannot rewrite history.
UTC = sa.DateTime(timezone=True)
ONLY_LOCAL = sa.text("kind = 'local'")


def _learner_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["learner_id"], ["learners.id"], name=op.f(f"fk_{table}_learner_id_learners"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("daily_goal", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("kind IN ('local', 'account')", name=op.f("ck_learners_kind")),
        sa.CheckConstraint("role IN ('learner', 'instructor', 'admin')", name=op.f("ck_learners_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learners")),
        sa.UniqueConstraint("public_id", name=op.f("uq_learners_public_id")),
        sa.UniqueConstraint("username", name=op.f("uq_learners_username")),
    )
    op.create_index(
        "uq_learners_one_local", "learners", ["kind"], unique=True,
        sqlite_where=ONLY_LOCAL, postgresql_where=ONLY_LOCAL,
    )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=True),
        _learner_fk("events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("learner_id", "dedupe_key", name=op.f("uq_events_learner_id_dedupe_key")),
    )
    op.create_index("ix_events_learner_time", "events", ["learner_id", "occurred_at"])

    op.create_table(
        "lesson_completions",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(200), nullable=False),
        sa.Column("completed_at", UTC, nullable=False),
        _learner_fk("lesson_completions"),
        sa.PrimaryKeyConstraint("learner_id", "lesson_id", name=op.f("pk_lesson_completions")),
    )

    op.create_table(
        "xp_awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("award_key", sa.String(200), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        _learner_fk("xp_awards"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xp_awards")),
        sa.UniqueConstraint("learner_id", "award_key", name=op.f("uq_xp_awards_learner_id_award_key")),
    )

    op.create_table(
        "achievement_awards",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.String(100), nullable=False),
        sa.Column("awarded_at", UTC, nullable=False),
        _learner_fk("achievement_awards"),
        sa.PrimaryKeyConstraint("learner_id", "achievement_id", name=op.f("pk_achievement_awards")),
    )

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("gradable", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("finished_at", UTC, nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done')", name=op.f("ck_submissions_state")),
        sa.CheckConstraint(
            "status IS NULL OR status IN ('pass', 'fail', 'error', 'timeout', 'memory')",
            name=op.f("ck_submissions_status"),
        ),
        _learner_fk("submissions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    op.create_index(
        "ix_submissions_learner_exercise", "submissions", ["learner_id", "exercise_id", "created_at"]
    )

    op.create_table(
        "drafts",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        _learner_fk("drafts"),
        sa.PrimaryKeyConstraint("learner_id", "exercise_id", name=op.f("pk_drafts")),
    )

    op.create_table(
        "hint_reveals",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("hint_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revealed_at", UTC, nullable=False),
        _learner_fk("hint_reveals"),
        sa.PrimaryKeyConstraint("learner_id", "exercise_id", "hint_index", name=op.f("pk_hint_reveals")),
    )

    op.create_table(
        "solution_reveals",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("revealed_at", UTC, nullable=False),
        _learner_fk("solution_reveals"),
        sa.PrimaryKeyConstraint("learner_id", "exercise_id", name=op.f("pk_solution_reveals")),
    )


def downgrade() -> None:
    for table in (
        "solution_reveals", "hint_reveals", "drafts", "submissions", "achievement_awards",
        "xp_awards", "lesson_completions", "events",
    ):
        op.drop_table(table)
    op.drop_index("uq_learners_one_local", table_name="learners")
    op.drop_table("learners")
