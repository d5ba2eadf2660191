"""The grader's command line, as an instructor or CI uses it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.grader.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]


def run(*args, env_extra=None):
    env = {**os.environ, "STREAM_EXERCISES_DIR": str(FIXTURES), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)


def test_selftest_proves_the_fixture_exercise():
    proc = run("selftest")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "✓ mistakes/forgot_watch.py" in proc.stdout
    assert "0 failure(s)" in proc.stdout


def test_selftest_fails_when_a_mistake_would_pass(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "toy-grad", tmp_path / "toy-grad")
    (tmp_path / "toy-grad" / "mistakes" / "not_a_mistake.py").write_text(
        "# diagnosis: forgot_watch\n" + (FIXTURES / "toy-grad" / "solution.py").read_text())
    proc = run("selftest", env_extra={"STREAM_EXERCISES_DIR": str(tmp_path)})
    assert proc.returncode == 1
    assert "✗ mistakes/not_a_mistake.py" in proc.stdout


def test_grade_exit_codes_and_json(tmp_path):
    good = FIXTURES / "toy-grad" / "solution.py"
    bad = tmp_path / "bad.py"
    bad.write_text("import tensorflow as tf\ndef grad_of_square_sum(x):\n    return 3 * x\n")
    loop = tmp_path / "loop.py"
    loop.write_text("while True:\n    pass\n")
    ok = run("grade", "toy-grad", str(good), "--json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["status"] == "pass"
    assert run("grade", "toy-grad", str(bad)).returncode == 1
    assert run("grade", "toy-grad", str(loop)).returncode == 2
