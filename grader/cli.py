"""The grader's command-line verbs: grade one file, self-test the exercises, report the sandbox's protections, run a queue worker."""
from __future__ import annotations

import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from grader import analysis
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


def _seed_of(exercise_id: str, k: int = 0) -> int:
    """Fixed per exercise (and per extra seed), so runs are repeatable."""
    return zlib.crc32(f"{exercise_id}#{k}".encode() if k else exercise_id.encode()) % 100_000


@dataclass
class _Plan:
    """Every submission selftest sends for one exercise, and what each must get."""

    exercise: str
    mistakes: int
    items: list[tuple[str, str, str | None, list]] = field(default_factory=list)  # (kind, label, diagnosis, tickets)


def _plan(pool: GraderPool, root: Path, ex: str, report: bool, seeds: int) -> _Plan:
    folder = root / ex
    seed = _seed_of(ex)
    plan = _Plan(ex, 0)
    plan.items.append(("solution", "solution", None, [pool.submit(ex, (folder / "solution.py").read_bytes(), seed=seed)]))
    for starter in [folder / "starter.py", *([folder / "starter.en.py"] if (folder / "starter.en.py").is_file() else [])]:
        plan.items.append(("starter", starter.name, "not_attempted", [pool.submit(ex, starter.read_bytes(), seed=seed)]))
    mistakes = sorted((folder / "mistakes").glob("*.py"))
    plan.mistakes = len(mistakes)
    for m in mistakes:
        plan.items.append(("mistake", f"mistakes/{m.name}", _diagnosis_of(m), [pool.submit(ex, m.read_bytes(), seed=seed)]))
    if report:
        for f in sorted((folder / "heldout").glob("*.py")):
            kind = "right" if f.name.startswith("right_") else "wrong" if f.name.startswith("wrong_") else None
            if kind is None:
                continue
            tickets = [pool.submit(ex, f.read_bytes(), seed=_seed_of(ex, k)) for k in range(seeds)]
            plan.items.append((kind, f"heldout/{f.name}", _diagnosis_of(f) if kind == "wrong" else None, tickets))
    return plan


@dataclass
class _Tally:
    """The held-out corpus's figures for one exercise (or all of them)."""

    wrong: int = 0
    right: int = 0
    wrong_passes: int = 0
    false_fails: int = 0
    named: int = 0  # told the mistake their first line names
    generic: int = 0  # told only the generic fallback
    other_cause: int = 0  # told a different named cause
    unlabelled: int = 0  # a wrong one without a `# diagnosis:` first line

    def add(self, other: "_Tally") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def line(self) -> str:
        share = f"{100 * self.named / self.wrong:.0f}%" if self.wrong else "-"
        return (f"wrong {self.wrong}: {self.wrong_passes} passed, {self.named} named ({share}), {self.generic} generic, "
                f"{self.other_cause} other cause; right {self.right}: {self.false_fails} false fail(s)")


