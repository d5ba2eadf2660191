"""The judge: screens a submission, draws hidden cases, and turns sandbox reports into a verdict.

It runs in the caller's process with numpy only. It never executes the learner's code: it compares the
observations the learner's sandbox reported with those a separate sandbox produced from solution.py.
Loading an exercise is grader.bundle's job; checks.py is imported only when a grade is judged.
"""
from __future__ import annotations

import logging
import signal
import traceback
from dataclasses import dataclass

from grader import analysis, wire
from grader.api import CheckSpec, Incorrect, Trial, analysing
from grader.bundle import Bundle, BrokenExercise, ExerciseNotFound, GraderError, load_bundle  # noqa: F401 (API)
from grader.explain import learner_error
from grader.messages import msg
from grader.result import Diagnosis, GradeResult, Status, TestResult
from grader.runner import Outcome

MAX_CODE_BYTES = 100_000
CHECK_OUTPUT_CHARS = 500
TOTAL_OUTPUT_CHARS = 4000

log = logging.getLogger("grader.engine")


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


def _error_text(err: dict, lang: str, source: str = "") -> str:
    return _learner_failure(err, lang, source)[1]


def _learner_failure(err: dict, lang: str, source: str, memory_mb: int = 0) -> tuple[str, str]:
    """(diagnosis, message) for an error the learner's run reported, told without the grader's internals."""
    if err.get("memory"):
        return "memory", msg("memory", lang, limit=memory_mb)
    if err.get("exit_called"):
        return "exit_called", msg("exit_called", lang)
    explained = learner_error(err, lang, source)
    if explained is not None:
        return explained
    where = msg("where_line", lang, line=err["line"]) if err.get("line") else msg("where_none", lang)
    text = msg("exception", lang, type=err.get("type", "Error"), where=where, msg=err.get("message", ""))
    if err.get("traceback") and err.get("line"):  # a traceback without the learner's lines only repeats the message
        text += "\n\n" + err["traceback"]
    return "exception", text


def _verdict(bundle: Bundle, status: Status, diag: str, text: str, **kw) -> GradeResult:
    return GradeResult(exercise_id=bundle.id, status=status, message=text, diagnoses=[Diagnosis(diag, text)], **kw)


def _fatal(bundle: Bundle, outcome: Outcome, lang: str, mode: str) -> GradeResult | None:
    """A verdict for a learner run that produced no usable report, or None when it did."""
    output, cut = _cut(outcome.leftover_output or "", TOTAL_OUTPUT_CHARS, lang)
    base = dict(mode=mode, gradable=True, score=0.0, output=output, output_truncated=cut,
                protections_missing=_missing(outcome), duration_ms=outcome.wall_ms)
    timeout = msg("timeout", lang, limit=f"{bundle.time_limit_s:g}")
    if outcome.timed_out:
        return _verdict(bundle, Status.TIMEOUT, "timeout", timeout, **base)
    report = outcome.report
    if report is not None and "harness_error" not in report:
        return None
    sig = (outcome.exit or {}).get("signal")
    if sig == signal.SIGXCPU:
        return _verdict(bundle, Status.TIMEOUT, "timeout", timeout, **base)
    if sig:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return _verdict(bundle, Status.ERROR, "crashed", msg("crashed", lang, sig=sig, name=name), **base)
    return _verdict(bundle, Status.ERROR, "ended_early", msg("ended_early", lang), **base)


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
        result.message = _learner_failure(err, lang, "", bundle.memory_mb)[1]
    return result


# ---- judging a grade, step by step -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Run:
    """One learner run next to the reference's, decoded: what every check looks at."""

    bundle: Bundle
    code: str
    cases: list[dict]
    got: list[dict]  # per case: {"value": …} or {"error": {...}}
    want: list[dict]
    segments: list  # per case: [start, end] of what it printed
    output: str
    lang: str


@dataclass
class _Failure:
    diagnosis: str
    text: str
    status: str = "fail"  # fail | error (the check broke: never the learner's fault)
    generic: bool = False
    memory: bool = False


