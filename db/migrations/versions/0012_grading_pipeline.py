"""One grading pipeline: what a submission paid points at it, and a stored row carries what grading it needs.

`xp_awards.submission_id` and `achievement_awards.submission_id` say which submission paid a ledger row or
unlocked an achievement, so a page reads what its own submission earned by id (before, the queue backend
matched awards by timestamp and the local one compared XP totals). `submissions.lang` and `base_xp` let any
process grade a stored row again after a crash (the local backend at start, the queue's sweeper), and
`sent_at` lets one sweeper at a time re-send a row whose message was lost.
`grading_workers.protections_missing` lets staff pages warn while a running grader lacks a sandbox protection.

Batch mode only where SQLite needs a table rebuild for a foreign key (xp_awards, achievement_awards); neither
carries a trigger. `events` is not touched (its trg_events_learner_day would be dropped by a batch rebuild).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

PAID_BY = (("xp_awards", "fk_xp_awards_submission_id_submissions"),
           ("achievement_awards", "fk_achievement_awards_submission_id_submissions"))


def upgrade() -> None:
    op.add_column("submissions", sa.Column("lang", sa.String(8), nullable=True))
    op.add_column("submissions", sa.Column("base_xp", sa.Integer(), nullable=True))
    op.add_column("submissions", sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("grading_workers", sa.Column("protections_missing", sa.Text(), nullable=True))
    for table, fk in PAID_BY:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(fk, "submissions", ["submission_id"], ["id"], ondelete="SET NULL")
        op.create_index(f"ix_{table}_submission_id", table, ["submission_id"])


def downgrade() -> None:
    for table, fk in PAID_BY:
        op.drop_index(f"ix_{table}_submission_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(fk, type_="foreignkey")
            batch.drop_column("submission_id")
    with op.batch_alter_table("grading_workers") as batch:
        batch.drop_column("protections_missing")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("sent_at")
        batch.drop_column("base_xp")
        batch.drop_column("lang")
