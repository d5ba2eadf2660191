"""Problem reports: what learners flag on lesson and exercise pages, for the instructors' inbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Spelled out, not imported from db.models, so a later model change cannot rewrite history.
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A new table needs no batch mode: CREATE TABLE with its constraints works as is on SQLite and PostgreSQL.
    op.create_table(
        "problem_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("page_kind", sa.String(16), nullable=False),
        sa.Column("page_id", sa.String(200), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), server_default="open", nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("resolved_at", UTC, nullable=True),
        sa.CheckConstraint("page_kind IN ('lesson', 'exercise')", name=op.f("ck_problem_reports_page_kind")),
        sa.CheckConstraint(
            "category IN ('typo', 'wrong_content', 'grader_problem', 'other')", name=op.f("ck_problem_reports_category")
        ),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_problem_reports_status")),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_problem_reports_learner_id_learners"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_reports")),
    )
    op.create_index("ix_problem_reports_status_created", "problem_reports", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_problem_reports_status_created", table_name="problem_reports")
    op.drop_table("problem_reports")
