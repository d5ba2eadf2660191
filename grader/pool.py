"""The warm pool: a bounded FIFO of grading jobs in front of pre-forked sandboxes, one worker per core.

A burst of submissions waits in order and none is dropped; each caller holds a Ticket that says
queued (with its place), running or done. Every job gets fresh sandboxes that are thrown away after.
"""
from __future__ import annotations

import itertools
import logging
import os
import queue
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from grader import engine, snippets
from grader.result import Diagnosis, GradeResult, Status
from grader.runner import GraderUnavailable, Outcome, Sandbox, Zygote
from grader.messages import msg

log = logging.getLogger(__name__)

SEED_ROTATE_S = 30.0  # hidden cases change at least this often; within the window references are reused
SEED_ROTATE_USES = 16
REFERENCE_CACHE = 256
SANDBOX_WAIT_S = 90.0  # a sandbox normally is ready in ~0.3 s; this only bounds a wedged zygote


@dataclass
class Ticket:
    """A caller's handle on one job."""

    id: int
    exercise_id: str
    mode: str
    state: str = "queued"  # queued | running | done
    position: int = 0  # 1 = next to run, 0 once running
    sandbox_uids: list[int] = field(default_factory=list)  # which sandboxes ran it (tests check they are gone)
    submitted_at: float = field(default_factory=time.monotonic)
    _done: threading.Event = field(default_factory=threading.Event, repr=False)
    _result: GradeResult | None = None

    def result(self, timeout: float | None = None) -> GradeResult:
        if not self._done.wait(timeout):
            raise TimeoutError("grading is still in progress")
        return self._result

    @property
    def done(self) -> bool:
        return self._done.is_set()


@dataclass
class _Job:
    ticket: Ticket
    code: str | bytes
    lang: str
    seed: int | None
    screened: bool = False  # the caller already screened the code (services/grading screens once)
    parts: list[str] | None = None  # lesson code: blocks run in order, no exercise (grader.snippets)


