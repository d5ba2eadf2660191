"""How often a learner may press Run (a lesson block or an exercise, ungraded): one budget per learner per process.

Running is never an attempt and stores nothing, so this is what keeps one browser from filling the warm pool's
queue with runs while a class waits for its verdicts.
"""
from __future__ import annotations

import threading
import time
from collections import deque


class RunLimiter:
    """At most `per_window` runs per learner in any `window_s` seconds, across the pages of this process."""

    def __init__(self, per_window: int = 12, window_s: float = 60.0, clock=time.monotonic) -> None:
        self.per_window = per_window
        self.window_s = window_s
        self._clock = clock
        self._runs: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, learner_id: int) -> float:
        """0 when the learner may run now, else the seconds until they may."""
        with self._lock:
            return self._wait(learner_id, self._clock())

    def take(self, learner_id: int) -> float:
        """Count a run if allowed (returns 0), else return the wait without counting."""
        with self._lock:
            now = self._clock()
            wait = self._wait(learner_id, now)
            if wait == 0:
                self._runs.setdefault(learner_id, deque()).append(now)
            return wait

    def _wait(self, learner_id: int, now: float) -> float:
        runs = self._runs.get(learner_id)
        if not runs:
            return 0.0
        while runs and now - runs[0] >= self.window_s:
            runs.popleft()
        if len(runs) < self.per_window:
            return 0.0
        return max(0.1, self.window_s - (now - runs[0]))


class RateLimited(Exception):
    def __init__(self, wait_s: float) -> None:
        super().__init__(f"too many runs; wait {wait_s:.0f} s")
        self.wait_s = wait_s


RUN_LIMITER = RunLimiter()  # lesson blocks and exercise runs share it
