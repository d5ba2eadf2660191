"""Guest profiles: on a shared server each browser that has not signed in gets a local profile of its own.

`learners.guest` marks them; the "one machine-wide local profile" index now ignores guests.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_WHERE = "kind = 'local'"
NEW_WHERE = "kind = 'local' AND NOT guest"


def _one_local(where: str) -> None:
    op.create_index("uq_learners_one_local", "learners", ["kind"], unique=True,
                    sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def upgrade() -> None:
    # ADD COLUMN with a constant default: SQLite does it in place, no table rebuild.
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("guest", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.drop_index("uq_learners_one_local", table_name="learners")
    _one_local(NEW_WHERE)


def downgrade() -> None:
    # Guests cannot survive the old index (one local profile per database): they go, with their history.
    op.execute("DELETE FROM learners WHERE guest")
    op.drop_index("uq_learners_one_local", table_name="learners")
    _one_local(OLD_WHERE)
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("guest")
