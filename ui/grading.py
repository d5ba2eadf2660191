"""How the app grades: the process-wide GraderPool (started in the background so no page load waits for
TensorFlow), or, with grading_backend "queue", submissions sent to `python -m grader worker` and read back from the
database through a handle that looks like the pool's Ticket."""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import streamlit as st

import db
from grader import GradeResult, GraderPool, Ticket
from services import grading_queue
from services.grading_queue import SubmissionState
from settings import get_settings

log = logging.getLogger(__name__)
RETIRE_WAIT_S = 120.0  # a replaced pool gets this long to finish what it had queued before it closes


class PoolHandle:
    """One GraderPool plus whether its zygote is up yet, and why not if it failed."""

    def __init__(self, pool: GraderPool) -> None:
        self.pool = pool
        self.ready = threading.Event()
        self.error: str | None = None
        self._lock = threading.Lock()
        self._starting = False

    def start_in_background(self) -> None:
        """Start (or retry) the zygote on a thread; jobs submitted meanwhile wait in the pool's queue."""
        with self._lock:
            if self._starting or self.ready.is_set():
                return
            self._starting, self.error = True, None
        threading.Thread(target=self._start, name="grader-warmup", daemon=True).start()

    def _start(self) -> None:
        try:
            self.pool.start()
            self.ready.set()
        except Exception as exc:  # shown on the page; the next submit retries
            log.exception("the grader could not start")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            with self._lock:
                self._starting = False

    def submit(self, exercise_id: str, code: str, lang: str, mode: str) -> Ticket:
        if self.error:
            self.start_in_background()
        return self.pool.submit(exercise_id, code, lang, mode=mode)

    def close(self) -> None:
        self.pool.close()

    def retire(self) -> None:
        """Close once the queue has drained (bounded), so jobs already submitted still get their verdict."""
        def close_when_idle() -> None:
            deadline = time.monotonic() + RETIRE_WAIT_S
            while self.pool.queue_length() and time.monotonic() < deadline:
                time.sleep(1.0)
            time.sleep(min(30.0, max(0.0, deadline - time.monotonic())))  # the last ones may still be running
            self.close()

        threading.Thread(target=close_when_idle, name="grader-retire", daemon=True).start()


# Keyed by the GraderPool class too: when Streamlit reloads the app's modules after a source edit, a pool
# built from the old grader modules would catch the old Incorrect while checks.py raises the new one.
# max_entries=1 hands that old pool to on_release, which lets it finish and then stops its zygote.
@st.cache_resource(show_spinner=False, max_entries=1, on_release=PoolHandle.retire)
def _pool(exercises_dir: str, workers: int, generation: int) -> PoolHandle:
    handle = PoolHandle(GraderPool(Path(exercises_dir), workers=workers))
    handle.start_in_background()
    return handle


def get_pool() -> PoolHandle:
    """The pool for this process; the first call starts TensorFlow in a subprocess and returns at once."""
    settings = get_settings()
    return _pool(str(settings.exercises_dir), settings.grader_workers, id(GraderPool))


# ---- queue backend (settings.grading_backend == "queue") -------------------------------------------------
QUEUE_POLL_S = 0.25  # a handle reads its submission row at most this often


def backend() -> str:
    """"local" (the in-process warm pool above) or "queue" (workers fed through the broker)."""
    return "queue" if get_settings().grading_backend == "queue" else "local"


class QueuedTicket:
    """A Ticket's face (state, position, done, result) on a queued submission, read from the database, so the
    page polls it exactly like a local ticket and any app replica sees the same verdict."""

    def __init__(self, engine, submission_id: int) -> None:
        self.engine = engine
        self.id = submission_id
        self._state = SubmissionState("queued", 0, None)
        self._read_at = 0.0

    def _refresh(self) -> SubmissionState:
        if self._state.state != "done" and time.monotonic() - self._read_at >= QUEUE_POLL_S:
            with db.session_scope(self.engine) as session:
                self._state = grading_queue.submission_state(session, self.id)
            self._read_at = time.monotonic()
        return self._state

    @property
    def state(self) -> str:
        return self._refresh().state

    @property
    def position(self) -> int:
        return self._refresh().position

    @property
    def done(self) -> bool:
        return self._refresh().state == "done"

    def result(self, timeout: float | None = None) -> GradeResult:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done:
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError("grading is still in progress")
            time.sleep(QUEUE_POLL_S)
        return GradeResult.from_dict(self._state.result)


@st.cache_resource(show_spinner=False)
def _broker(url: str):
    return grading_queue.make_broker(url)


def enqueue_grade(engine, learner_id: int, exercise_id: str, code: str, lang: str, base_xp: int) -> QueuedTicket:
    """Store the submission, then send it to the workers; raises BrokerUnavailable after storing it (a worker
    sends it later), so the caller can say so and still follow the stored row."""
    settings = get_settings()
    submission_id = grading_queue.enqueue(engine, _broker(settings.broker_url), learner_id, exercise_id, code,
                                          lang, base_xp, settings.grading_queue)
    return QueuedTicket(engine, submission_id)


def workers_alive(engine) -> int:
    with db.session_scope(engine) as session:
        return grading_queue.queue_stats(session).workers_alive
