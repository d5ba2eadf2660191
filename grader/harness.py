"""Runs inside the sandboxed learner process: executes one submission, feeds it the hidden inputs, reports raw observations.

Nothing here decides pass or fail. The learner's code shares this process and could bend anything in it,
so it only produces outputs; the judge compares them, in a process the learner's code never ran in,
with outputs that the reference solution produced in another sandbox.
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import traceback
import types

import numpy as np
import tensorflow as tf  # imported in the zygote, before any fork; never used for an op there
import keras

from grader import probe_tools, wire

SUBMISSION_FILE = "submission.py"
OUTPUT_KEEP = 64 * 1024
OUTPUT_FILE = "/tmp/.stream-output"
ERROR_FILE = "/tmp/.stream-stderr"  # lesson code ("parts" mode) only


def _warm_eager(state: dict) -> None:
    v = tf.Variable([1.0, -2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(v)) + tf.reduce_mean(tf.nn.relu(v))
    grads = tape.gradient(loss, [v])
    grads, _ = tf.clip_by_global_norm(grads, 1.0)
    tf.clip_by_value(grads[0], -1.0, 1.0)
    tf.clip_by_norm(grads[0], 1.0)
    state["v"], state["grads"] = v, grads


def _warm_sgd(state: dict) -> None:
    keras.optimizers.SGD(0.1).apply_gradients(zip(state["grads"], [state["v"]]))


def _warm_model(state: dict) -> None:
    # The Keras pieces exercises build per job (a Sequential model, a loss) have first-call costs of their own.
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="tanh"), keras.layers.Dense(1)])
    model.set_weights(model.get_weights())
    state["model"] = model


def _warm_model_call(state: dict) -> None:
    model = state["model"]
    with tf.GradientTape() as tape:
        out = keras.losses.MeanSquaredError()(tf.ones((2, 1)), model(tf.ones((2, 3)), training=True))
    state["layer_grads"] = tape.gradient(out, model.trainable_weights)


def _warm_model_sgd(state: dict) -> None:
    keras.optimizers.SGD(0.1).apply(state["layer_grads"], state["model"].trainable_weights)


def _warm_adam(state: dict) -> None:
    keras.optimizers.Adam(1e-3, clipnorm=1.0).apply_gradients(zip(state["layer_grads"], state["model"].trainable_weights))
    np.linalg.norm(np.ones(3))


def _warm_function(state: dict) -> None:
    # autograph's first conversion in a process costs 0.5-1.3 s (its modules, reading source); later ones ~25 ms.
    @tf.function
    def traced(x, scale=1.0):
        if scale > 0:
            x = x * scale
        return tf.reduce_sum(x * x)

    traced(tf.constant([1.0, 2.0]))


# Most widely used first: every exercise runs eager ops under a tape; Adam only a few.
WARM_STEPS = (_warm_eager, _warm_sgd, _warm_model, _warm_model_call, _warm_model_sgd, _warm_adam, _warm_function)


def warm_up(job_waiting=lambda: False) -> None:
    """Pay TensorFlow's first-op costs (eager context, kernels, Keras model and optimizers) before a job arrives.

    Measured on clip-global-norm-step: the whole warm-up takes ~150 ms of CPU and leaves ~45 ms for the job;
    without it the job alone takes ~150 ms. Worth it while the sandbox waits, a loss when a job is already
    waiting (a burst): the job then pays only for what it uses. So it goes step by step (20-55 ms of CPU each,
    mostly set-up a job would pay too) and stops as soon as a job is waiting. It is only a head start, so a
    failure here just ends it.
    """
    state: dict = {}
    for step in WARM_STEPS:
        if job_waiting():
            return
        try:
            step(state)
        except Exception:
            return


def _vm_data_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _apply_job_limits(time_limit_s: float, memory_mb: int) -> None:
    # Limits are relative to what this warm process already holds, so they mean "what the learner may add".
    extra = memory_mb * 1024 * 1024
    data = _vm_data_bytes() + extra
    resource.setrlimit(resource.RLIMIT_DATA, (data, data))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + time_limit_s * 2 + 1)  # two cores' worth of TF threads
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def describe_error(exc: BaseException) -> dict:
    """The learner's mistake in their own line numbers; grader frames are left out."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SUBMISSION_FILE]
    message = str(exc)
    if len(message) > 1000:
        message = message[:1000] + " …"
    lines = [f'  File "{SUBMISSION_FILE}", line {f.lineno}, in {f.name}\n    {f.line or ""}'.rstrip() for f in frames[-5:]]
    kind = type(exc).__name__
    memory = isinstance(exc, MemoryError) or isinstance(exc, tf.errors.ResourceExhaustedError)
    return {
        "type": kind,
        "message": message,
        "line": frames[-1].lineno if frames else None,
        "traceback": "\n".join(lines + [f"{kind}: {message}"]),
        "memory": memory,
        "output_limit": isinstance(exc, OSError) and getattr(exc, "errno", None) == 27,
    }


class _Output:
    """The learner's stdout and stderr, sent to an unlinked file so that it can be capped and read back."""

    def __init__(self) -> None:
        # Kept on disk (not unlinked) so that, after a timeout kill, the sandbox's init can still read it.
        self.fd = os.open(OUTPUT_FILE, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)

    def mark(self) -> int:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        return os.fstat(self.fd).st_size

    def read(self, start: int, end: int) -> str:
        end = min(end, start + OUTPUT_KEEP)
        return os.pread(self.fd, max(0, end - start), start).decode("utf-8", "replace")