def judge_grade(bundle: Bundle, code: str, seed: int, cases: list[dict], learner: Outcome,
                reference: Outcome, lang: str) -> GradeResult:
    """Compare the learner's observations with the reference's, check by check, case by case."""
    if not _reference_ok(reference, cases):
        log.error("%s: the reference solution failed on seed %s: %s", bundle.dir / "solution.py", seed,
                  _reference_failure(reference))
        text = msg("grader_problem", lang, detail="reference solution failed")
        return _verdict(bundle, Status.ERROR, "grader_problem", text, gradable=False, score=0.0, seed=seed,
                        duration_ms=learner.wall_ms)
    fatal = _fatal(bundle, learner, lang, "grade")
    if fatal:
        fatal.seed = seed
        return fatal
    report = learner.report
    output, cut = _cut(report.get("output", ""), TOTAL_OUTPUT_CHARS, lang)
    base = dict(exercise_id=bundle.id, seed=seed, duration_ms=learner.wall_ms, output=output, output_truncated=cut,
                protections_missing=_missing(learner), gradable=True)
    if report.get("load_error"):
        return _load_failed(bundle, report["load_error"], code, lang, base)
    got = _decoded(report, len(cases))
    if got is None:
        text = msg("ended_early", lang)
        return GradeResult(status=Status.ERROR, score=0.0, message=text, diagnoses=[Diagnosis("ended_early", text)],
                           **base)
    run = _Run(bundle, code, cases, got, [_decode_obs(o) for o in reference.report["observations"]],
               report.get("segments", [])[1:], report.get("output", ""), lang)
    tests, failures = zip(*(_run_check(spec, run) for spec in bundle.checks))
    result = _scored(list(tests), [f for f in failures if f], base, lang)
    result.charts = _charts(run)
    return result


def _reference_ok(reference: Outcome, cases: list[dict]) -> bool:
    """The reference solution ran cleanly and observed every case (otherwise it is the grader's problem)."""
    report = reference.report
    return bool(not reference.timed_out and report and not report.get("load_error") and "harness_error" not in report
                and not any("error" in o for o in report.get("observations", []))
                and len(report.get("observations", [])) == len(cases))


def _reference_failure(reference: Outcome) -> str:
    report = reference.report or {}
    if reference.timed_out:
        return "timed out"
    err = report.get("load_error") or next((o["error"] for o in report.get("observations", []) if "error" in o), None)
    if err:
        return f"line {err.get('line')}: {err.get('type')}: {err.get('message')}"
    return report.get("harness_error") or f"{len(report.get('observations', []))} observation(s) for the cases"


def _load_failed(bundle: Bundle, err: dict, code: str, lang: str, base: dict) -> GradeResult:
    """The learner's module raised while loading: every check fails with that one error."""
    diag, text = _learner_failure(err, lang, code, bundle.memory_mb)
    tests = [TestResult(name=c.name.get(lang, c.name["ko"]), status="error", message=text, max_points=c.points)
             for c in bundle.checks]
    return GradeResult(status=_status_for_error(err), score=0.0, message=text, tests=tests,
                       diagnoses=[Diagnosis(diag, text)], **base)


def _decoded(report: dict, n_cases: int) -> list[dict] | None:
    """The learner's observations, one per case, or None when some are missing or undecodable."""
    try:
        got = [_decode_obs(o) for o in report.get("observations", [])]
    except wire.WireError:
        return None
    return got if len(got) == n_cases else None


def _run_check(spec: CheckSpec, run: _Run) -> tuple[TestResult, _Failure | None]:
    """One check over every case, stopping at the first failing one."""
    test = TestResult(name=spec.name.get(run.lang, spec.name["ko"]), status="pass", points=spec.points,
                      max_points=spec.points)
    for i, case in enumerate(run.cases):
        failure = _check_case(spec, run, i, case)
        if failure:
            test.status, test.message, test.points, test.diagnosis = failure.status, failure.text, 0.0, failure.diagnosis
            if i < len(run.segments):
                start, end = run.segments[i]
                test.output = _cut(run.output[start:end], CHECK_OUTPUT_CHARS, run.lang)[0]
            return test, failure
    return test, None


