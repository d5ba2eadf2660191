"""Benchmark: median AppTest rerun of the lesson page (goal <= 100 ms) against a bare one-markdown page."""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GOAL_MS = 100.0
WARMUP = 5
REPEATS = 50


def median_rerun_ms(at, repeats: int = REPEATS) -> float:
    for _ in range(WARMUP):  # first runs import modules, build the engine and parse the catalog
        at.run()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - start) * 1000)
    assert not at.exception, [e.value for e in at.exception]
    return statistics.median(samples)


def main() -> None:
    # A throwaway database, so the bench neither needs nor touches data/stream.db.
    tmp = tempfile.mkdtemp(prefix="stream-bench-")
    os.environ["STREAM_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings

    from streamlit.testing.v1 import AppTest

    from catalog import load_catalog

    # The longest published lesson: the most blocks to draw is the page's worst case.
    lessons = [lesson for lesson in load_catalog().lessons if lesson.status == "published"]
    lesson = max(lessons, key=lambda item: len(item.text("ko").body))

    page = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    page.switch_page("ui/pages/lesson.py")
    page.query_params["lesson"] = lesson.id
    lesson_ms = median_rerun_ms(page)

    bare = AppTest.from_string("import streamlit as st\nst.markdown('Hello')", default_timeout=60)
    baseline_ms = median_rerun_ms(bare)

    print(f"lesson {lesson.id}: {len(lesson.text('ko').body)} chars of markdown, median of {REPEATS} reruns")
    print(f"lesson page rerun: {lesson_ms:.1f} ms (goal <= {GOAL_MS:.0f} ms); bare page: {baseline_ms:.1f} ms")
    print(f"lesson_rerun_ms={lesson_ms:.1f} baseline_ms={baseline_ms:.1f} ratio={lesson_ms / baseline_ms:.1f}")


if __name__ == "__main__":
    main()
