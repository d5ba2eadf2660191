"""The zygote: imports TensorFlow once, never runs a TensorFlow op, and forks sandboxes on request.

Why a zygote with pre-forked sandboxes rather than pre-spawned interpreters: a fork of this process is
~12 ms against ~1.7 s to spawn an interpreter that imports TensorFlow, and pre-forking moves even that
off the submit-to-verdict path. The rule that keeps it safe (../shared/notes/sandbox-facts.md): a
process that ran a TensorFlow op must never fork again, because Eigen's thread pool deadlocks in the
child. So the zygote only forks, and the warm-up op runs in each sandbox after its last fork.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import sys


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from grader import linux, sandbox  # imports TensorFlow and Keras via the harness, runs no op

    linux.load_seccomp_binding()  # once, in the host's filesystem view, before any sandbox mounts anything

    # No PR_SET_PDEATHSIG here: it fires when the *thread* that started us ends, and Streamlit starts
    # us from a short-lived script thread. The socket reaching EOF is how we learn the pool is gone.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # keepers are reaped by the kernel
    import tensorflow as tf

    sock.sendall(json.dumps({"ready": True, "tensorflow": tf.__version__, "pid": os.getpid()}).encode())
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(sock, 65536, 3)
        except (ConnectionError, OSError):
            break
        if not msg:
            break
        request = json.loads(msg)
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        spec = sandbox.SandboxSpec(**request["spec"])
        sandbox.spawn(spec, *fds)
        for fd in fds:
            os.close(fd)


if __name__ == "__main__":
    main()