class GraderPool:
    """Grades submissions in sandboxes; the caller's process never imports TensorFlow."""

    def __init__(self, exercises_dir: Path, workers: int | None = None, warm: int | None = None,
                 hide: tuple[str, ...] = ()) -> None:
        self.exercises_dir = Path(exercises_dir)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.warm_target = warm if warm is not None else self.workers + 1
        self._hide = tuple(hide) + (str(self.exercises_dir),)
        self._zygote: Zygote | None = None
        self._start_lock = threading.Lock()
        self._pending: list[_Job] = []
        self._cv = threading.Condition()
        self._ready: queue.Queue[Sandbox] = queue.Queue()
        self._preparing = 0
        self._prep_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._threads: list[threading.Thread] = []
        self._refs: OrderedDict[tuple, Outcome] = OrderedDict()
        self._refs_lock = threading.Lock()
        self._seeds: dict[str, tuple[int, float, int]] = {}
        self._closed = False
        # CPU the used sandboxes took in all (learner process with its warm-up and job, plus its init), for figures.
        self.sandbox_cpu_ms = 0.0
        self.sandboxes_used = 0
        self._protections: dict = {}  # what the latest ready sandbox reported

    # ---- lifecycle -------------------------------------------------------------------------------
    def start(self) -> "GraderPool":
        """Start the zygote and the workers (idempotent); takes about one TensorFlow import."""
        with self._start_lock:
            if self._zygote is not None and self._zygote.alive():
                return self
            if self._zygote is not None:  # it died: start over, with the jobs still queued
                log.warning("grader zygote died; restarting")
                self._drain_ready()
            self._zygote = Zygote(hide=self._hide)
            if not self._threads:
                for n in range(self.workers):
                    t = threading.Thread(target=self._work, name=f"grader-worker-{n}", daemon=True)
                    t.start()
                    self._threads.append(t)
            self._refill()
        return self

    def close(self) -> None:
        self._closed = True
        with self._cv:
            self._cv.notify_all()
        self._drain_ready()
        if self._zygote:
            self._zygote.stop()

    def __enter__(self) -> "GraderPool":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def tensorflow_version(self) -> str | None:
        return self._zygote.info.get("tensorflow") if self._zygote else None

    # ---- submitting ------------------------------------------------------------------------------
    def submit(self, exercise_id: str, code: str | bytes, lang: str = "ko", mode: str = "grade",
               seed: int | None = None, screened: bool = False) -> Ticket:
        """Queue a job; returns at once. mode "grade" runs the hidden checks, "run" the script itself.
        `screened`: the caller already passed the code through engine.screen (it is not screened again)."""
        ticket = Ticket(id=next(self._ids), exercise_id=exercise_id, mode=mode)
        with self._cv:
            self._pending.append(_Job(ticket, code, lang, seed, screened))
            self._renumber()
            self._cv.notify()
        return ticket

    def submit_parts(self, parts: list[str], lang: str = "ko", label: str = "lesson") -> Ticket:
        """Queue lesson code that belongs to no exercise: the blocks run in order in one sandbox, with the exercise
        Run's limits; the ticket's result is a grader.snippets.SnippetResult. `label` names it in logs."""
        ticket = Ticket(id=next(self._ids), exercise_id=label, mode="parts")
        screened = snippets.screen_parts(parts, lang)
        if screened is not None:
            ticket._result, ticket.state = screened, "done"
            ticket._done.set()
            return ticket
        with self._cv:
            self._pending.append(_Job(ticket, "", lang, None, True, parts=list(parts)))
            self._renumber()
            self._cv.notify()
        return ticket

    def grade(self, exercise_id: str, code: str | bytes, lang: str = "ko", mode: str = "grade",
              seed: int | None = None, timeout: float | None = None) -> GradeResult:
        self.start()
        return self.submit(exercise_id, code, lang, mode, seed).result(timeout)

    def protections_missing(self) -> list[str]:
        """The sandbox protections the latest ready sandbox reported missing ([] before the first one)."""
        return sorted(name for name, on in self._protections.items() if on is False)

    def queue_length(self) -> int:
        with self._cv:
            return len(self._pending)

    def _renumber(self) -> None:
        for i, job in enumerate(self._pending, start=1):
            job.ticket.position = i

    # ---- workers ---------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cv:
                while not self._pending and not self._closed:
                    self._cv.wait()
                if self._closed:
                    return
                job = self._pending.pop(0)
                self._renumber()
            job.ticket.state, job.ticket.position = "running", 0
            try:
                result = self._grade(job)
            except Exception as exc:  # the grader's own failure: never blamed on the learner
                log.exception("grading failed")
                # An exercise's broken files are the instructor's to read (logged above with file:line), not the learner's.
                detail = "exercise files" if isinstance(exc, engine.GraderError) else f"{type(exc).__name__}: {exc}"
                text = msg("grader_problem", job.lang, detail=detail)
                if job.parts is not None:
                    result = snippets.SnippetResult("grader_problem", message=text)
                else:
                    result = GradeResult(exercise_id=job.ticket.exercise_id, status=Status.ERROR, gradable=False,
                                         score=0.0, message=text, mode=job.ticket.mode,
                                         diagnoses=[Diagnosis("grader_problem", text)])
            job.ticket._result = result
            job.ticket.state = "done"
            job.ticket._done.set()

    def _grade(self, job: _Job) -> GradeResult:
        started = time.monotonic()
        ticket = job.ticket
        if job.parts is not None:
            self.start()
            limit = snippets.time_limit_for(job.parts)
            outcome = self._run_in_sandbox(snippets.job_for_parts(job.parts, limit), limit)
            return snippets.judge_parts(outcome, job.lang, limit)
        bundle = engine.load_bundle(self.exercises_dir, ticket.exercise_id)
        if job.screened:
            code = job.code
        else:
            screened = engine.screen(bundle, job.code, job.lang, ticket.mode)
            if isinstance(screened, GradeResult):
                return screened
            code = screened
        if ticket.mode == "run":
            outcome = self._run_in_sandbox(engine.job_for(bundle, code, "run", None), bundle.time_limit_s)
            result = engine.judge_run(bundle, outcome, job.lang)
        else:
            seed = job.seed if job.seed is not None else self._seed_for(bundle)
            cases = engine.make_cases(bundle, seed)
            key = (bundle.id, bundle.fingerprint, seed)
            with self._refs_lock:
                reference = self._refs.get(key)
            learner_box = self._take_sandbox()
            ref_box = self._take_sandbox() if reference is None else None
            ticket.sandbox_uids = [learner_box.uid] + ([ref_box.uid] if ref_box else [])
            learner_job = engine.job_for(bundle, code, "grade", cases)
            t0 = time.monotonic()
            learner_box.send(learner_job)
            if ref_box is not None:
                ref_box.send(engine.job_for(bundle, bundle.solution, "grade", cases, role="reference"))
            deadline = t0 + bundle.time_limit_s
            learner = self._finish(learner_box, deadline, t0)
            if ref_box is not None:
                reference = self._finish(ref_box, deadline + 5, t0)
                if reference.report and not reference.timed_out:
                    with self._refs_lock:
                        self._refs[key] = reference
                        while len(self._refs) > REFERENCE_CACHE:
                            self._refs.popitem(last=False)
            result = engine.judge_grade(bundle, code, seed, cases, learner, reference, job.lang)
        result.duration_ms = round((time.monotonic() - started) * 1000, 1)
        return result

    def _seed_for(self, bundle: engine.Bundle) -> int:
        now = time.monotonic()
        with self._refs_lock:
            seed, born, uses = self._seeds.get(bundle.id, (0, -1e9, SEED_ROTATE_USES))
            if now - born > SEED_ROTATE_S or uses >= SEED_ROTATE_USES:
                seed, born, uses = secrets.randbelow(2**31), now, 0
            self._seeds[bundle.id] = (seed, born, uses + 1)
        return seed

    def run_script(self, code: str, time_limit_s: float = 10, memory_mb: int = 1024) -> Outcome:
        """Run trusted diagnostic code (the doctor's probe) in a fresh sandbox, outside the queue."""
        self.start()
        return self._run_in_sandbox({"mode": "run", "code": code, "probe": "", "cases": [],
                                     "time_limit_s": time_limit_s, "memory_mb": memory_mb}, time_limit_s)

    def _run_in_sandbox(self, job: dict, time_limit_s: float) -> Outcome:
        box = self._take_sandbox()
        t0 = time.monotonic()
        box.send(job)
        return self._finish(box, t0 + time_limit_s, t0)

    def _finish(self, box: Sandbox, deadline: float, started: float) -> Outcome:
        try:
            return box.collect(deadline, started)
        finally:
            threading.Thread(target=self._dispose, args=(box,), daemon=True).start()

    def _dispose(self, box: Sandbox) -> None:
        box.close()
        if box.cpu_ms is not None:
            with self._prep_lock:
                self.sandbox_cpu_ms += box.cpu_ms
                self.sandboxes_used += 1
        zygote = self._zygote
        if zygote is not None:
            # The uid is reused only once every process of this sandbox is gone (status pipe at EOF).
            zygote.release_uid(box.uid)

    # ---- warm sandboxes --------------------------------------------------------------------------
    def _take_sandbox(self) -> Sandbox:
        self._refill()
        deadline = time.monotonic() + SANDBOX_WAIT_S
        while True:
            try:
                box = self._ready.get(timeout=1.0)
            except queue.Empty:
                if self._zygote is None or not self._zygote.alive():
                    self.start()  # replaces a dead zygote; queued jobs then go on
                elif time.monotonic() > deadline:
                    raise GraderUnavailable("no sandbox became ready in time") from None
                self._refill()
                continue
            if box.zygote is not self._zygote or not box.zygote.alive():
                box.close()  # forked by a zygote that has since died: its processes are gone
                continue
            threading.Thread(target=self._refill, daemon=True).start()
            return box

    def _refill(self) -> None:
        zygote = self._zygote
        if zygote is None or self._closed:
            return
        with self._prep_lock:
            need = self.warm_target - self._ready.qsize() - self._preparing
            if need <= 0:
                return
            self._preparing += need
        for _ in range(need):
            threading.Thread(target=self._prepare, args=(zygote,), daemon=True).start()

    def _prepare(self, zygote: Zygote) -> None:
        try:
            box = zygote.spawn()
            box.zygote = zygote
            try:
                box.wait_ready(time.monotonic() + 60)
                self._protections = dict(box.protections)
            except Exception:
                box.close()
                zygote.release_uid(box.uid)
                raise
            self._ready.put(box)
        except Exception as exc:
            if not self._closed:
                log.warning("could not prepare a sandbox: %s", exc)
        finally:
            with self._prep_lock:
                self._preparing -= 1

    def _drain_ready(self) -> None:
        while True:
            try:
                box = self._ready.get_nowait()
            except queue.Empty:
                return
            box.close()

