"""Builds one sandbox ahead of time: zygote → keeper → init (PID 1 of fresh namespaces) → learner process.

Every fork happens before the submission arrives, so isolation costs nothing on the path from submit to
verdict. The keeper stays outside the new PID namespace to report the init's pid (the pool kills the
whole namespace through it); the init reaps, reports how the learner process ended and, by exiting,
makes the kernel kill anything the learner left behind (setsid, double forks).
"""
from __future__ import annotations

import gc
import os
import resource
import select
import signal
from dataclasses import dataclass, field

from grader import harness, linux, wire

WAITING_NICE = 10
NAMESPACES = linux.CLONE_NEWPID | linux.CLONE_NEWNET | linux.CLONE_NEWNS | linux.CLONE_NEWIPC | linux.CLONE_NEWUTS


@dataclass(frozen=True)
class SandboxSpec:
    uid: int
    hide: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    tmp_mb: int = 64
    nofile: int = 256
    nproc: int = 256
    fsize_mb: int = 8


@dataclass
class Protections:
    """What actually took effect in this sandbox; reported, never assumed."""

    pid_namespace: bool = False
    network_namespace: bool = False
    mount_namespace: bool = False
    private_proc: bool = False
    hidden_paths: bool = False
    private_tmp: bool = False
    unprivileged_uid: bool = False
    no_new_privs: bool = False
    rlimits: bool = False
    seccomp: bool = False
    notes: list[str] = field(default_factory=list)


def spawn(spec: SandboxSpec, job_fd: int, result_fd: int, status_fd: int) -> int:
    """Fork the keeper; returns its pid in the zygote. Never returns in the children."""
    # Everything the zygote holds leaves the garbage collector's care before the fork: otherwise a full
    # collection in a sandbox writes to every object of TensorFlow's and Keras's heap and so copies it
    # (measured in a fresh fork: ~230 ms of CPU and 24,000 copied pages; frozen, ~7 ms and 450).
    gc.freeze()
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:
        _keeper(spec, job_fd, result_fd, status_fd)
        code = 0
    except BaseException as exc:  # report, then leave: a half-built sandbox must never run code
        _try_status(status_fd, {"error": f"keeper: {type(exc).__name__}: {exc}"})
    finally:
        os._exit(code)


def _try_status(fd: int, message: dict) -> None:
    try:
        wire.write_frame(fd, message)
    except OSError:
        pass


def _keeper(spec: SandboxSpec, job_fd: int, result_fd: int, status_fd: int) -> None:
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _close_all_but({job_fd, result_fd, status_fd})
    prot = Protections()
    # The filter is built here, before the first mount: what the mounts hide (a venv under /tmp) cannot take it away.
    seccomp = linux.seccomp_filter()
    if seccomp is None:
        prot.notes.append(f"seccomp unavailable: {linux.seccomp_unavailable() or 'pyseccomp or libseccomp2 missing'}")
    try:
        linux.unshare(NAMESPACES)
        prot.pid_namespace = prot.network_namespace = prot.mount_namespace = True
    except OSError as exc:
        prot.notes.append(f"namespaces unavailable: {exc}")
    init = os.fork()
    if init == 0:
        try:
            _init(spec, prot, seccomp, job_fd, result_fd, status_fd)
        except BaseException as exc:
            _try_status(status_fd, {"error": f"init: {type(exc).__name__}: {exc}"})
        os._exit(71)
    os.close(job_fd)
    os.close(result_fd)
    wire.write_frame(status_fd, {"pid": init})
    os.waitpid(init, 0)


def _close_all_but(keep: set[int]) -> None:
    for fd in range(3, 1024):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _init(spec: SandboxSpec, prot: Protections, seccomp, job_fd: int, result_fd: int, status_fd: int) -> None:
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    if prot.mount_namespace:
        _build_filesystem(spec, prot)
    learner = os.fork()
    if learner == 0:
        os.close(status_fd)
        try:
            _become_learner(spec, prot, seccomp, job_fd, result_fd)
        except BaseException as exc:
            _try_status(result_fd, {"error": f"sandbox setup: {type(exc).__name__}: {exc}"})
        os._exit(72)
    os.close(job_fd)
    os.close(result_fd)
    usage = None
    while True:  # as PID 1 we also reap anything the learner orphaned
        try:
            pid, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        if pid == learner:
            break
    if os.WIFSIGNALED(status):
        report = {"exit": {"signal": os.WTERMSIG(status)}}
    else:
        report = {"exit": {"code": os.WEXITSTATUS(status)}}
    if usage is not None:  # what the learner process and this init cost (warm-up included), for figures
        own = resource.getrusage(resource.RUSAGE_SELF)
        report["cpu_ms"] = round((usage.ru_utime + usage.ru_stime + own.ru_utime + own.ru_stime) * 1000, 1)
    report["output"] = _leftover_output()
    _try_status(status_fd, report)
    # Leaving kills every process still in this PID namespace.


