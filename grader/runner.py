"""The host side of the sandboxes: starts the zygote, keeps sandboxes warm, runs one job in a fresh one.

This module runs in the caller's process (Streamlit, the CLI, a queue worker) and never imports
TensorFlow: the zygote is a separate interpreter reached over a Unix socket.
"""
from __future__ import annotations

import collections
import json
import logging
import os
import queue
import secrets
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader import wire

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
UID_COUNT = 64


def _uid_base() -> int:
    """Each pool gets its own block of uids, so two pools on one host (app replicas, a selftest beside the
    app) never share RLIMIT_NPROC accounting or look like each other's leftovers."""
    configured = os.environ.get("STREAM_GRADER_UID_BASE")
    if configured:
        return int(configured)
    return 200_000 + secrets.randbelow(10_000) * UID_COUNT
ZYGOTE_START_TIMEOUT_S = 120.0
READY_TIMEOUT_S = 60.0


class GraderUnavailable(Exception):
    """The grading machinery could not start (the zygote died or never answered)."""


@dataclass
class Outcome:
    """How one sandboxed job ended, before any judging."""

    report: dict | None = None  # the harness's report, if it sent one
    exit: dict | None = None  # {"code": n} or {"signal": n} of the learner process
    leftover_output: str = ""  # what it printed, when it sent no report (a timeout, a crash)
    timed_out: bool = False
    wall_ms: float = 0.0
    error: str | None = None
    protections: dict = field(default_factory=dict)


