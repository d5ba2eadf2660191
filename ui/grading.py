"""The process-wide GraderPool, started in the background so no page load waits for TensorFlow."""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import streamlit as st

from grader import GraderPool, Ticket
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
