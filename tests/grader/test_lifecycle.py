"""The pool's lifetime: it outlives the thread that started it, and a dead zygote is replaced."""
from __future__ import annotations

import os
import signal
import threading
import time

from grader import GraderPool
from grader.result import Status
from tests.grader.conftest import FIXTURES


def test_pool_started_from_a_short_lived_thread_keeps_working(toy_solution):
    # Streamlit runs each script run in its own thread; the grader must survive that thread's end.
    holder = {}
    t = threading.Thread(target=lambda: holder.setdefault("pool", GraderPool(FIXTURES, workers=1, warm=1).start()))
    t.start()
    t.join()
    pool = holder["pool"]
    try:
        time.sleep(1.0)
        assert pool.grade("toy-grad", toy_solution, timeout=60).status is Status.PASS
    finally:
        pool.close()


def test_a_killed_zygote_is_restarted_and_queued_work_completes(toy_solution):
    with GraderPool(FIXTURES, workers=1, warm=1).start() as pool:
        os.kill(pool._zygote.proc.pid, signal.SIGKILL)
        pool._zygote.proc.wait(10)
        result = pool.submit("toy-grad", toy_solution).result(timeout=60)
        assert result.status is Status.PASS


def test_a_full_stderr_pipe_never_stalls_the_pool(toy_solution):
    # Everything the zygote's processes write to stderr goes through one pipe; if nobody read it,
    # 64 KB of warnings would block the next sandbox forever. Push 1 MB through it.
    with GraderPool(FIXTURES, workers=1, warm=1).start() as pool:
        wrote = threading.Event()

        def flood() -> None:
            with open(f"/proc/{pool._zygote.proc.pid}/fd/2", "wb", buffering=0) as pipe:
                pipe.write(b"warning: noise\n" * 70_000)
            wrote.set()

        threading.Thread(target=flood, daemon=True).start()
        assert wrote.wait(20), "the zygote's stderr pipe is not being drained"
        assert pool.grade("toy-grad", toy_solution, timeout=60).status is Status.PASS