def _check_case(spec: CheckSpec, run: _Run, i: int, case: dict) -> _Failure | None:
    if "error" in run.got[i]:  # the learner's code raised on this case: checks never see a broken observation
        err = run.got[i]["error"]
        diag, text = _learner_failure(err, run.lang, run.code, run.bundle.memory_mb)
        return _Failure(diag, text, memory=bool(err.get("memory")))
    trial = Trial(got=run.got[i]["value"], want=run.want[i]["value"], case=case, source=run.code, index=i)
    try:
        with analysing(_families_of(spec, run.bundle), run.bundle.transformations, trial):
            spec.fn(trial)
    except Exception as exc:
        if _is_incorrect(exc):
            return _named(run.bundle, trial, exc, run.lang, _families_of(spec, run.bundle))
        log.error("%s: check %s failed on case %d (the learner sees 'not your fault')", _where_in(exc, run.bundle),
                  spec.fn.__name__, i, exc_info=exc)
        return _Failure("check_crashed", msg("check_crashed", run.lang), "error")
    return None


def _where_in(exc: BaseException, bundle: Bundle) -> str:
    """`checks.py:line: Type: message` of a check's own crash, for the instructor."""
    path = bundle.dir / "checks.py"
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
    return f"{path}:{lines[-1] if lines else 1}: {type(exc).__name__}: {exc}"


def _scored(tests: list[TestResult], failures: list[_Failure], base: dict, lang: str) -> GradeResult:
    """Points over all checks; one diagnosis per distinct cause (the first message that named it)."""
    total = sum(t.max_points for t in tests) or 1.0
    score = round(sum(t.points for t in tests) / total, 4)
    diagnoses: dict[str, Diagnosis] = {}
    for f in failures:
        diagnoses.setdefault(f.diagnosis, Diagnosis(f.diagnosis, f.text, generic=f.generic))
    failed = [t for t in tests if t.status != "pass"]
    if not failed:
        status, message = Status.PASS, msg("pass", lang)
    else:
        status = Status.MEMORY if any(f.memory for f in failures) else Status.FAIL
        message = msg("fail", lang, failed=len(failed))
    return GradeResult(status=status, score=score, message=message, tests=tests, diagnoses=list(diagnoses.values()),
                       **base)


def _charts(run: _Run) -> list[dict]:
    """The exercise's teaching charts for the first case; their failure never changes the verdict."""
    if not run.bundle.charts or "value" not in run.got[0]:
        return []
    try:
        return list(run.bundle.charts(Trial(got=run.got[0]["value"], want=run.want[0]["value"], case=run.cases[0],
                                            source=run.code, index=0)) or [])
    except Exception:
        return []


def _families_of(spec: CheckSpec, bundle: Bundle) -> tuple[str, ...] | None:
    families = getattr(spec, "families", None)  # a CheckSpec from before a reload may not have the field
    return families if families is not None else bundle.families


def _named(bundle: Bundle, trial: Trial, exc: Incorrect, lang: str, families: tuple[str, ...] | None) -> _Failure:
    """The failure a check raised, or the named mistake behind it when the check only said "it differs"."""
    generic = bool(getattr(exc, "generic", False)) or exc.diagnosis in analysis.GENERIC
    if generic:
        finding = _second_opinion(bundle, trial, exc, families)
        if finding is not None:
            return _Failure(finding.id, finding.message(lang))
    return _Failure(exc.diagnosis, exc.message(lang), generic=generic)


def _second_opinion(bundle: Bundle, trial: Trial, exc: Incorrect,
                    families: tuple[str, ...] | None) -> "analysis.Finding | None":
    """Ask the mistake analysis about a generic failure: its evidence, else every observed quantity that differs."""
    try:
        want = trial.want if isinstance(trial.want, dict) else {}
        ctx = {**trial.case, **want}
        kw = dict(families=families, extra=bundle.transformations, static=trial.static)
        evidence = getattr(exc, "evidence", None)
        if evidence is not None:
            return analysis.diagnose(evidence.got, evidence.want, context={**ctx, **evidence.context},
                                     what=evidence.what, what_en=evidence.what_en, **kw)
        if exc.diagnosis != "wrong_value":  # "None", "wrong type" … say what is wrong with one value: keep them
            return None
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
