"""Migrations: build an empty database, match the models exactly, and run from the command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, inspect, select

from db import Base, Learner, make_engine, session_scope, upgrade
from db.migrate import current_revision, head_revision

REPO = Path(__file__).resolve().parents[2]
MODEL_TABLES = set(Base.metadata.tables)


def _diff(engine, metadata):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_upgrade_builds_every_table_on_an_empty_database(database_url):
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert MODEL_TABLES <= set(inspect(engine).get_table_names())
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_upgrading_again_changes_nothing_and_keeps_data(engine):
    with session_scope(engine) as session:
        session.add(Learner(kind="account", username="hana", display_name="Hana"))
    upgrade(engine)
    with session_scope(engine) as session:
        assert session.scalars(select(Learner.username)).all() == ["hana"]


def test_models_match_the_migrations(engine):
    assert _diff(engine, Base.metadata) == []


def test_the_model_comparison_does_notice_a_difference(engine):
    # Guards the test above: a comparison that reports nothing for a real change would prove nothing.
    drifted = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(drifted)
    Table("learners", drifted, Column("shoe_size", Integer), extend_existing=True)
    diff = _diff(engine, drifted)
    assert [(op[0], op[2], op[3].name) for op in diff] == [("add_column", "learners", "shoe_size")]


def test_downgrade_to_base_removes_the_tables(engine):
    from alembic import command

    from db.migrate import alembic_config

    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert not MODEL_TABLES & set(inspect(engine).get_table_names())


def test_python_m_db_upgrade_migrates_the_configured_database(database_url, tmp_path):
    # Run from an unrelated folder: the command must not depend on the working directory.
    env = {**os.environ, "STREAM_DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "db", "upgrade"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert f"-> {head_revision()}" in done.stdout
    engine = make_engine(database_url)
    try:
        assert MODEL_TABLES <= set(inspect(engine).get_table_names())
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
