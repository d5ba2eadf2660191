"""`python -m grader worker`: grade queued submissions from the broker with the same warm pool as the app.

One process per machine: one GraderPool (one warm zygote) and a Dramatiq worker whose threads each carry one
job at a time through it. The grade goes to the database the app reads (finish_submission: stored once, XP paid
once), so any app replica shows it. SIGTERM/SIGINT stop it gracefully: running jobs finish, prefetched ones go
back to the queue.
"""
from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
from pathlib import Path

from sqlalchemy import Engine

import db
from grader.pool import GraderPool
from services import exercises as exercise_service
from services import grading_queue as gq

log = logging.getLogger("grader.worker")
HEARTBEAT_S = 5.0  # the grading_workers row is refreshed this often; alive means seen in gq.WORKER_ALIVE_S
RESEND_EVERY_S = 30.0  # how often a worker sends the messages of submissions whose enqueue had failed
JOB_WAIT_S = 300.0  # bounds one grade; the pool enforces each exercise's own limit well before this
ACTOR_TIME_LIMIT_MS = 600_000
RETRY_MAX_BACKOFF_MS = 60_000  # a message whose run failed is tried again at most this long after


def _always_retry(retries: int, exception: Exception) -> bool:
    """Dramatiq's retry_when: always; claim() stops a job after gq.MAX_ATTEMPTS runs that reached the database."""
    return True


class GradingWorker:
    """One worker process: the pool, the Dramatiq worker and the heartbeat thread."""

    def __init__(self, broker_url: str, database_url: str, exercises_dir: Path, threads: int,
                 queue_name: str = gq.QUEUE_NAME) -> None:
        self.id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.threads = max(1, threads)
        self.queue_name = queue_name
        self.engine: Engine = db.make_engine(database_url)
        self.broker = gq.make_broker(broker_url, worker=True)
        self.pool = GraderPool(Path(exercises_dir), workers=self.threads)
        self.jobs_done = 0
        self._count_lock = threading.Lock()
        self._stop = threading.Event()

    # ---- the job -----------------------------------------------------------------------------------------
    def grade_submission(self, submission_id: int, lang: str = "ko", base_xp: int = 0) -> None:
        with db.session_scope(self.engine) as session:
            claim = gq.claim(session, submission_id, self.id)
        if claim is None:
            log.info("submission %s is already graded; nothing to do", submission_id)
            return
        if claim.attempts > gq.MAX_ATTEMPTS:
            log.warning("submission %s was tried %d times; storing a grader failure", submission_id, gq.MAX_ATTEMPTS)
            result = gq.grader_failure(claim.exercise_id, lang, gq.MAX_ATTEMPTS)
        else:
            try:
                result = self.pool.submit(claim.exercise_id, claim.code, lang, mode="grade").result(JOB_WAIT_S).to_dict()
            except Exception as exc:  # noted on the row; Dramatiq's Retries middleware sends it again
                with db.session_scope(self.engine) as session:
                    gq.record_error(session, submission_id, f"{type(exc).__name__}: {exc}")
                raise
        with db.session_scope(self.engine) as session:
            exercise_service.finish_submission(session, submission_id, result, base_xp)
        with self._count_lock:
            self.jobs_done += 1

    # ---- lifecycle ---------------------------------------------------------------------------------------
    def run(self) -> int:
        import dramatiq

        self.pool.start()  # TensorFlow warms up before the first message is taken
        # The database's claim() is the only attempt budget (MAX_ATTEMPTS, then a grader failure is stored), so
        # Dramatiq retries every failure: one that happens before the claim counts (the database is down) would
        # otherwise exhaust Dramatiq's own budget in seconds and dead-letter the message, leaving the row queued.
        dramatiq.actor(self.grade_submission, broker=self.broker, actor_name=gq.ACTOR_NAME,
                       queue_name=self.queue_name, retry_when=_always_retry, min_backoff=1000,
                       max_backoff=RETRY_MAX_BACKOFF_MS, time_limit=ACTOR_TIME_LIMIT_MS)
        worker = dramatiq.Worker(self.broker, queues={self.queue_name}, worker_threads=self.threads)
        # Take a message only when a thread is free: a prefetched job would wait here while another worker idles.
        worker.queue_prefetch = self.threads
        self._beat()
        worker.start()
        heart = threading.Thread(target=self._heartbeat, name="grader-worker-heartbeat", daemon=True)
        heart.start()
        print(f"grader worker {self.id}: {self.threads} thread(s) on queue {self.queue_name!r}, "
              f"TensorFlow {self.pool.tensorflow_version}", flush=True)
        try:
            self._stop.wait()
        finally:
            log.info("stopping: running jobs finish, queued ones go back to the broker")
            worker.stop()
            self.broker.close()
            self.pool.close()
            with db.session_scope(self.engine) as session:
                gq.retire(session, self.id)
            self.engine.dispose()
        return 0

    def stop(self, *_signal) -> None:
        self._stop.set()

    def _beat(self) -> None:
        with db.session_scope(self.engine) as session:
            gq.beat(session, self.id, self.threads, self.jobs_done)

    def _heartbeat(self) -> None:
        since_resend = RESEND_EVERY_S  # resend once right away: a worker starting up picks up what was stranded
        while not self._stop.wait(HEARTBEAT_S):
            try:
                self._beat()
                since_resend += HEARTBEAT_S
                if since_resend >= RESEND_EVERY_S:
                    since_resend = 0.0
                    if sent := gq.resend_unsent(self.engine, self.broker, self.queue_name):
                        log.warning("sent %d submission(s) whose enqueue had failed", sent)
            except Exception:  # a database hiccup must not kill the worker; the next beat tries again
                log.exception("heartbeat failed")


def run_worker(broker_url: str, database_url: str, exercises_dir: Path, threads: int, queue_name: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        worker = GradingWorker(broker_url, database_url, exercises_dir, threads, queue_name)
    except gq.BrokerUrlInvalid as exc:
        print(f"python -m grader worker: {exc}", flush=True)
        return 2
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    return worker.run()
