"""The engine factory and session scope: SQLite tuning, foreign keys, UTC timestamps, rollback."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from db import Event, Learner, make_engine, session_scope

REPO = Path(__file__).resolve().parents[2]
KST = timezone(timedelta(hours=9))


def test_sqlite_file_gets_wal_busy_timeout_foreign_keys_and_its_folder(tmp_path):
    path = tmp_path / "nested" / "deeper" / "stream.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("busy_timeout") >= 5000
            assert pragma("foreign_keys") == 1
        assert path.is_file()
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(Event(learner_id=987654, kind="lesson_completed"))


def test_timestamps_come_back_as_the_same_instant_in_utc(engine):
    seoul_morning = datetime(2026, 3, 1, 9, 30, tzinfo=KST)
    with session_scope(engine) as session:
        session.add(Learner(kind="account", username="mina", display_name="Mina", created_at=seoul_morning))
    with session_scope(engine) as session:
        created = session.scalars(select(Learner.created_at)).one()
    assert created == seoul_morning
    assert created.utcoffset() == timedelta(0)
    assert created.hour == 0


def test_naive_timestamps_are_refused(engine):
    with pytest.raises(StatementError, match="naive datetime"):
        with session_scope(engine) as session:
            session.add(Learner(kind="local", display_name="x", created_at=datetime(2026, 1, 1)))
            session.flush()


def test_session_scope_commits_on_success_and_rolls_back_on_error(engine):
    with session_scope(engine) as session:
        session.add(Learner(kind="account", username="kept", display_name="Kept"))
    with pytest.raises(RuntimeError):
        with session_scope(engine) as session:
            session.add(Learner(kind="account", username="lost", display_name="Lost"))
            session.flush()
            raise RuntimeError("page crashed")
    with session_scope(engine) as session:
        assert set(session.scalars(select(Learner.username))) == {"kept"}


def test_objects_stay_readable_after_the_scope_ends(engine):
    with session_scope(engine) as session:
        learner = Learner(kind="account", username="yuna", display_name="Yuna")
        session.add(learner)
    assert learner.display_name == "Yuna" and learner.role == "learner"


def test_importing_the_packages_opens_no_database(tmp_path):
    db_file = tmp_path / "untouched" / "stream.db"
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{db_file}", "PYTHONPATH": str(REPO)}
    code = "import db, db.queries, db.facts, services.progress, services.exercises"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True, timeout=60)
    assert not db_file.parent.exists()


def test_get_engine_builds_and_migrates_the_configured_database_once(tmp_path):
    db_file = tmp_path / "app" / "stream.db"
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{db_file}", "PYTHONPATH": str(REPO)}
    code = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from sqlalchemy import inspect\n"
        "from db import get_engine\n"
        "with ThreadPoolExecutor(8) as pool:\n"
        "    engines = set(pool.map(lambda _: get_engine(), range(8)))\n"
        "assert len(engines) == 1, engines\n"
        "print(sorted(inspect(engines.pop()).get_table_names()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "'learners'" in done.stdout and "'xp_awards'" in done.stdout
    assert db_file.is_file()
