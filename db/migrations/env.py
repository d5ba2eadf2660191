"""Alembic environment: always handed a live connection by db.migrate, never reads alembic.ini."""
from __future__ import annotations

from alembic import context

from db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through db.migrate.upgrade(engine) or `python -m db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
