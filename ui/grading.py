"""The process-wide GraderPool, started in the background so no page load waits for TensorFlow."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import streamlit as st

from grader import GraderPool, Ticket
from settings import get_settings

log = logging.getLogger(__name__)


class PoolHandle:
    """One GraderPool plus whether its zygote is up yet, and why not if it failed."""

    def __init__(self, pool: GraderPool) -> None:
        self.pool = pool
        self.ready = threading.Event()
        self.error: str | None = None
        self._lock = threading.Lock()
        self._starting = False
        self._closed = threading.Event()

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
        except Exception as exc:  # shown on the page; the next submit retries
            log.exception("the grader could not start")
            self.error = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self._starting = False
            return
        self.ready.set()
        # Stay alive: the zygote is started with PR_SET_PDEATHSIG, which fires when the *thread* that
        # forked it ends, so a short-lived thread (or a script run) would take the zygote down with it.
        self._closed.wait()

    def submit(self, exercise_id: str, code: str, lang: str, mode: str) -> Ticket:
        if self.error:
            self.start_in_background()
        return self.pool.submit(exercise_id, code, lang, mode=mode)

    def close(self) -> None:
        self._closed.set()
        self.pool.close()


# on_release: clearing the cache (tests do) must not leave a TensorFlow zygote running per clear.
@st.cache_resource(show_spinner=False, on_release=PoolHandle.close)
def _pool(exercises_dir: str, workers: int) -> PoolHandle:
    handle = PoolHandle(GraderPool(Path(exercises_dir), workers=workers))
    handle.start_in_background()
    return handle


def get_pool() -> PoolHandle:
    """The pool for this process; the first call starts TensorFlow in a subprocess and returns at once."""
    settings = get_settings()
    return _pool(str(settings.exercises_dir), settings.grader_workers)
