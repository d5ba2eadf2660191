"""Grading queue: attempts, start time, worker and last error on submissions, and worker heartbeats.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Batch mode so SQLite can add the columns too; old submissions start with 0 attempts.
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("started_at", UTC, nullable=True))
        batch.add_column(sa.Column("worker", sa.String(200), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
    op.create_index("ix_submissions_state_id", "submissions", ["state", "id"])
    op.create_table(
        "grading_workers",
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("threads", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("last_seen", UTC, nullable=False),
        sa.Column("jobs_done", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grading_workers")),
    )
    op.create_index(op.f("ix_grading_workers_last_seen"), "grading_workers", ["last_seen"])


def downgrade() -> None:
    op.drop_index(op.f("ix_grading_workers_last_seen"), table_name="grading_workers")
    op.drop_table("grading_workers")
    op.drop_index("ix_submissions_state_id", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("last_error")
        batch.drop_column("worker")
        batch.drop_column("started_at")
        batch.drop_column("attempts")
