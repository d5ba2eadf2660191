"""Grading latency: warm pool vs a cold interpreter, and a burst of 20 simultaneous submissions.

Prints its figures; the last line is
`warm_p50_ms=… cold_p50_ms=… speedup=…x burst20_s=… burst20_peak_mb=…`.
Usage: python bench/grading.py [EXERCISE_ID] (default: the clipping exercise, else the first one found).
"""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from grader import GraderPool  # noqa: E402
from grader.result import Status  # noqa: E402
from settings import get_settings  # noqa: E402

WARM_RUNS = 40
COLD_RUNS = 3
BURST = 20


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_mb(pids: list[int]) -> float:
    """Proportional set size: shared TensorFlow pages counted once across the zygote and its forks."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _overhead_ms() -> float:
    """Submit-to-verdict for an exercise whose job is one tiny op: what the pool itself costs."""
    fixtures = REPO / "tests" / "grader" / "fixtures" / "exercises"
    code = (fixtures / "toy-grad" / "solution.py").read_text()
    with GraderPool(fixtures, workers=1, warm=2).start() as pool:
        time.sleep(2)
        pool.grade("toy-grad", code)
        times = []
        for _ in range(15):
            t = time.monotonic()
            pool.grade("toy-grad", code)
            times.append((time.monotonic() - t) * 1000)
            time.sleep(0.3)
    return statistics.median(times)


def _cpu_line(pool: GraderPool, cpu0: float, used0: int, own0: float, jobs: int) -> str:
    """CPU time, which a busy shared machine distorts far less than wall-clock time: the learner and
    reference processes used (their warm-up included; sandboxes prepared but not yet used are not
    counted) and this process (queue, judge, wire)."""
    boxes = pool.sandboxes_used - used0
    sandbox = (pool.sandbox_cpu_ms - cpu0) / jobs
    own = (time.process_time() - own0) * 1000 / jobs
    return f"sandboxes {sandbox:.0f} ms ({boxes} sandboxes for {jobs} jobs), grader process {own:.0f} ms"


def main() -> None:
    exercises = get_settings().exercises_dir
    wanted = sys.argv[1] if len(sys.argv) > 1 else "clip-global-norm-step"
    if not (exercises / wanted / "solution.py").is_file():
        wanted = sorted(p.name for p in exercises.iterdir() if (p / "solution.py").is_file())[0]
    solution = (exercises / wanted / "solution.py").read_text()
    print(f"exercise: {wanted}; {os.cpu_count()} cores")

    with GraderPool(exercises).start() as pool:
        time.sleep(2)  # let the first sandboxes finish warming
        pool.grade(wanted, solution)
        # (The first grade's sandboxes may report their CPU during the warm runs and be counted there.)
        cpu0, used0, own0 = pool.sandbox_cpu_ms, pool.sandboxes_used, time.process_time()
        paced, back_to_back = [], []
        for i in range(WARM_RUNS):
            t = time.monotonic()
            r = pool.grade(wanted, solution)
            (paced if i % 2 == 0 else back_to_back).append((time.monotonic() - t) * 1000)
            assert r.status is Status.PASS, r.message
            if i % 2 == 0:
                time.sleep(0.5)  # a learner reads the verdict before submitting again
        warm = paced + back_to_back
        time.sleep(1)  # sandboxes report their CPU time as they are disposed of
        warm_cpu = _cpu_line(pool, cpu0, used0, own0, WARM_RUNS)
        overhead = _overhead_ms()
        print(f"grader overhead alone (a trivial fixture exercise): p50 {overhead:.1f} ms")
        print(f"warm submit->verdict: p50 {statistics.median(warm):.1f} ms, p95 {_pct(warm, 0.95):.1f} ms "
              f"(paced p50 {statistics.median(paced):.1f} ms, back-to-back p50 {statistics.median(back_to_back):.1f} ms)")

        zygote_pid = pool._zygote.proc.pid
        peak = [0.0]
        stop = threading.Event()

        sampler_cpu = [0.0]

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _pss_mb(_descendants(zygote_pid)))
                time.sleep(0.05)
            sampler_cpu[0] = time.thread_time()  # reading smaps of TensorFlow-sized processes is not free

        sampler = threading.Thread(target=sample, daemon=True)
        cpu0, used0, own0 = pool.sandbox_cpu_ms, pool.sandboxes_used, time.process_time()
        sampler.start()
        t = time.monotonic()
        tickets = [pool.submit(wanted, solution) for _ in range(BURST)]
        results = [tk.result(timeout=300) for tk in tickets]
        burst_s = time.monotonic() - t
        stop.set()
        sampler.join()
        passed = sum(r.status is Status.PASS for r in results)
        time.sleep(1)
        burst_cpu = _cpu_line(pool, cpu0, used0, own0, BURST)
        print(f"burst of {BURST}: {burst_s:.2f} s, {passed}/{BURST} passed, peak grading-side PSS {peak[0]:.0f} MB")

    cold = []
    solution_file = exercises / wanted / "solution.py"
    for _ in range(COLD_RUNS):
        t = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "grader", "grade", wanted, str(solution_file)], cwd=REPO,
                              capture_output=True, text=True)
        cold.append((time.monotonic() - t) * 1000)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    cold_p50 = statistics.median(cold)
    print(f"CPU per submission, warm runs: {warm_cpu}")
    print(f"CPU per submission, burst: {burst_cpu} (of which the PSS sampler {sampler_cpu[0] * 1000 / BURST:.0f} ms)")
    warm_p50 = statistics.median(warm)
    print(f"cold (fresh interpreter importing TensorFlow, then grading): p50 {cold_p50:.0f} ms over {COLD_RUNS} runs")
    print(f"warm_p50_ms={warm_p50:.1f} cold_p50_ms={cold_p50:.0f} speedup={cold_p50 / warm_p50:.1f}x "
          f"burst20_s={burst_s:.2f} burst20_peak_mb={peak[0]:.0f}")


if __name__ == "__main__":
    main()