def _load_module(code: str, name: str) -> types.ModuleType:
    module = types.ModuleType("submission")
    module.__file__ = SUBMISSION_FILE
    module.__dict__["__name__"] = name
    sys.modules["submission"] = module
    exec(compile(code, SUBMISSION_FILE, "exec"), module.__dict__)
    return module


def _run_parts(job: dict, out: "_Output") -> dict:
    """Lesson code ("parts" mode): each block runs in order in one `__main__` namespace, with its own output and
    error; the first error ends the run. Each block's lines are its own (tracebacks count from its first line)."""
    # What goes to stderr (TensorFlow's warnings and logs, a traceback printed by hand) is kept apart from what
    # the block printed: a lesson's output block shows stdout, as a notebook does.
    err_fd = os.open(ERROR_FILE, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    os.dup2(err_fd, 2)
    # The warm-up built a Keras model: without this, a lesson's first model would be named `sequential_1`, its
    # layers `dense_2`, … where a fresh Python (and the lesson's output block) says `sequential`, `dense`.
    keras.backend.clear_session(free_memory=False)  # without its gc.collect(): that takes ~300 ms
    module = types.ModuleType("__main__")
    module.__file__ = SUBMISSION_FILE
    sys.modules["submission"] = module
    parts: list[dict] = []
    report: dict = {"load_error": None, "parts": parts}
    for code in job["parts"]:
        with open(SUBMISSION_FILE, "w", encoding="utf-8") as fh:
            fh.write(code)
        start, err_start = out.mark(), os.fstat(err_fd).st_size
        error = None
        try:
            exec(compile(code, SUBMISSION_FILE, "exec"), module.__dict__)
        except SystemExit as exc:
            error = {"type": "SystemExit", "message": f"exit({exc.code})", "line": None, "traceback": "",
                     "exit_called": True, "memory": False, "output_limit": False}
        except BaseException as exc:  # the learner's code may raise anything, including KeyboardInterrupt
            error = describe_error(exc)
        end = out.mark()
        err_end = os.fstat(err_fd).st_size
        stderr = os.pread(err_fd, max(0, min(err_end, err_start + OUTPUT_KEEP) - err_start), err_start)
        parts.append({"output": out.read(start, end), "stderr": stderr.decode("utf-8", "replace"), "error": error})
        if error is not None:
            report["load_error"] = error
            break
    report["output"] = "".join(part["output"] for part in parts)
    return report


def run_job(job: dict) -> dict:
    """Execute one job and return the raw report for the judge."""
    if job["mode"] == "parts":
        out = _Output()
        _apply_job_limits(float(job.get("time_limit_s", 10)), int(job.get("memory_mb", 1024)))
        return _run_parts(job, out)
    with open(SUBMISSION_FILE, "w", encoding="utf-8") as fh:  # lets tracebacks quote the learner's lines
        fh.write(job["code"])
    out = _Output()
    _apply_job_limits(float(job.get("time_limit_s", 10)), int(job.get("memory_mb", 1024)))
    report: dict = {"load_error": None, "observations": [], "segments": []}
    start = out.mark()
    try:
        module = _load_module(job["code"], "__main__" if job["mode"] == "run" else "submission")
    except SystemExit as exc:
        report["load_error"] = {"type": "SystemExit", "message": f"exit({exc.code})", "line": None,
                                "traceback": "", "exit_called": True, "memory": False, "output_limit": False}
        module = None
    except BaseException as exc:  # the learner's code may raise anything, including KeyboardInterrupt
        report["load_error"] = describe_error(exc)
        module = None
    report["segments"].append([start, out.mark()])
    if module is not None and job["mode"] == "grade":
        probe = types.ModuleType("probe")
        probe.__dict__["tools"] = probe_tools
        # Lets a probe skip work only the reference's observation needs (e.g. raw gradients for the judge).
        probe.__dict__["ROLE"] = job.get("role", "learner")
        exec(compile(job["probe"], "probe.py", "exec"), probe.__dict__)
        for case in wire.decode(job["cases"]):
            seg_start = out.mark()
            try:
                value = probe.observe(module, case)
                report["observations"].append({"value": wire.encode(value)})
            except SystemExit as exc:
                report["observations"].append({"error": {"type": "SystemExit", "message": f"exit({exc.code})",
                                                         "line": None, "traceback": "", "exit_called": True,
                                                         "memory": False, "output_limit": False}})
            except BaseException as exc:
                report["observations"].append({"error": describe_error(exc)})
            report["segments"].append([seg_start, out.mark()])
    end = out.mark()
    report["output_bytes"] = end
    report["output"] = out.read(0, end)
    return report


def serve(job_fd: int, result_fd: int) -> None:
    """Wait for exactly one job, run it, report, and end this process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails with EFBIG instead of killing us
    job = wire.read_frame(job_fd)
    os.close(job_fd)
    if job is None:
        os._exit(0)
    try:
        report = run_job(job)
    except BaseException as exc:  # a failure of the harness itself, reported rather than hidden
        report = {"harness_error": f"{type(exc).__name__}: {exc}"}
    wire.write_frame(result_fd, {"result": report})
    os._exit(0)
