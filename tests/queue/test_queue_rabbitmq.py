"""RabbitMQ keeps queued gradings through a broker restart: the submissions are written, their messages wait in a
durable queue with no worker running, RabbitMQ restarts, and a worker started afterwards grades every one, paying
XP once each."""
from __future__ import annotations

import os
import subprocess
import time
import uuid

import pytest

from db.queries import xp_total
from services import grading_queue as gq
from tests.queue.conftest import FIXTURES, TOY_XP, WorkerProcess, new_learner, wait_done

AMQP_URL = os.environ.get("STREAM_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SOLUTION = (FIXTURES / "toy-grad" / "solution.py").read_text()
RESTART_TIMEOUT_S = 90


def _amqp_problem() -> str | None:
    import pika

    try:
        pika.BlockingConnection(pika.URLParameters(AMQP_URL + "?socket_timeout=3&connection_attempts=1")).close()
    except Exception as exc:
        return f"no RabbitMQ answers at {AMQP_URL} ({type(exc).__name__}: {exc}); start rabbitmq-server or set STREAM_TEST_AMQP_URL"
    return None


def _wait_amqp() -> None:
    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while (problem := _amqp_problem()) and time.monotonic() < deadline:
        time.sleep(1)
    assert problem is None, problem


def _delete_queues(queue_name: str) -> None:
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    for name in (queue_name, f"{queue_name}.DQ", f"{queue_name}.XQ"):
        channel.queue_delete(name)
    connection.close()


@pytest.fixture(scope="module")
def amqp_url() -> str:
    problem = _amqp_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    return AMQP_URL


def test_queued_gradings_survive_a_rabbitmq_restart(amqp_url, module_database_url, queue_engine, tmp_path):
    queue_name = f"grading-rmq-{uuid.uuid4().hex[:10]}"
    broker = gq.make_broker(amqp_url)
    learners = [new_learner(queue_engine) for _ in range(3)]
    try:
        ids = [gq.enqueue(queue_engine, broker, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name)
               for learner in learners]
        broker.close()

        # Restart the broker itself (not just our connection) while the three messages wait with no consumer.
        for step in ("stop_app", "start_app"):
            done = subprocess.run(["rabbitmqctl", step], capture_output=True, text=True, timeout=RESTART_TIMEOUT_S)
            assert done.returncode == 0, f"rabbitmqctl {step}: {done.stderr[-1000:]}"
        _wait_amqp()

        worker = WorkerProcess(amqp_url, module_database_url, queue_name, tmp_path / "worker.log")
        try:
            worker.wait_ready(queue_engine)
            graded = [wait_done(queue_engine, i) for i in ids]
        finally:
            worker.stop()
        assert [row.status for row in graded] == ["pass"] * 3
        assert [row.attempts for row in graded] == [1] * 3  # delivered once each after the restart
        import db

        with db.session_scope(queue_engine) as session:
            assert [xp_total(session, learner) >= TOY_XP for learner in learners] == [True] * 3
    finally:
        _delete_queues(queue_name)
