"""The judge: loads an exercise's hidden checks, screens a submission, and turns sandbox reports into a verdict.

It runs in the caller's process with numpy only. It never executes the learner's code: it compares the
observations the learner's sandbox reported with those a separate sandbox produced from solution.py.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from catalog.errors import CatalogError
from catalog.exercises import STARTER_TRANSLATIONS, load_exercise
from grader import wire
from grader import analysis
from grader.api import CheckSpec, Incorrect, Trial, analysing
from grader.messages import msg
from grader.result import Diagnosis, GradeResult, Status, TestResult
from grader.runner import Outcome

MAX_CODE_BYTES = 100_000
CHECK_OUTPUT_CHARS = 500
TOTAL_OUTPUT_CHARS = 4000
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")


class GraderError(Exception):
    """Base of the grader's own errors (as opposed to a learner's mistakes, which are verdicts)."""


class ExerciseNotFound(GraderError):
    """No exercise folder with that id."""


class BrokenExercise(GraderError):
    """An exercise's files could not be loaded; the message is `file:line: message` for the instructor."""


@dataclass(frozen=True)
class Bundle:
    id: str
    dir: Path
    starter: str
    solution: str
    probe: str
    checks: tuple[CheckSpec, ...]
    cases: Callable
    charts: Callable | None
    time_limit_s: float
    memory_mb: int
    fingerprint: str
    starters: tuple[str, ...] = ()  # starter.py and its translations (starter.en.py): each is "not attempted"
    regions: Callable | None = None  # checks.py's regions(case) -> set of region names, reported by selftest
    families: tuple[str, ...] | None = None  # checks.py's FAMILIES: the mistake families that apply (None: all)
    transformations: tuple = ()  # checks.py's TRANSFORMATIONS: the exercise's own known mistakes


_cache: dict[Path, tuple[tuple, Bundle]] = {}


def load_bundle(exercises_dir: Path, exercise_id: str) -> Bundle:
    """Load (and cache by modification time) everything the judge needs about one exercise."""
    if not _ID.match(exercise_id or ""):
        raise ExerciseNotFound(f"no exercise named {exercise_id!r}")
    folder = Path(exercises_dir) / exercise_id
    files = [folder / n for n in ("exercise.md", "starter.py", "solution.py", "probe.py", "checks.py")]
    missing = [f.name for f in files if not f.is_file()]
    files += [folder / n for n in STARTER_TRANSLATIONS.values() if (folder / n).is_file()]
    if not folder.is_dir():
        raise ExerciseNotFound(f"no exercise named {exercise_id!r}")
    if missing:
        raise BrokenExercise(f"{folder}: missing {', '.join(missing)}")
    stamp = tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    cached = _cache.get(folder)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        meta = load_exercise(folder)  # front matter validated once, by the catalog
    except CatalogError as exc:
        raise BrokenExercise(str(exc)) from None
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    fingerprint = hashlib.sha256("\0".join(texts[n] for n in sorted(texts)).encode()).hexdigest()[:16]
    module = _import_checks(folder / "checks.py", f"stream_checks_{exercise_id.replace('-', '_')}_{fingerprint}")
    checks = tuple(v.__stream_check__ for v in vars(module).values() if hasattr(v, "__stream_check__"))
    if not callable(getattr(module, "cases", None)) or not checks:
        raise BrokenExercise(f"{folder / 'checks.py'}:1: needs a cases(rng) function and at least one @check")
    bundle = Bundle(
        id=exercise_id, dir=folder, starter=meta.starter, solution=texts["solution.py"],
        probe=texts["probe.py"], checks=checks, cases=module.cases, charts=getattr(module, "charts", None),
        time_limit_s=float(meta.time_limit_s), memory_mb=int(meta.memory_mb),
        fingerprint=fingerprint, starters=(meta.starter, *meta.starters.values()),
        regions=getattr(module, "regions", None), families=_families(module, folder / "checks.py"),
        transformations=tuple(getattr(module, "TRANSFORMATIONS", ()) or ()),
    )
    _cache[folder] = (stamp, bundle)
    return bundle


def _families(module, path: Path) -> tuple[str, ...] | None:
    declared = getattr(module, "FAMILIES", None)
    if declared is None:
        return None
    unknown = [f for f in declared if f not in analysis.FAMILIES]
    if unknown:
        raise BrokenExercise(f"{path}:1: FAMILIES names unknown mistake families {unknown}; known: "
                             f"{', '.join(analysis.FAMILIES)}")
    return tuple(declared)