def _judge_item(kind: str, want_diag: str | None, results: list[GradeResult], tally: _Tally) -> tuple[bool, str]:
    """(ok, why) for one selftest item; held-out items also count into `tally`."""
    r = results[0]
    if kind == "solution":
        ok = r.status is Status.PASS and r.score == 1.0
        return ok, "" if ok else f"{r.status.value}, score {r.score:.2f}: {r.message} {[t.message for t in r.tests if t.status != 'pass']}"
    if kind == "starter":
        ok = not r.gradable and "not_attempted" in r.diagnosis_ids()
        return ok, "" if ok else f"{r.status.value} {r.diagnosis_ids()}"
    if kind == "mistake":
        ok = want_diag is not None and r.status is not Status.PASS and r.gradable and want_diag in r.diagnosis_ids()
        return ok, "" if ok else f"wanted {want_diag!r}, got {r.status.value} {r.diagnosis_ids()}"
    if kind == "right":
        tally.right += 1
        bad = next((x for x in results if not (x.status is Status.PASS and x.score == 1.0)), None)
        if bad is None:
            return True, ""
        tally.false_fails += 1
        return False, (f"FALSE FAIL (seed {bad.seed}): {bad.status.value} {bad.diagnosis_ids()} "
                       f"{[t.message[:160] for t in bad.tests if t.status != 'pass'] or bad.message[:160]}")
    tally.wrong += 1
    if any(x.status is Status.PASS for x in results):
        tally.wrong_passes += 1
        return False, f"WRONG PASS (seed {next(x.seed for x in results if x.status is Status.PASS)})"
    failed = next(x for x in results)
    ids = failed.diagnosis_ids()
    if want_diag is None:
        tally.unlabelled += 1
        return True, f"no `# diagnosis:` first line; got {ids}"
    if want_diag in ids:
        tally.named += 1
        return True, ""
    named = [d.id for d in failed.diagnoses if not d.generic and d.id not in analysis.GENERIC]
    if named:
        tally.other_cause += 1
        return True, f"other cause: wanted {want_diag!r}, told {named}"
    tally.generic += 1
    return True, f"generic: wanted {want_diag!r}, got {ids}"


def selftest(exercise_ids: list[str], report: bool = False, seeds: int = 1) -> int:
    """Every exercise proves itself: solution passes, starter is 'not attempted', each mistake is diagnosed.

    With `report`, the held-out corpus too (heldout/wrong_*.py, heldout/right_*.py): wrong passes, false fails,
    and how many wrong ones were told their mistake, only the generic fallback, or another cause.
    """
    root = _exercises_dir()
    ids = exercise_ids or sorted(p.name for p in root.iterdir() if (p / "exercise.md").is_file())
    if not ids:
        print(f"selftest: no exercises found in {root}", file=sys.stderr)
        return 1
    failures, total = 0, _Tally()
    with GraderPool(root).start() as pool:
        plans = []
        for ex in ids:
            if not (root / ex).is_dir():
                print(f"{ex}: no such exercise folder in {root}")
                failures += 1
                continue
            plans.append(_plan(pool, root, ex, report, max(1, seeds)))
        for plan in plans:
            print(plan.exercise)
            tally = _Tally()
            if plan.mistakes < 2:
                print("  ✗ needs at least two files in mistakes/")
                failures += 1
            for kind, label, want_diag, tickets in plan.items:
                ok, why = _judge_item(kind, want_diag, [t.result() for t in tickets], tally)
                mark = "✓" if ok and not why else ("·" if ok else "✗")
                print(f"  {mark} {label}" + (f"  ({why})" if why else ""))
                failures += not ok
            _print_regions(root, plan.exercise)
            if report:
                print(f"  report: {tally.line()}")
                total.add(tally)
    if report:
        print(f"report, all {len(plans)} exercise(s): {total.line()}")
    print(f"selftest: {len(ids)} exercise(s), {failures} failure(s)")
    return 1 if failures else 0


def _print_regions(root: Path, exercise_id: str, seeds: int = 5) -> None:
    """The regions (no-op, boundary, …) the hidden cases cover over a few seeds, when checks.py declares them."""
    from grader import engine

    try:
        covered = engine.regions_covered(engine.load_bundle(root, exercise_id), [_seed_of(exercise_id, k) for k in range(seeds)])
    except engine.GraderError as exc:
        print(f"  ✗ {exc}")
        return
    if covered is None:
        return
    per_seed = ", ".join(f"{region} {n}/{seeds}" for region, n in sorted(covered.items()))
    print(f"  regions over {seeds} seeds: {per_seed}")


def doctor() -> int:
    from grader.doctor import run_doctor

    return run_doctor(_exercises_dir())


def worker(options: list[str]) -> int:
    """Alias of `python -m services worker`: the worker glues broker, database and grader, so it lives in services;
    this process becomes that one (exec, same pid), and grader never imports services."""
    import os

    os.execv(sys.executable, [sys.executable, "-m", "services", "worker", *options])
    return 0  # not reached
