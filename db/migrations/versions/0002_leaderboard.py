"""Leaderboard opt-in and display name on learners; an index for summing this week's XP.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch mode: SQLite rebuilds the table; existing learners start off the leaderboard (opt-in, never opt-out).
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("leaderboard_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("leaderboard_name", sa.String(40), nullable=True))
    op.create_index("ix_xp_awards_created_at", "xp_awards", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_xp_awards_created_at", table_name="xp_awards")
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("leaderboard_name")
        batch.drop_column("leaderboard_opt_in")