def _import_checks(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        line = getattr(exc, "lineno", None) or _last_line_in(exc, path) or 1
        raise BrokenExercise(f"{path}:{line}: {type(exc).__name__}: {exc}") from None
    return module


def _last_line_in(exc: BaseException, path: Path) -> int | None:
    import traceback

    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
    return lines[-1] if lines else None


def _normalise(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.replace("\r\n", "\n").strip().splitlines())


def screen(bundle: Bundle, code: str | bytes, lang: str, mode: str = "grade") -> GradeResult | str:
    """Catch what needs no sandbox: undecodable, empty, oversized, untouched or unparsable code.

    Returns the code as text when it should run, or a non-gradable verdict (not an attempt).
    """
    def verdict(status: Status, diag: str, message: str) -> GradeResult:
        return GradeResult(exercise_id=bundle.id, status=status, gradable=False, score=0.0, message=message,
                           mode=mode, diagnoses=[Diagnosis(diag, message)])

    if isinstance(code, bytes):
        try:
            code = code.decode("utf-8")
        except UnicodeDecodeError:
            return verdict(Status.ERROR, "not_utf8", msg("not_utf8", lang))
    size = len(code.encode("utf-8", "surrogatepass"))
    if size > MAX_CODE_BYTES:
        return verdict(Status.ERROR, "too_large", msg("too_large", lang, size=size, limit=MAX_CODE_BYTES))
    if not code.strip():
        return verdict(Status.ERROR, "empty", msg("empty", lang))
    try:
        code.encode("utf-8")
    except UnicodeEncodeError:
        return verdict(Status.ERROR, "not_utf8", msg("not_utf8", lang))
    if mode == "grade" and _normalise(code) in {_normalise(s) for s in (bundle.starters or (bundle.starter,))}:
        return verdict(Status.FAIL, "not_attempted", msg("not_attempted", lang))
    try:
        compile(code, "submission.py", "exec")
    except SyntaxError as exc:
        return verdict(Status.ERROR, "syntax_error", msg("syntax", lang, line=exc.lineno or 1, msg=exc.msg))
    except ValueError as exc:  # e.g. NUL bytes
        return verdict(Status.ERROR, "syntax_error", msg("syntax", lang, line=1, msg=str(exc)))
    return code


def make_cases(bundle: Bundle, seed: int) -> list[dict]:
    import numpy as np

    return list(bundle.cases(np.random.default_rng(seed)))


def regions_covered(bundle: Bundle, seeds: list[int]) -> dict[str, int] | None:
    """For each region checks.py's regions(case) names, how many of these seeds' case sets cover it (None: undeclared)."""
    if bundle.regions is None:
        return None
    counts: dict[str, int] = {}
    for seed in seeds:
        covered: set[str] = set()
        for case in make_cases(bundle, seed):
            try:
                covered |= set(bundle.regions(case) or ())
            except Exception as exc:
                raise BrokenExercise(f"{bundle.dir / 'checks.py'}:1: regions(case) raised {type(exc).__name__}: {exc}") from None
        for region in covered:
            counts[region] = counts.get(region, 0) + 1
    return counts


def job_for(bundle: Bundle, code: str, mode: str, cases: list[dict] | None, role: str = "learner") -> dict:
    return {"mode": mode, "code": code, "probe": bundle.probe, "cases": wire.encode(cases or []), "role": role,
            "time_limit_s": bundle.time_limit_s, "memory_mb": bundle.memory_mb}


def _missing(outcome: Outcome) -> list[str]:
    return sorted(k for k, v in outcome.protections.items() if v is False)


def _cut(text: str, limit: int, lang: str) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return text[:limit] + msg("output_cut", lang, more=len(text) - limit), True


def _error_text(err: dict, lang: str) -> str:
    if err.get("exit_called"):
        return msg("exit_called", lang)
    where = msg("where_line", lang, line=err["line"]) if err.get("line") else msg("where_none", lang)
    text = msg("exception", lang, type=err.get("type", "Error"), where=where, msg=err.get("message", ""))
    if err.get("traceback"):
        text += "\n\n" + err["traceback"]
    return text


def _fatal(bundle: Bundle, outcome: Outcome, lang: str, mode: str) -> GradeResult | None:
    """A verdict for a learner run that produced no usable report, or None when it did."""
    output, cut = _cut(outcome.leftover_output or "", TOTAL_OUTPUT_CHARS, lang)
    base = dict(exercise_id=bundle.id, mode=mode, gradable=True, score=0.0, output=output, output_truncated=cut,
                protections_missing=_missing(outcome), duration_ms=outcome.wall_ms)
    if outcome.timed_out:
        text = msg("timeout", lang, limit=f"{bundle.time_limit_s:g}")
        return GradeResult(status=Status.TIMEOUT, message=text, diagnoses=[Diagnosis("timeout", text)], **base)
    report = outcome.report
    if report is None or "harness_error" in report:
        sig = (outcome.exit or {}).get("signal")
        if sig == signal.SIGXCPU:
            text = msg("timeout", lang, limit=f"{bundle.time_limit_s:g}")
            return GradeResult(status=Status.TIMEOUT, message=text, diagnoses=[Diagnosis("timeout", text)], **base)
        if sig:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            text = msg("crashed", lang, sig=sig, name=name)
            return GradeResult(status=Status.ERROR, message=text, diagnoses=[Diagnosis("crashed", text)], **base)
        text = msg("ended_early", lang)
        return GradeResult(status=Status.ERROR, message=text, diagnoses=[Diagnosis("ended_early", text)], **base)
    return None


def _status_for_error(err: dict) -> Status:
    return Status.MEMORY if err.get("memory") else Status.ERROR


def judge_run(bundle: Bundle, outcome: Outcome, lang: str) -> GradeResult:
    """The verdict of the Run button: what the script printed, or how it failed."""
    fatal = _fatal(bundle, outcome, lang, "run")
    if fatal:
        return fatal
    report = outcome.report
    output, cut = _cut(report.get("output", ""), TOTAL_OUTPUT_CHARS, lang)
    err = report.get("load_error")
    result = GradeResult(exercise_id=bundle.id, status=Status.PASS, gradable=False, score=0.0, mode="run",
                         message=msg("ran", lang), output=output, output_truncated=cut,
                         duration_ms=outcome.wall_ms, protections_missing=_missing(outcome))
    if err:
        result.status = _status_for_error(err)
        result.message = msg("memory", lang, limit=bundle.memory_mb) if err.get("memory") else _error_text(err, lang)
    return result


def judge_grade(bundle: Bundle, code: str, seed: int, cases: list[dict], learner: Outcome,
                reference: Outcome, lang: str) -> GradeResult:
    """Compare the learner's observations with the reference's, check by check, case by case."""
    ref_report = reference.report
    if reference.timed_out or not ref_report or ref_report.get("load_error") or "harness_error" in ref_report \
            or any("error" in o for o in ref_report.get("observations", [])) \
            or len(ref_report.get("observations", [])) != len(cases):
        detail = "reference solution failed"
        text = msg("grader_problem", lang, detail=detail)
        return GradeResult(exercise_id=bundle.id, status=Status.ERROR, gradable=False, score=0.0, message=text,
                           seed=seed, diagnoses=[Diagnosis("grader_problem", text)], duration_ms=learner.wall_ms)
    fatal = _fatal(bundle, learner, lang, "grade")
    if fatal:
        fatal.seed = seed
        return fatal
    report = learner.report
    output, cut = _cut(report.get("output", ""), TOTAL_OUTPUT_CHARS, lang)
    base = dict(exercise_id=bundle.id, seed=seed, duration_ms=learner.wall_ms, output=output, output_truncated=cut,
                protections_missing=_missing(learner))
    err = report.get("load_error")
    if err:
        status = _status_for_error(err)
        text = msg("memory", lang, limit=bundle.memory_mb) if status is Status.MEMORY else _error_text(err, lang)
        diag = "memory" if status is Status.MEMORY else ("exit_called" if err.get("exit_called") else "exception")
        tests = [TestResult(name=c.name.get(lang, c.name["ko"]), status="error", message=text,
                            max_points=c.points) for c in bundle.checks]
        return GradeResult(status=status, gradable=True, score=0.0, message=text, tests=tests,
                           diagnoses=[Diagnosis(diag, text)], **base)
    try:
        got = [_decode_obs(o) for o in report.get("observations", [])]
    except wire.WireError:
        got = []
    if len(got) != len(cases):
        text = msg("ended_early", lang)
        return GradeResult(status=Status.ERROR, gradable=True, score=0.0, message=text,
                           diagnoses=[Diagnosis("ended_early", text)], **base)
    want = [_decode_obs(o) for o in ref_report["observations"]]
    segments = report.get("segments", [])[1:]
    full_output = report.get("output", "")
    tests, diagnoses, memory = [], {}, False
    for spec in bundle.checks:
        name = spec.name.get(lang, spec.name["ko"])
        test = TestResult(name=name, status="pass", points=spec.points, max_points=spec.points)
        for i, case in enumerate(cases):
            failure = None
            if "error" in got[i]:
                e = got[i]["error"]
                memory = memory or bool(e.get("memory"))
                failure = ("memory" if e.get("memory") else "exception",
                           msg("memory", lang, limit=bundle.memory_mb) if e.get("memory") else _error_text(e, lang), "fail")
            else:
                trial = Trial(got=got[i]["value"], want=want[i]["value"], case=case, source=code, index=i)
                try:
                    with analysing(bundle.families, bundle.transformations, trial):
                        spec.fn(trial)
                except Exception as exc:
                    if _is_incorrect(exc):
                        failure = _named(bundle, trial, exc, lang)
                    else:  # the check itself broke: never the learner's fault
                        failure = ("check_crashed", msg("check_crashed", lang) + f" [{type(exc).__name__}: {exc}]", "error")
            if failure:
                diag, text, status = failure[:3]
                test.status, test.message, test.points, test.diagnosis = status, text, 0.0, diag
                if i < len(segments):
                    start, end = segments[i]
                    test.output = _cut(full_output[start:end], CHECK_OUTPUT_CHARS, lang)[0]
                if diag not in diagnoses:
                    diagnoses[diag] = (text, len(failure) > 3 and failure[3])
                break
        tests.append(test)
    total = sum(t.max_points for t in tests) or 1.0
    score = round(sum(t.points for t in tests) / total, 4)
    failed = [t for t in tests if t.status != "pass"]
    if not failed:
        status, message = Status.PASS, msg("pass", lang)
    else:
        status = Status.MEMORY if memory else Status.FAIL
        message = msg("fail", lang, failed=len(failed))
    result = GradeResult(status=status, gradable=True, score=score, message=message, tests=tests,
                         diagnoses=[Diagnosis(k, text, generic=bool(g)) for k, (text, g) in diagnoses.items()], **base)
    if bundle.charts and "value" in got[0]:
        try:
            result.charts = list(bundle.charts(Trial(got=got[0]["value"], want=want[0]["value"], case=cases[0],
                                                     source=code, index=0)) or [])
        except Exception:  # a chart is a teaching aid; its failure never changes the verdict
            result.charts = []
    return result


def _named(bundle: Bundle, trial: Trial, exc: Incorrect, lang: str) -> tuple:
    """The failure a check raised, or the named mistake behind it when the check only said "it differs"."""
    generic = bool(getattr(exc, "generic", False)) or exc.diagnosis in analysis.GENERIC
    if generic:
        finding = _second_opinion(bundle, trial, exc)
        if finding is not None:
            return finding.id, finding.message(lang), "fail", False
    return exc.diagnosis, exc.message(lang), "fail", generic


def _second_opinion(bundle: Bundle, trial: Trial, exc: Incorrect) -> "analysis.Finding | None":
    """Ask the mistake analysis about a generic failure: its evidence, else every observed quantity that differs."""
    try:
        want = trial.want if isinstance(trial.want, dict) else {}
        ctx = {**{k: v for k, v in trial.case.items()}, **want}
        kw = dict(families=bundle.families, extra=bundle.transformations, static=trial.static)
        evidence = getattr(exc, "evidence", None)
        if evidence is not None:
            return analysis.diagnose(evidence.got, evidence.want, context={**ctx, **evidence.context},
                                     what=evidence.what, what_en=evidence.what_en, **kw)
        got = trial.got if isinstance(trial.got, dict) else {}
        for key, value in want.items():
            if key in got and not analysis.same(got[key], value):
                finding = analysis.diagnose(got[key], value, context=ctx, what=f"`{key}`", what_en=f"`{key}`", **kw)
                if finding is not None:
                    return finding
    except Exception:  # the analysis never decides a verdict: the check's own message stands
        analysis.log.exception("second opinion on %s failed", exc.diagnosis)
    return None


def _is_incorrect(exc: Exception) -> bool:
    """An Incorrect, recognised by shape too: after Streamlit reloads modules, a freshly imported
    checks.py raises the new grader.api.Incorrect while a long-lived pool holds the old class."""
    return isinstance(exc, Incorrect) or (
        type(exc).__name__ == "Incorrect" and isinstance(getattr(exc, "diagnosis", None), str)
        and callable(getattr(exc, "message", None)))


def _decode_obs(obs: dict) -> dict:
    if "value" in obs:
        return {"value": wire.decode(obs["value"])}
    err = obs.get("error") or {}
    return {"error": {k: err.get(k) for k in ("type", "message", "line", "traceback", "memory", "exit_called", "output_limit")}}
