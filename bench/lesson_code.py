"""Lesson code latency: a warm run of one lesson block (Run on the lesson page), submit to output, on a warm pool.

Runs the first runnable block of the first lesson as the page does (with the blocks it builds on: none for the
first one) and a later block with its chain, WARM_RUNS times each after warming the pool. The last line is
`block_p50_ms=… block_p90_ms=… chained_p50_ms=… chained_parts=… goal_ms=300`.
Usage: python bench/lesson_code.py [LESSON_ID] (default: the first lesson of the catalog).
"""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from catalog import load_catalog  # noqa: E402
from catalog.render import to_blocks  # noqa: E402
from grader import GraderPool  # noqa: E402
from services import lesson_code  # noqa: E402

WARM_RUNS = 20
WARMUP = 3
GOAL_MS = 300.0


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _times(pool: GraderPool, parts: list[str]) -> tuple[list[float], list[float]]:
    """(paced, back-to-back) submit-to-output times: every other run waits as a learner reads the output first,
    as bench/grading.py measures a warm grade."""
    paced, back_to_back = [], []
    for n in range(WARMUP + WARM_RUNS):
        start = time.perf_counter()
        result = pool.submit_parts(parts, "ko").result(120)
        elapsed = (time.perf_counter() - start) * 1000
        if not result.ok:
            raise SystemExit(f"the block failed: {result.status}: {result.message}")
        if n >= WARMUP:
            (paced if n % 2 == 0 else back_to_back).append(elapsed)
            if n % 2 == 0:
                time.sleep(0.5)  # a learner reads the output before running again
    return paced, back_to_back


def main() -> None:
    catalog = load_catalog()
    lesson = catalog.lessons[0] if len(sys.argv) < 2 else next(x for x in catalog.lessons if x.id == sys.argv[1])
    plan = lesson_code.plan(to_blocks(lesson.text("ko").body))
    runnable = [e.index for e in plan.runnable]
    if not runnable:
        raise SystemExit(f"{lesson.id} has no runnable block")
    first, last = runnable[0], runnable[-1]
    with GraderPool(REPO / "exercises", workers=2).start() as pool:
        time.sleep(2)  # let the first sandboxes finish warming
        paced, rushed = _times(pool, [p.code for p in plan.parts(plan.chain(first))])
        chained_parts = plan.parts(plan.chain(last))
        chained_paced, chained_rushed = _times(pool, [p.code for p in chained_parts])
    block, chained = paced + rushed, chained_paced + chained_rushed
    print(f"lesson {lesson.id}: block {first} alone, block {last} after {len(chained_parts) - 1} earlier part(s); "
          f"{WARM_RUNS} warm runs each, half of them paced")
    print(f"one block: p50 {statistics.median(block):.0f} ms (paced {statistics.median(paced):.0f} ms, "
          f"back to back {statistics.median(rushed):.0f} ms), p90 {_pct(block, .9):.0f} ms")
    print(f"chained block: p50 {statistics.median(chained):.0f} ms (paced {statistics.median(chained_paced):.0f} ms)")
    print(f"block_p50_ms={statistics.median(block):.0f} block_p90_ms={_pct(block, .9):.0f} "
          f"chained_p50_ms={statistics.median(chained):.0f} chained_parts={len(chained_parts)} goal_ms={GOAL_MS:.0f}")


if __name__ == "__main__":
    main()
