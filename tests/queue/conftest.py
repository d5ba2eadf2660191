"""Real queue workers (`python -m grader worker` subprocesses, which exec `python -m services worker`) against the local Redis and a fresh database.

Each module gets its own queue name and database (a PostgreSQL schema or a SQLite file), and starts its workers
once: TensorFlow warms up in each worker, so the tests of a module share them. A missing Redis or PostgreSQL
fails the tests with a message saying what to start; it never skips them.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

import db
from db.models import GradingWorker, Learner, Submission
from services import grading_queue as gq
from tests.conftest import _postgres_admin, _postgres_problem, _postgres_url

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "grader" / "fixtures" / "exercises"
REDIS_URL = os.environ.get("STREAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKER_READY_S = 120  # TensorFlow's first import on a loaded 2-core machine
TOY_XP = 10  # toy-grad's xp


def redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        return f"no Redis answers at {REDIS_URL} ({exc}); start redis-server or set STREAM_TEST_REDIS_URL"
    return None


@pytest.fixture(scope="module")
def redis_url() -> str:
    problem = redis_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    return REDIS_URL


@pytest.fixture(scope="module")
def queue_name() -> str:
    return f"grading-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def broker(redis_url: str, queue_name: str):
    broker = gq.make_broker(redis_url)
    yield broker
    broker.flush(queue_name)  # leave no test messages behind in the shared Redis
    broker.close()


def _postgres_schema_url() -> Iterator[str]:
    problem = _postgres_problem()
    if problem:
        pytest.fail(problem + " (the queue tests need the PostgreSQL that CI runs)", pytrace=False)
    schema = f"stream_queue_{uuid.uuid4().hex[:12]}"
    with _postgres_admin().connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(_postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with _postgres_admin().connect() as connection:
        connection.exec_driver_sql("SET lock_timeout = '10s'")
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def module_database_url(request, tmp_path_factory) -> Iterator[str]:
    """PostgreSQL unless the module parametrizes `module_database_url` indirectly with "sqlite"."""
    kind = getattr(request, "param", "postgresql")
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('queue') / 'stream.db'}"
        return
    yield from _postgres_schema_url()


@pytest.fixture(scope="module")
def queue_engine(module_database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(module_database_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


class WorkerProcess:
    """One `python -m grader worker` subprocess, known by its pid."""

    def __init__(self, broker_url: str, database_url: str, queue_name: str, log: Path, threads: int = 1,
                 exercises: Path = FIXTURES, grace_s: float | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "STREAM_TEST_CANARY": "secret-value-that-must-not-reach-learners"}
        if grace_s is not None:  # how long the worker's sweeper waits before re-sending a row nobody holds
            env["STREAM_GRADING_GRACE_S"] = str(grace_s)
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader", "worker", "--broker", broker_url, "--database", database_url,
             "--queue", queue_name, "--threads", str(threads), "--exercises", str(exercises)],
            cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )
        self.id: str | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, engine: Engine) -> "WorkerProcess":
        """Until its heartbeat row is written (after TensorFlow warmed up) and it says it consumes."""
        deadline = time.monotonic() + WORKER_READY_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            with db.session_scope(engine) as session:
                self.id = session.scalar(select(GradingWorker.id).where(GradingWorker.pid == self.pid))
            if self.id and "grader worker" in self.log.read_text():
                return self
            time.sleep(0.3)
        raise AssertionError(f"worker not ready after {WORKER_READY_S} s:\n{self.log.read_text()[-3000:]}")

    def kill9(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode


@pytest.fixture(scope="module")
def start_worker(redis_url, module_database_url, queue_name, queue_engine, tmp_path_factory):
    """start_worker(threads=1, exercises=FIXTURES, grace_s=None) -> a ready WorkerProcess; all are stopped when the
    module ends."""
    started: list[WorkerProcess] = []
    logs = tmp_path_factory.mktemp("worker-logs")

    def start(threads: int = 1, exercises: Path = FIXTURES, grace_s: float | None = None) -> WorkerProcess:
        worker = WorkerProcess(redis_url, module_database_url, queue_name, logs / f"w{len(started)}.log", threads,
                               exercises, grace_s)
        started.append(worker)
        return worker.wait_ready(queue_engine)

    yield start
    for worker in started:
        worker.stop()


def new_learner(engine: Engine) -> int:
    with db.session_scope(engine) as session:
        learner = Learner(kind="account", username=f"q{uuid.uuid4().hex[:12]}", display_name="Queue tester")
        session.add(learner)
        session.flush()
        return learner.id


def wait_done(engine: Engine, submission_id: int, timeout: float = 90) -> Submission:
    """The submission once its state is done, read through `engine` (a session of its own)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.session_scope(engine) as session:
            row = session.get(Submission, submission_id)
            if row is not None and row.state == "done":
                session.expunge(row)
                return row
        time.sleep(0.2)
    raise AssertionError(f"submission {submission_id} was not graded within {timeout} s")


@pytest.fixture(scope="module")
def worker(start_worker) -> WorkerProcess:
    """One worker with one thread for the whole module (jobs run one at a time, in queue order)."""
    return start_worker()
