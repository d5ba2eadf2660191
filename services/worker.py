"""The queue worker (`python -m services worker`, alias `python -m grader worker`): broker + database + grader.

It glues the three, so it lives above them: `grader/` stays a library that takes code and returns a GradeResult.
One process per machine: one GraderPool (one warm zygote) and a Dramatiq worker whose threads each carry one
job at a time through it, with services.grading_backends.grade_stored (the same claim-grade-store-pay step as the local
backend). The grade goes to the database the app reads, so any app replica shows it. Its heartbeat also runs
the sweeper, which re-sends rows that no live worker holds after the grace period. SIGTERM/SIGINT stop it
gracefully: running jobs finish, prefetched ones go back to the queue.
"""
from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

from sqlalchemy import Engine

import db
from grader.pool import GraderPool
from services import grading_queue as gq
from services.grading_backends import grade_stored, new_worker_id

log = logging.getLogger("services.worker")
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
                 queue_name: str = gq.QUEUE_NAME, grace_s: float = 60.0) -> None:
        self.id = new_worker_id()
        self.grace_s = grace_s
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
        """The actor: lang and base_xp come from the row (older rows: from the message)."""
        if grade_stored(self.engine, self._grade, submission_id, self.id, lang=lang, base_xp=base_xp):
            with self._count_lock:
                self.jobs_done += 1
        else:
            log.info("submission %s is graded or held by a live worker; nothing to do", submission_id)

    def _grade(self, exercise_id: str, code: str, lang: str):
        # The app screened the code before storing it (services/grading), so it is not screened again.
        return self.pool.submit(exercise_id, code, lang, mode="grade", screened=True).result(JOB_WAIT_S)

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
        heart = threading.Thread(target=self._heartbeat, name="queue-worker-heartbeat", daemon=True)
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
            gq.beat(session, self.id, self.threads, self.jobs_done,
                    protections_missing=self.pool.protections_missing())

    def _heartbeat(self) -> None:
        since_resend = RESEND_EVERY_S  # resend once right away: a worker starting up picks up what was stranded
        while not self._stop.wait(HEARTBEAT_S):
            try:
                self._beat()
                if swept := gq.sweep(self.engine, self.broker, self.grace_s, self.queue_name):
                    log.warning("re-sent %d submission(s) no live worker held for %.0f s", swept, self.grace_s)
                since_resend += HEARTBEAT_S
                if since_resend >= RESEND_EVERY_S:
                    since_resend = 0.0
                    if sent := gq.resend_unsent(self.engine, self.broker, self.queue_name):
                        log.warning("sent %d submission(s) whose enqueue had failed", sent)
            except Exception:  # a database hiccup must not kill the worker; the next beat tries again
                log.exception("heartbeat failed")


def run_worker(broker_url: str, database_url: str, exercises_dir: Path, threads: int, queue_name: str,
               grace_s: float = 60.0) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        worker = GradingWorker(broker_url, database_url, exercises_dir, threads, queue_name, grace_s)
    except gq.BrokerUrlInvalid as exc:
        print(f"python -m services worker: {exc}", flush=True)
        return 2
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    return worker.run()
