"""`python -m grader doctor`: proves each sandbox protection from inside a real sandbox and says which are missing."""
from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from grader.pool import GraderPool

# Runs as learner code in a sandbox; every probe reports what it saw, and the doctor decides.
_PROBE = r'''
import json, os, resource, socket
found = {}
def attempt(name, fn):
    try:
        found[name] = ["ok", str(fn())[:200]]
    except BaseException as exc:
        found[name] = ["denied", f"{type(exc).__name__}: {exc}"[:200]]
def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=2)
    s.close()
    return "connected"
attempt("connect", connect)
attempt("read_root_only", lambda: open("/etc/shadow").read(10))
attempt("read_hidden", lambda: open(HIDDEN_FILE).read(10))
attempt("read_database", lambda: os.listdir(DATA_DIR))
attempt("write_outside", lambda: open(WRITE_TARGET, "w").write("x"))
attempt("write_var_tmp", lambda: open("/var/tmp/stream-doctor", "w").write("x"))
attempt("write_tmp", lambda: open("own-file", "w").write("x"))
attempt("fork", lambda: os.fork() or os._exit(0))
status = open("/proc/self/status").read()
found["uid"] = os.getuid()
found["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
found["env"] = sorted(os.environ)
found["no_new_privs"] = "NoNewPrivs:\t1" in status
found["seccomp"] = "Seccomp:\t2" in status
found["limits"] = {n: resource.getrlimit(getattr(resource, n))[1] for n in ("RLIMIT_CPU", "RLIMIT_DATA", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_FSIZE")}
found["cwd"] = os.getcwd()
print("DOCTOR" + json.dumps(found))
'''

_SAFE_ENV = {"PATH", "LANG", "HOME", "TF_CPP_MIN_LOG_LEVEL", "PYTHONDONTWRITEBYTECODE", "PYTHONHASHSEED",
             "PYTHONPATH", "KERAS_BACKEND", "LC_CTYPE"}


def _verdicts(found: dict, hidden_file: Path) -> list[tuple[str, bool, str]]:
    unlimited = resource_infinity()
    limits = found["limits"]
    return [
        ("no network (new network namespace, no sockets)", found["connect"][0] == "denied", found["connect"][1]),
        ("unprivileged identity", found["uid"] != 0, f"uid {found['uid']}"),
        ("root-only files unreadable", found["read_root_only"][0] == "denied", found["read_root_only"][1]),
        ("hidden checks/solution unreadable", found["read_hidden"][0] == "denied", f"{hidden_file}: {found['read_hidden'][1]}"),
        ("database directory unreadable", found["read_database"][0] == "denied", found["read_database"][1]),
        ("grader environment not visible", not _leaked(found["env"]), "leaked: " + ", ".join(_leaked(found["env"])) if _leaked(found["env"]) else "only: " + ", ".join(found["env"])),
        ("other processes not visible (own PID namespace)", len(found["pids"]) <= 2, f"visible pids: {found['pids'][:8]}"),
        ("cannot write outside the temp dir", found["write_outside"][0] == "denied" and found["write_var_tmp"][0] == "denied",
         found["write_outside"][1]),
        ("fresh private temp dir", found["write_tmp"][0] == "ok" and found["cwd"] == "/tmp", found["cwd"]),
        ("no new processes (fork denied)", found["fork"][0] == "denied", found["fork"][1]),
        ("no privilege gain (no_new_privs)", bool(found["no_new_privs"]), ""),
        ("system-call filter (seccomp)", bool(found["seccomp"]), ""),
        ("limits: CPU, memory, processes, open files, file size",
         all(limits[k] != unlimited for k in limits), ", ".join(f"{k[7:]}={v}" for k, v in limits.items())),
    ]


# Which note of the sandbox's explains a missing protection (the first word of the note says what failed).
_CAUSES = (
    (("system-call filter", "no new processes"), "seccomp"),
    (("no network", "other processes", "hidden", "database", "cannot write", "fresh private"), "namespaces"),
    (("unprivileged identity", "root-only"), "grader is not root"),
)


def cause_of(name: str, notes: list[str]) -> str:
    """The sandbox's own note on why `name` is missing, or what to look at when it left none."""
    for names, prefix in _CAUSES:
        if name.startswith(names):
            found = [n for n in notes if n.startswith(prefix) or prefix in n]
            if found:
                return "; ".join(found)
    if name.startswith(("system-call filter", "no new processes")):
        return "the filter was built but did not take effect (is the kernel built with seccomp?)"
    if name.startswith(("unprivileged identity", "root-only")):
        return "the grader is not running as root, so it cannot switch the learner to its own uid"
    if name.startswith("limits"):
        return "setrlimit failed in the sandbox; see the notes below"
    return "the sandbox set it up but the probe could still get through; see the detail above"


def _leaked(names: list[str]) -> list[str]:
    """Variables of the grader's own environment (the canary among them) that reached the learner."""
    return sorted(n for n in names if n in os.environ and n not in _SAFE_ENV)


def resource_infinity() -> int:
    import resource

    return resource.RLIM_INFINITY


def run_doctor(exercises_dir: Path) -> int:
    from settings import get_settings

    os.environ["STREAM_DOCTOR_CANARY"] = "must-not-reach-the-sandbox"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    hidden = next(iter(sorted(Path(exercises_dir).glob("*/solution.py"))), Path(exercises_dir) / "README.md")
    data_dir = get_settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    code = (_PROBE.replace("PORT", str(port)).replace("HIDDEN_FILE", repr(str(hidden)))
            .replace("DATA_DIR", repr(str(data_dir))).replace("WRITE_TARGET", repr(str(Path(exercises_dir).parent / "doctor-was-here"))))
    with GraderPool(exercises_dir, workers=1, warm=1) as pool:
        outcome = pool.run_script(code, time_limit_s=20)
        print(f"Stream grader doctor — TensorFlow {pool.tensorflow_version}, grader running as uid {os.getuid()}")
    listener.close()
    report = outcome.report or {}
    line = next((ln for ln in report.get("output", "").splitlines() if ln.startswith("DOCTOR")), None)
    if line is None:
        print(f"the doctor's probe did not run: {outcome.error or report.get('load_error') or outcome.exit}")
        return 1
    found = json.loads(line[len("DOCTOR"):])
    missing = 0
    notes = outcome.protections.get("notes") or []
    for name, ok, detail in _verdicts(found, hidden):
        print(f"  {'✓' if ok else '✗'} {name}" + (f"  — {detail}" if detail else ""))
        if not ok:
            print(f"      cause: {cause_of(name, notes)}")
        missing += not ok
    for note in notes:
        print(f"  note: {note}")
    print("all protections active" if not missing else f"{missing} protection(s) MISSING: submissions on this host are less isolated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(run_doctor(Path(sys.argv[1])))