def _leftover_output() -> str:
    """What the learner printed before being stopped (a timeout sends no report of its own)."""
    try:
        with open(harness.OUTPUT_FILE, "rb") as fh:
            return fh.read(harness.OUTPUT_KEEP).decode("utf-8", "replace")
    except OSError:
        return ""


def _build_filesystem(spec: SandboxSpec, prot: Protections) -> None:
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    try:
        linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
        prot.private_proc = True
    except OSError as exc:
        prot.notes.append(f"private /proc: {exc}")
    # Open what must stay visible (the Python install) before covering its ancestors.
    keep_fds = {}
    for path in spec.keep:
        try:
            keep_fds[path] = os.open(path, os.O_PATH | os.O_DIRECTORY)
        except OSError:
            pass
    hidden = []
    for path in sorted(set(spec.hide)):
        if any(path == h or path.startswith(h.rstrip("/") + "/") for h in hidden) or not os.path.isdir(path):
            continue
        linux.mount("tmpfs", path, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "size=1m,mode=0755")
        hidden.append(path)
    _show_again(keep_fds, hidden)
    for path in hidden:
        linux.mount(None, path, None, linux.MS_REMOUNT | linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV, "size=1m,mode=0755")
    prot.hidden_paths = bool(hidden)
    linux.mount("tmpfs", "/tmp", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV,
                f"size={spec.tmp_mb}m,mode=0700,uid={spec.uid},gid={spec.uid}")
    prot.private_tmp = True
    # A Python environment under /tmp (a venv) stays importable, read-only, inside the fresh /tmp.
    _show_again(keep_fds, ["/tmp"])
    for fd in keep_fds.values():
        os.close(fd)


def _show_again(keep_fds: dict[str, int], covered: list[str]) -> None:
    """Bind each kept path that a mount over one of `covered` hid back in place, read-only."""
    for path, fd in keep_fds.items():
        if any(path.startswith(c.rstrip("/") + "/") for c in covered):
            os.makedirs(path, exist_ok=True)
            linux.mount(f"/proc/self/fd/{fd}", path, None, linux.MS_BIND | linux.MS_REC)
            linux.mount(None, path, None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV)


def _become_learner(spec: SandboxSpec, prot: Protections, seccomp, job_fd: int, result_fd: int) -> None:
    if os.getuid() == 0:
        os.setgroups([])
        os.setresgid(spec.uid, spec.uid, spec.uid)
        os.setresuid(spec.uid, spec.uid, spec.uid)
        prot.unprivileged_uid = True
    else:
        prot.unprivileged_uid = os.getuid() != 0
        prot.notes.append("grader is not root: the learner runs as the grader's own user")
    linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
    prot.no_new_privs = True
    os.chdir("/tmp" if prot.private_tmp else os.environ.get("TMPDIR", "/tmp"))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (spec.nofile, spec.nofile))
    resource.setrlimit(resource.RLIMIT_NPROC, (spec.nproc, spec.nproc))
    fsize = spec.fsize_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    prot.rlimits = True
    if seccomp is not None:
        seccomp.load()
        prot.seccomp = True
    # Warm up (and wait) at low priority, so preparing the next sandboxes never slows a running job;
    # the pool raises this process back to normal priority when it hands it a job. Ready is said before
    # warming: the sandbox is isolated and can take a job now, and in a burst a job that waits for a
    # warm-up pays more than it saves (see harness.warm_up), so warming stops once a job is in the pipe.
    os.setpriority(os.PRIO_PROCESS, 0, WAITING_NICE)
    wire.write_frame(result_fd, {"ready": True, "protections": prot.__dict__})
    harness.warm_up(job_waiting=lambda: bool(select.select([job_fd], [], [], 0)[0]))
    harness.serve(job_fd, result_fd)
