"""Merged profiles: a local or guest profile records the account it was last merged into.

Merging copies the profile's facts to the account and keeps the profile's own (the machine stays usable
signed out), so instructor analytics needs `learners.merged_into` to count the two as one person. Merges
made before this revision left no trace and stay counted as two learners. Leaving merged profiles out of the
exercise_progress medians needs learner_id in those indexes (covering), so they are rebuilt with it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FK_NAME = "fk_learners_merged_into_learners"
PROGRESS_INDEXES = (("ix_exercise_progress_attempts", "attempts_to_pass"),
                    ("ix_exercise_progress_seconds", "seconds_to_pass"))


def upgrade() -> None:
    # Batch mode: SQLite adds a foreign key only by rebuilding learners (db.migrate turns foreign keys off around
    # migrations, so dropping the old table cascades nothing); PostgreSQL alters it in place.
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch.create_foreign_key(FK_NAME, "learners", ["merged_into"], ["id"], ondelete="SET NULL")
    op.create_index("ix_learners_merged_into", "learners", ["merged_into"])
    for name, value in PROGRESS_INDEXES:
        op.drop_index(name, table_name="exercise_progress")
        op.create_index(name, "exercise_progress", ["exercise_id", value, "first_attempt_at", "learner_id"])


def downgrade() -> None:
    for name, value in PROGRESS_INDEXES:
        op.drop_index(name, table_name="exercise_progress")
        op.create_index(name, "exercise_progress", ["exercise_id", value, "first_attempt_at"])
    op.drop_index("ix_learners_merged_into", table_name="learners")
    with op.batch_alter_table("learners") as batch:
        batch.drop_constraint(FK_NAME, type_="foreignkey")
        batch.drop_column("merged_into")
