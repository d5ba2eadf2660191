"""Code that belongs to no exercise (a lesson's code blocks): run in a sandbox, in order, each block's output apart.

A snippet run has no probe, no hidden cases and no verdict: it says what each block printed and, if one failed,
which one and why, in the learner's words. The pool queues it with the grading jobs (GraderPool.submit_parts).
"""
from __future__ import annotations

import signal
from dataclasses import dataclass, field

from grader.explain import learner_error
from grader.messages import msg
from grader.runner import Outcome

# The exercise Run's limits (an exercise's front matter defaults, catalog/schema.py), and its output cap.
TIME_LIMIT_S = 10.0
MEMORY_MB = 1024
OUTPUT_CHARS = 4000
MAX_TIME_LIMIT_S = 60.0
MAX_PARTS = 60
MAX_CODE_BYTES = 100_000
# The exercise's message speaks of checks that never run here.
EXIT_CALLED = {"ko": "코드가 exit()를 불러서 실행이 거기서 멈췄어. 블록 안에서는 sys.exit()/exit()를 쓰지 마.",
               "en": "Your code called exit(), so the run stopped there. Don't call sys.exit()/exit() in a block."}


@dataclass(frozen=True)
class SnippetResult:
    """What a run of lesson blocks printed. `outputs` has one entry per block that ran (the failed one included)."""

    status: str  # ok | error | timeout | memory | crashed | grader_problem
    outputs: list[str] = field(default_factory=list)  # what each block printed to stdout
    stderr: list[str] = field(default_factory=list)  # what each block wrote to stderr (TensorFlow's warnings)
    failed: int | None = None  # index of the block that raised
    message: str = ""  # for the learner, when status is not ok
    error_type: str = ""  # e.g. "NameError", for tests and logs
    duration_ms: float = 0.0
    protections_missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def output_of(self, index: int) -> str:
        return self.outputs[index] if 0 <= index < len(self.outputs) else ""

    def stderr_of(self, index: int) -> str:
        return self.stderr[index] if 0 <= index < len(self.stderr) else ""


def time_limit_for(parts: list[str]) -> float:
    """The exercise Run's limit for each block, since a block runs after the blocks it builds on (at most a minute,
    the longest an exercise may ask for)."""
    return min(MAX_TIME_LIMIT_S, TIME_LIMIT_S * max(1, len(parts)))


def job_for_parts(parts: list[str], time_limit_s: float = TIME_LIMIT_S, memory_mb: int = MEMORY_MB) -> dict:
    return {"mode": "parts", "parts": list(parts), "code": "", "probe": "", "cases": [],
            "time_limit_s": time_limit_s, "memory_mb": memory_mb}


def screen_parts(parts: list[str], lang: str) -> SnippetResult | None:
    """A result at once for what needs no sandbox (too much code, a syntax error in some block), else None."""
    if not parts or len(parts) > MAX_PARTS or sum(len(p.encode("utf-8", "replace")) for p in parts) > MAX_CODE_BYTES:
        size = sum(len(p.encode("utf-8", "replace")) for p in parts)
        return SnippetResult("error", message=msg("too_large", lang, size=size, limit=MAX_CODE_BYTES))
    for index, code in enumerate(parts):
        try:
            compile(code, "submission.py", "exec")
        except SyntaxError as exc:
            return SnippetResult("error", outputs=[""] * (index + 1), failed=index, error_type="SyntaxError",
                                 message=_without_attempt_note(msg("syntax", lang, line=exc.lineno or 1, msg=exc.msg)))
        except ValueError as exc:  # NUL bytes
            return SnippetResult("error", outputs=[""] * (index + 1), failed=index, error_type="SyntaxError",
                                 message=_without_attempt_note(msg("syntax", lang, line=1, msg=str(exc))))
    return None


def _without_attempt_note(text: str) -> str:
    """The syntax message says it is not counted as an attempt; a lesson run is never one, so that is noise."""
    return text.split(" (")[0].rstrip(".") + "." if " (시도" in text or " (Not counted" in text else text


def _cut(text: str, lang: str) -> str:
    return text if len(text) <= OUTPUT_CHARS else text[:OUTPUT_CHARS] + msg("output_cut", lang, more=len(text) - OUTPUT_CHARS)


def judge_parts(outcome: Outcome, lang: str, time_limit_s: float = TIME_LIMIT_S,
                memory_mb: int = MEMORY_MB) -> SnippetResult:
    """Each block's output (cut like the exercise Run's), and the first failure told in the learner's terms."""
    missing = sorted(k for k, v in outcome.protections.items() if v is False)
    base = dict(duration_ms=outcome.wall_ms, protections_missing=missing)
    report = outcome.report
    if outcome.timed_out or report is None or "harness_error" in report:
        sig = (outcome.exit or {}).get("signal")
        leftover = [_cut(outcome.leftover_output or "", lang)]
        if outcome.timed_out or sig == signal.SIGXCPU:
            return SnippetResult("timeout", leftover, message=msg("timeout", lang, limit=f"{time_limit_s:g}"), **base)
        if sig:
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            return SnippetResult("crashed", leftover, message=msg("crashed", lang, sig=sig, name=name), **base)
        return SnippetResult("crashed", leftover, message=msg("ended_early", lang), **base)
    parts = report.get("parts", [])
    outputs = [_cut(part.get("output", ""), lang) for part in parts]
    base["stderr"] = [_cut(part.get("stderr", ""), lang) for part in parts]
    for index, part in enumerate(parts):
        err = part.get("error")
        if err:
            return SnippetResult("memory" if err.get("memory") else "error", outputs, failed=index,
                                 message=_failure_text(err, lang, memory_mb), error_type=err.get("type", ""), **base)
    return SnippetResult("ok", outputs, **base)


def _failure_text(err: dict, lang: str, memory_mb: int) -> str:
    if err.get("memory"):
        return msg("memory", lang, limit=memory_mb)
    if err.get("exit_called"):
        return EXIT_CALLED["en" if lang == "en" else "ko"]
    explained = learner_error(err, lang, "")
    if explained is not None and err.get("line"):
        return explained[1]
    where = msg("where_line", lang, line=err["line"]) if err.get("line") else msg("where_none", lang)
    text = msg("exception", lang, type=err.get("type", "Error"), where=where, msg=err.get("message", ""))
    if err.get("traceback") and err.get("line"):
        text += "\n\n" + err["traceback"]
    return text
