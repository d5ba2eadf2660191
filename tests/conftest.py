"""Shared fixtures. Databases: every db test runs on a fresh SQLite file and a fresh PostgreSQL schema."""
from __future__ import annotations

import functools
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from db import make_engine, upgrade

POSTGRES_URL_ENV = "STREAM_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL


@functools.cache
def _postgres_admin() -> Engine:
    return make_engine(
        _postgres_url(), poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


@functools.cache
def _postgres_problem() -> str | None:
    """None if the test server answers, else why not (asked once per run)."""
    try:
        with _postgres_admin().connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # any failure to connect means: skip, and say why
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"no PostgreSQL answers at {make_url(_postgres_url()).render_as_string()} ({first_line}); set {POSTGRES_URL_ENV}"
    return None


def pytest_report_header(config) -> str:
    problem = _postgres_problem()
    return f"postgresql: {problem}, those tests skip" if problem else f"postgresql: {make_url(_postgres_url())}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """URL of an empty database: a new SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'stream.db'}"
        return
    problem = _postgres_problem()
    if problem:
        print(f"\nskipping PostgreSQL: {problem}")
        pytest.skip(problem)
    schema = f"stream_test_{uuid.uuid4().hex[:12]}"
    admin = _postgres_admin()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    # search_path makes the schema this URL's default, so tables and alembic_version land in it.
    url = make_url(_postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql("SET lock_timeout = '10s'")  # a leaked open transaction fails loudly
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def backend(database_url: str) -> str:
    return make_url(database_url).get_backend_name()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine; its pool is wide enough that 50 threads really do hit the database at once."""
    engine = make_engine(database_url, pool_size=10, max_overflow=50)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def run_at_once() -> Callable[..., list[Any]]:
    """run_at_once(n, fn) calls fn(i) from n threads released together; returns results, re-raises errors."""

    def run(n: int, fn: Callable[[int, threading.Barrier], Any]) -> list[Any]:
        barrier = threading.Barrier(n, timeout=30)
        results: list[Any] = [None] * n
        errors: list[BaseException] = []

        def work(i: int) -> None:
            try:
                results[i] = fn(i, barrier)
            except BaseException as error:  # collected and re-raised in the test's thread
                barrier.abort()
                errors.append(error)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        real = [e for e in errors if not isinstance(e, threading.BrokenBarrierError)]
        if real or errors:
            raise (real or errors)[0]
        return results

    return run
