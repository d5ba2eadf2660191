"""The grader's command-line verbs: grade one file, self-test the exercises, report the sandbox's protections, run a queue worker."""
from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

from grader.pool import GraderPool
from grader.result import GradeResult, Status

EXIT_CODES = {Status.PASS: 0, Status.FAIL: 1, Status.ERROR: 2, Status.TIMEOUT: 2, Status.MEMORY: 2}


def _exercises_dir() -> Path:
    from settings import get_settings

    return get_settings().exercises_dir


def _print_result(result: GradeResult) -> None:
    mark = {"pass": "✓", "fail": "✗", "error": "!"}
    print(f"{result.status.value.upper()}  score {result.score:.2f}  seed {result.seed}  {result.duration_ms:.0f} ms")
    print(result.message)
    for t in result.tests:
        print(f"  {mark.get(t.status, '?')} {t.name} [{t.points:g}/{t.max_points:g}]")
        if t.message and t.status != "pass":
            print("      " + t.message.replace("\n", "\n      "))
    if result.output:
        print("--- output ---\n" + result.output)
    if result.protections_missing:
        print("WARNING: protections missing on this host: " + ", ".join(result.protections_missing))


def grade(exercise_id: str, file: str, as_json: bool, seed: int | None, lang: str, run: bool) -> int:
    try:
        code = Path(file).read_bytes()
    except OSError as exc:
        print(f"{file}: cannot read: {exc.strerror}", file=sys.stderr)
        return 2
    with GraderPool(_exercises_dir(), workers=1, warm=2) as pool:
        result = pool.grade(exercise_id, code, lang=lang, mode="run" if run else "grade", seed=seed)
    if as_json:
        print(result.to_json())
    else:
        _print_result(result)
    return EXIT_CODES[result.status] if not run else (0 if result.status is Status.PASS else 2)


def _diagnosis_of(path: Path) -> str | None:
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    m = re.match(r"#\s*diagnosis:\s*([\w-]+)", first[0]) if first else None
    return m.group(1) if m else None


def selftest(exercise_ids: list[str]) -> int:
    """Every exercise proves itself: solution passes, starter is 'not attempted', each mistake is diagnosed."""
    root = _exercises_dir()
    ids = exercise_ids or sorted(p.name for p in root.iterdir() if (p / "exercise.md").is_file())
    if not ids:
        print(f"selftest: no exercises found in {root}", file=sys.stderr)
        return 1
    failures = 0
    with GraderPool(root).start() as pool:
        plans = []
        for ex in ids:
            folder = root / ex
            if not folder.is_dir():
                print(f"{ex}: no such exercise folder in {root}")
                failures += 1
                continue
            seed = zlib.crc32(ex.encode()) % 100_000  # fixed per exercise, so runs are repeatable
            plan = [("solution", None, pool.submit(ex, (folder / "solution.py").read_bytes(), seed=seed)),
                    ("starter", "not_attempted", pool.submit(ex, (folder / "starter.py").read_bytes(), seed=seed))]
            mistakes = sorted((folder / "mistakes").glob("*.py"))
            for m in mistakes:
                plan.append((f"mistakes/{m.name}", _diagnosis_of(m), pool.submit(ex, m.read_bytes(), seed=seed)))
            plans.append((ex, plan, len(mistakes)))
        for ex, plan, n_mistakes in plans:
            print(ex)
            if n_mistakes < 2:
                print("  ✗ needs at least two files in mistakes/")
                failures += 1
            for label, want_diag, ticket in plan:
                r = ticket.result()
                if label == "solution":
                    ok = r.status is Status.PASS and r.score == 1.0
                    why = f"{r.status.value}, score {r.score:.2f}: {r.message} {[t.message for t in r.tests if t.status != 'pass']}"
                elif label == "starter":
                    ok = not r.gradable and "not_attempted" in r.diagnosis_ids()
                    why = f"{r.status.value} {r.diagnosis_ids()}"
                else:
                    ok = want_diag is not None and r.status is not Status.PASS and r.gradable and want_diag in r.diagnosis_ids()
                    why = f"wanted {want_diag!r}, got {r.status.value} {r.diagnosis_ids()}"
                print(f"  {'✓' if ok else '✗'} {label}" + ("" if ok else f"  ({why})"))
                failures += not ok
    print(f"selftest: {len(ids)} exercise(s), {failures} failure(s)")
    return 1 if failures else 0


def doctor() -> int:
    from grader.doctor import run_doctor

    return run_doctor(_exercises_dir())


def worker(options: list[str]) -> int:
    """Alias of `python -m services worker`: the worker glues broker, database and grader, so it lives in services;
    this process becomes that one (exec, same pid), and grader never imports services."""
    import os

    os.execv(sys.executable, [sys.executable, "-m", "services", "worker", *options])
    return 0  # not reached
