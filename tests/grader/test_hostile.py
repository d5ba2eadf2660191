"""Hostile submissions: each ends with a clear non-pass verdict in time, leaves nothing running, touches nothing."""
from __future__ import annotations

import os
import socket
import time
import uuid
from pathlib import Path

import pytest

from grader.result import Status
from tests.grader.conftest import CANARY, FIXTURES

LIMIT_S = 3  # toy-grad's time_limit_s
REPO = Path(__file__).resolve().parents[2]
# Every hostile file also defines the function, so a failure can only come from the attack itself.
TAIL = "\n\ndef grad_of_square_sum(x):\n    return x\n"


def _uid_processes(uid: int) -> list[int]:
    """Processes running as `uid`, read from their real credentials (a sandboxed process is not dumpable,
    so its /proc directory is owned by root and st_uid would hide it)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as fh:
                    uid_line = next(line for line in fh if line.startswith("Uid:"))
            except (OSError, StopIteration):
                continue
            if int(uid_line.split()[1]) == uid:
                pids.append(int(entry))
    return pids


def _grade(pool, code: str):
    started = time.monotonic()
    ticket = pool.submit("toy-grad", code + TAIL, lang="en")
    result = ticket.result(timeout=60)
    elapsed = time.monotonic() - started
    assert result.status is not Status.PASS, result.message
    assert elapsed <= LIMIT_S + 2, f"verdict took {elapsed:.1f} s"
    deadline = time.monotonic() + 10  # generous: teardown is asynchronous and the machine may be loaded
    while any(_uid_processes(u) for u in ticket.sandbox_uids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_uid_processes(u) for u in ticket.sandbox_uids), "sandbox processes survived the job"
    return result


HOSTILE = {
    "infinite_loop": ("while True:\n    pass", {Status.TIMEOUT}),
    "sigterm_ignored": ("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass", {Status.TIMEOUT}),
    "memory_bomb_bytes": ("x = bytearray(16 * 1024**3)", {Status.MEMORY}),
    "memory_bomb_list": ("x = []\nwhile True:\n    x.append(bytearray(10**8))", {Status.MEMORY}),
    # TensorFlow's CPU allocator stalls instead of failing under RLIMIT_DATA, so this one may end as a timeout.
    "memory_bomb_tf": ("import tensorflow as tf\nx = tf.ones((60000, 60000))", {Status.MEMORY, Status.TIMEOUT}),
    "fork_bomb": ("import os\nwhile True:\n    os.fork()", {Status.ERROR}),
    "thread_bomb": ("import threading, time\nwhile True:\n    threading.Thread(target=time.sleep, args=(60,)).start()", {Status.ERROR, Status.TIMEOUT}),
    "subprocess_shell": ("import subprocess\nsubprocess.run(['sh', '-c', 'id'])", {Status.ERROR}),
    "root_only_file": ("print(open('/etc/shadow').read())", {Status.ERROR}),
    "sys_exit_before_checks": ("import sys\nsys.exit(0)", {Status.ERROR}),
    "fake_pass_then_os_exit": ("import os\nprint('{\"status\": \"pass\", \"score\": 1}')\nos._exit(0)", {Status.ERROR}),
    "output_flood_50mb": ("import sys\nfor _ in range(50_000):\n    sys.stdout.write('x' * 1000)", {Status.ERROR}),
    "segfault_c_recursion": ("import sys\nsys.setrecursionlimit(10**8)\nclass A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())", {Status.ERROR}),
    "kill_parent": ("import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError:\n        pass\nraise SystemExit(0)", {Status.ERROR}),
    "fill_disk": ("f = open('fill', 'wb')\nwhile True:\n    f.write(b'x' * 2**20)", {Status.ERROR}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_submission_is_contained(pool, name):
    code, statuses = HOSTILE[name]
    result = _grade(pool, code)
    assert result.status in statuses, f"{name}: {result.status} {result.message}"
    assert result.message, "the learner must be told what happened"
    assert "/grader/" not in result.message and "harness" not in result.message


def test_output_flood_is_capped_with_a_notice(pool):
    result = _grade(pool, HOSTILE["output_flood_50mb"][0])
    assert len(result.output) < 5000
    assert "cut" in result.output


def test_segfault_is_reported_as_a_crash(pool):
    result = _grade(pool, HOSTILE["segfault_c_recursion"][0])
    assert "crashed" in result.diagnosis_ids()
    assert "SIGSEGV" in result.message


def test_connecting_to_a_local_listener_fails(pool):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    result = _grade(pool, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)")
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()
    assert result.status is Status.ERROR


def test_hidden_solution_and_checks_are_unreadable(pool):
    secret = FIXTURES / "toy-grad" / "checks.py"
    code = (f"for p in [{str(secret)!r}, {str(secret.with_name('solution.py'))!r}]:\n"
            "    try:\n        print(open(p).read())\n    except OSError as e:\n        print('denied', e)\n")
    result = pool.submit("toy-grad", code + TAIL, lang="en").result(timeout=60)
    assert result.output.count("denied") == 2
    assert "Incorrect" not in result.output and "tape.watch" not in result.output


def test_writes_outside_the_temp_dir_never_reach_the_host(pool):
    marker = f"stream-hostile-{uuid.uuid4().hex}"
    targets = [REPO / marker, Path("/var/tmp") / marker, Path("/dev/shm") / marker, Path("/tmp") / marker]
    code = "\n".join(f"try:\n    open({str(t)!r}, 'w').write('x')\nexcept OSError:\n    pass" for t in targets)
    _grade(pool, code + "\nraise SystemExit(0)")
    assert not any(t.exists() for t in targets)


def test_setsid_double_fork_leaves_nothing_behind(pool):
    marker = Path("/tmp") / f"stream-late-{uuid.uuid4().hex}"
    code = ("import os, time\n"
            "try:\n"
            "    if os.fork() == 0:\n"
            "        os.setsid()\n"
            "        if os.fork() == 0:\n"
            f"            time.sleep(1); open({str(marker)!r}, 'w').write('late')\n"
            "        os._exit(0)\n"
            "except OSError as e:\n"
            "    print('fork refused:', e)\n"
            "raise SystemExit(0)")
    _grade(pool, code)
    time.sleep(1.5)
    assert not marker.exists()


def test_grader_environment_is_not_visible(pool):
    code = (f"import os\nprint('canary' if {CANARY!r} in os.environ else 'clean')\n"
            "try:\n    print(open('/proc/self/environ','rb').read().count(b'STREAM_'))\n"
            "except OSError:\n    print('unreadable')\n")
    result = pool.submit("toy-grad", code + TAIL, lang="en").result(timeout=60)
    assert result.output.split() in (["clean", "0"], ["clean", "unreadable"])


def test_other_processes_are_invisible(pool):
    result = pool.submit("toy-grad", "import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))" + TAIL,
                         lang="en").result(timeout=60)
    assert result.output.strip() in ("[1, 2]", "[2]")


def test_monkeypatching_numpy_and_tf_cannot_make_a_wrong_answer_pass(pool):
    code = ("import numpy as np, tensorflow as tf\n"
            "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
            "tf.debugging.assert_near = lambda *a, **k: None\n"
            "def grad_of_square_sum(x):\n    return tf.zeros_like(x)\n")
    result = pool.submit("toy-grad", code, lang="en").result(timeout=60)
    assert result.status is Status.FAIL
    assert result.score < 1


def test_a_forged_result_frame_cannot_pass(pool):
    code = ("import os, json, struct\n"
            "fake = json.dumps({'result': {'load_error': None, 'observations': [{'value': {'grad': None}}]*3,"
            " 'segments': [], 'output': '', 'output_bytes': 0}}).encode()\n"
            "for fd in range(3, 64):\n"
            "    try:\n        os.write(fd, struct.pack('!I', len(fake)) + fake)\n    except OSError:\n        pass\n"
            "os._exit(0)\n")
    result = pool.submit("toy-grad", code, lang="en").result(timeout=60)
    assert result.status is not Status.PASS


def test_the_grader_still_serves_after_the_attacks(pool, toy_solution):
    result = pool.submit("toy-grad", toy_solution).result(timeout=60)
    assert result.status is Status.PASS and result.score == 1.0


def test_a_timeout_still_shows_what_the_learner_printed(pool):
    result = _grade(pool, "i = 0\nwhile True:\n    i += 1\n    if i == 1000:\n        print('still looping', flush=True)")
    assert result.status is Status.TIMEOUT
    assert "still looping" in result.output
