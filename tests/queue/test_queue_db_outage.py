"""The database goes away while a submission waits for its worker, longer than a handful of quick retries; when it
comes back the submission is graded, not left queued forever with its message dead-lettered."""
from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from sqlalchemy.engine import make_url

from services import grading_queue as gq
from tests.queue.conftest import FIXTURES, REPO, TOY_XP, WorkerProcess, new_learner, wait_done

OUTAGE_S = 20  # Dramatiq's default retry budget (3 retries, 1 s doubling backoff) is spent in about 13 s
SOLUTION = (FIXTURES / "toy-grad" / "solution.py").read_text()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    """tests/queue/tcp_proxy.py as a subprocess: stop() is the outage, start() the recovery."""

    def __init__(self, target_port: int) -> None:
        self.port, self.target, self.proc = _free_port(), target_port, None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.queue.tcp_proxy", str(self.port), str(self.target)],
                                     cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "listening"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def proxy(module_database_url):
    through = Proxy(make_url(module_database_url).port or 5432)
    through.start()
    yield through
    through.stop()


def test_a_submission_waiting_through_a_database_outage_is_graded_once_it_is_back(
        proxy, module_database_url, queue_engine, redis_url, broker, queue_name, tmp_path):
    proxied = make_url(module_database_url).set(port=proxy.port).render_as_string(hide_password=False)
    worker = WorkerProcess(redis_url, proxied, queue_name, tmp_path / "worker.log").wait_ready(queue_engine)
    try:
        proxy.stop()  # the worker's database is gone; the app's (queue_engine) is not
        learner = new_learner(queue_engine)
        submission_id = gq.enqueue(queue_engine, broker, learner, "toy-grad", SOLUTION, "en", TOY_XP, queue_name)
        time.sleep(OUTAGE_S)
        assert worker.proc.poll() is None, worker.log.read_text()[-3000:]
        proxy.start()
        done = wait_done(queue_engine, submission_id, timeout=150)  # the retry backoff is at most 60 s
        assert (done.status, done.gradable, done.attempts) == ("pass", True, 1)
        assert "Retries exceeded" not in worker.log.read_text()
    finally:
        worker.stop()
