"""Engine factory, the app's one engine, and the session scope pages and services use."""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str | URL, **engine_kwargs: Any) -> Engine:
    """Build an engine for a SQLite file or PostgreSQL (psycopg 3); extra kwargs go to create_engine."""
    url = make_url(url)
    if url.drivername in ("postgresql", "postgres"):
        # psycopg 3 is what we install; a bare postgresql:// would ask for psycopg2.
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        _make_parent_dir(url)
        engine = create_engine(url, **engine_kwargs)
        _tune_sqlite(engine)
        return engine
    engine_kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **engine_kwargs)


def _make_parent_dir(url: URL) -> None:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the one writer
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # writers queue instead of failing
        cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough under WAL, much faster
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A deferred transaction that reads and then writes fails at once with "database is locked"
        # when another writer got in between; busy_timeout does not help there. Taking the write lock
        # up front makes concurrent writers wait their turn instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit if the block succeeds, roll back if it raises."""
    # expire_on_commit=False: objects handed to a page stay readable after the commit.
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


_app_engine_lock = threading.Lock()


def get_engine() -> Engine:
    """The app's engine, built from settings and migrated to head once per process."""
    # Streamlit serves sessions from threads; two first page loads must not build two engines.
    with _app_engine_lock:
        return _build_app_engine()


@functools.cache
def _build_app_engine() -> Engine:
    from db.migrate import upgrade
    from settings import get_settings

    engine = make_engine(get_settings().database_url)
    upgrade(engine)
    return engine
