"""When an account's sessions were last revoked ("sign out everywhere", a password change or reset).

The session version already retires this app's own cookies; a browser signed in through an OIDC provider
(st.login) carries the provider's token instead, and is turned away if that token was issued before this time.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: SQLite adds it in place, no table rebuild.
    op.add_column("learners", sa.Column("sessions_revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("sessions_revoked_at")
