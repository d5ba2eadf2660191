"""Comments under lessons, learners' flags on them, and reply notifications for the inbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Spelled out, not imported from db.models, so a later model change cannot rewrite history.
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    # New tables need no batch mode: CREATE TABLE with its constraints works as is on SQLite and PostgreSQL.
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(200), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("edited_at", UTC, nullable=True),
        sa.Column("deleted_at", UTC, nullable=True),
        sa.Column("hidden_at", UTC, nullable=True),
        sa.Column("hidden_by", sa.Integer(), nullable=True),
        sa.Column("notify_replies", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_comments_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["comments.id"], name=op.f("fk_comments_parent_id_comments"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by"], ["learners.id"], name=op.f("fk_comments_hidden_by_learners"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    op.create_index("ix_comments_lesson_created", "comments", ["lesson_id", "created_at", "id"])
    op.create_index("ix_comments_learner_created", "comments", ["learner_id", "created_at"])
    op.create_table(
        "comment_flags",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(500), server_default="", nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_comment_flags_comment_id_comments"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_comment_flags_learner_id_learners"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("comment_id", "learner_id", name=op.f("pk_comment_flags")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("read_at", UTC, nullable=True),
        sa.CheckConstraint("kind IN ('reply')", name=op.f("ck_notifications_kind")),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["learners.id"], name=op.f("fk_notifications_recipient_id_learners"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_notifications_comment_id_comments"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "recipient_id", "comment_id", "kind", name=op.f("uq_notifications_recipient_id_comment_id_kind")
        ),
    )
    op.create_index("ix_notifications_recipient_read", "notifications", ["recipient_id", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_recipient_read", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("comment_flags")
    op.drop_index("ix_comments_learner_created", table_name="comments")
    op.drop_index("ix_comments_lesson_created", table_name="comments")
    op.drop_table("comments")
