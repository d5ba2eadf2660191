"""The shipped content proves itself: every lesson validates and every exercise passes the grader's selftest."""
from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAM_")}
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=900)


def test_catalog_check_passes_on_the_shipped_course():
    proc = _run("catalog", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@functools.lru_cache(maxsize=1)
def _selftest_report() -> subprocess.CompletedProcess:
    """One run for both tests: --report does everything plain selftest does, plus the held-out corpus."""
    return _run("grader", "selftest", "--report")


def test_every_shipped_exercise_passes_selftest():
    proc = _selftest_report()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 failure(s)" in proc.stdout


def test_held_out_corpus_has_no_wrong_pass_and_no_false_fail():
    proc = _selftest_report()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    total = next(line for line in proc.stdout.splitlines() if line.startswith("report, all"))
    assert " 0 passed," in total and " 0 false fail(s)" in total, total


@pytest.mark.skipif(os.geteuid() != 0, reason="full isolation (namespaces, uid drop) needs root; run as root to prove it")
def test_doctor_reports_every_protection_active():
    proc = _run("grader", "doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all protections active" in proc.stdout