def _hidden_paths(extra: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the learner must not see, and the Python install that must stay visible inside it."""
    hide = {"/root", "/home", "/run", "/var/tmp", "/var/lib", "/var/log", "/var/spool", "/var/mail",
            "/mnt", "/srv", "/media", "/dev/shm", "/opt", str(REPO_ROOT), str(REPO_ROOT.parent)}
    hide.update(extra)
    hide.discard("/")
    keep = {sys.prefix, sys.base_prefix, sys.exec_prefix}
    keep.update(p for p in sys.path if p and os.path.isdir(p) and "site-packages" in p)
    return tuple(sorted(hide)), tuple(sorted(keep))


def _zygote_env() -> dict[str, str]:
    # A minimal environment: the learner process inherits this block and /proc/self/environ shows it,
    # so nothing of the grader's own environment (database URLs, secrets) may be in it.
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp",
           "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(REPO_ROOT), "KERAS_BACKEND": "tensorflow",
           # oneDNN builds (JIT-compiles) a primitive the first time each op/shape runs; exercises run tiny
           # tensors in processes that live for one job, so that set-up is never paid back. Off, a
           # sandbox's warm-up takes ~150 ms of CPU instead of ~220 ms and a job runs no slower.
           "TF_ENABLE_ONEDNN_OPTS": "0"}
    return env


class Sandbox:
    """One pre-forked, warmed sandbox that will run exactly one job."""

    def __init__(self, uid: int, job_w: int, result_r: int, status_r: int) -> None:
        self.uid = uid
        self.job_w, self.result_r, self.status_r = job_w, result_r, status_r
        self.init_pid: int | None = None
        self.protections: dict = {}
        self.closed = False
        self.zygote: "Zygote | None" = None
        self.cpu_ms: float | None = None  # CPU time of its learner process and init, once they have ended
        self.answered = False  # it sent its report, so it is ending on its own

    def wait_ready(self, deadline: float) -> None:
        status = wire.read_frame(self.status_r, deadline)
        if not status or "pid" not in status:
            raise GraderUnavailable(f"sandbox did not start: {status}")
        self.init_pid = int(status["pid"])
        ready = wire.read_frame(self.result_r, deadline)
        if not ready or not ready.get("ready"):
            raise GraderUnavailable(f"sandbox failed to prepare: {ready or self._status_error()}")
        self.protections = ready.get("protections", {})

    def _status_error(self) -> str:
        try:
            frame = wire.read_frame(self.status_r, time.monotonic() + 1)
        except Exception:
            return "no report"
        return str(frame)

    def send(self, job: dict) -> None:
        self._raise_priority()
        try:
            wire.write_frame(self.job_w, job)
        finally:
            os.close(self.job_w)
            self.job_w = -1

    def collect(self, deadline: float, started: float) -> Outcome:
        outcome = Outcome(protections=self.protections)
        try:
            frame = wire.read_frame(self.result_r, deadline)
            if frame is not None:
                outcome.report = frame.get("result")
                self.answered = outcome.report is not None
                if outcome.report is None:
                    outcome.error = str(frame.get("error") or "the sandbox sent no result")
        except TimeoutError:
            outcome.timed_out = True
            self._kill_learner()
        except wire.WireError as exc:
            outcome.error = f"unreadable result: {exc}"
        outcome.wall_ms = (time.monotonic() - started) * 1000
        if outcome.report is None:
            # The init reports how the learner process ended (a signal, an exit code) and what it
            # printed, before it leaves.
            outcome.exit, outcome.leftover_output = self._exit_status(with_output=True)
        return outcome

    def _learner_pids(self) -> list[int]:
        try:
            with open(f"/proc/{self.init_pid}/task/{self.init_pid}/children") as fh:
                return [int(p) for p in fh.read().split()]
        except (OSError, ValueError, TypeError):
            return []

    def _raise_priority(self) -> None:
        """Back to normal priority for the job (only root may lower a nice value; elsewhere it stays)."""
        for pid in self._learner_pids():
            for tid in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else []:
                try:
                    os.setpriority(os.PRIO_PROCESS, int(tid), 0)  # nice is per thread on Linux
                except OSError:
                    pass

    def _kill_learner(self) -> None:
        """Kill only the learner process, so the init can still report its output; the init goes next."""
        children = self._learner_pids()
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if not children:
            self.kill()

    def kill(self) -> None:
        # SIGKILL to the namespace's init takes every process in it down, setsid or not.
        if self.init_pid:
            try:
                os.kill(self.init_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _exit_status(self, with_output: bool = False, wait_s: float | None = None):
        result, output = None, ""
        deadline = time.monotonic() + (wait_s or (1.5 if with_output else 5))
        try:
            while True:
                frame = wire.read_frame(self.status_r, deadline)
                if frame is None:
                    break
                result = frame.get("exit", result)
                output = frame.get("output", output)
                self.cpu_ms = frame.get("cpu_ms", self.cpu_ms)
        except (TimeoutError, wire.WireError):
            self.kill()
        return (result, output) if with_output else result

    def close(self) -> None:
        """Kill the sandbox and wait until every process of it is gone, so its uid can be reused."""
        if self.closed:
            return
        self.closed = True
        if self.answered:
            # A learner process that answered exits at once; its init then reports what it cost. Killing
            # first would lose that figure. The grace is short and bounded: a process that lingers is
            # killed with its whole namespace all the same.
            self._exit_status(wait_s=0.5)
        self.kill()
        self._exit_status()
        for fd in (self.job_w, self.result_r, self.status_r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass


class Zygote:
    """The TensorFlow-importing subprocess that forks sandboxes."""

    def __init__(self, hide: tuple[str, ...] = ()) -> None:
        self.hide, self.keep = _hidden_paths(hide)
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader.zygote", str(child.fileno())],
            pass_fds=[child.fileno()], env=_zygote_env(), cwd=str(REPO_ROOT),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        child.close()
        # Drain stderr for as long as the zygote lives: an unread pipe fills at 64 KB and would then
        # block every sandbox that writes a warning. The tail is kept for error messages.
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=200)
        threading.Thread(target=self._drain_stderr, name="grader-zygote-stderr", daemon=True).start()
        self.sock = parent
        self.lock = threading.Lock()
        self._uids: queue.Queue[int] = queue.Queue()
        base = _uid_base()
        for i in range(UID_COUNT):
            self._uids.put(base + i)
        ready, _, _ = select.select([self.sock], [], [], ZYGOTE_START_TIMEOUT_S)
        msg = self.sock.recv(65536) if ready else b""
        if not msg:
            self.proc.kill()
            self.proc.wait(10)
            time.sleep(0.1)  # let the drain thread take the last lines
            err = "".join(self._stderr_tail)[-2000:]
            raise GraderUnavailable(f"the grader's TensorFlow process did not start. {err}".strip())
        self.info = json.loads(msg)

    def _drain_stderr(self) -> None:
        for raw in iter(self.proc.stderr.readline, b""):
            line = raw.decode("utf-8", "replace")
            self._stderr_tail.append(line)
            log.debug("zygote: %s", line.rstrip())

    def alive(self) -> bool:
        return self.proc.poll() is None

    def spawn(self, **spec) -> Sandbox:
        uid = self._uids.get()
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
        status_r, status_w = os.pipe()
        try:
            with self.lock:
                socket.send_fds(self.sock, [json.dumps({"spec": {"uid": uid, "hide": self.hide, "keep": self.keep, **spec}}).encode()],
                                [job_r, result_w, status_w])
        except OSError as exc:
            for fd in (job_r, job_w, result_r, result_w, status_r, status_w):
                os.close(fd)
            self._uids.put(uid)
            raise GraderUnavailable(f"the grader's TensorFlow process is gone: {exc}") from None
        for fd in (job_r, result_w, status_w):
            os.close(fd)
        box = Sandbox(uid, job_w, result_r, status_r)
        return box

    def release_uid(self, uid: int) -> None:
        self._uids.put(uid)

    def stop(self) -> None:
        try:
            self.sock.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
