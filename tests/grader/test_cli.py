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


def test_selftest_report_counts_the_held_out_corpus_and_fails_on_a_wrong_pass_or_false_fail(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "toy-clip", tmp_path / "toy-clip")
    proc = run("selftest", "--report", "toy-clip", env_extra={"STREAM_EXERCISES_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "report: wrong 6: 0 passed, 6 named (100%), 0 generic, 0 other cause; right 2: 0 false fail(s)" in proc.stdout
    assert "regions over 5 seeds: boundary 5/5, clipping 5/5, no-op 5/5" in proc.stdout
    assert "✓ starter.en.py" in proc.stdout

    heldout = tmp_path / "toy-clip" / "heldout"
    (heldout / "wrong_actually_right.py").write_text("# diagnosis: no_clip\n" + (heldout / "right_by_hand.py").read_text())
    (heldout / "right_actually_wrong.py").write_text((heldout / "wrong_ascent.py").read_text())
    (heldout / "wrong_vaguely.py").write_text((heldout / "wrong_ascent.py").read_text().replace(
        "sign_flipped", "per_tensor_clip"))
    proc = run("selftest", "--report", "toy-clip", env_extra={"STREAM_EXERCISES_DIR": str(tmp_path)})
    assert proc.returncode == 1
    assert "✗ heldout/wrong_actually_right.py  (WRONG PASS" in proc.stdout
    assert "✗ heldout/right_actually_wrong.py  (FALSE FAIL" in proc.stdout
    assert "· heldout/wrong_vaguely.py  (other cause: wanted 'per_tensor_clip', told ['sign_flipped'])" in proc.stdout
    assert "wrong 8: 1 passed, 6 named (75%), 0 generic, 1 other cause; right 3: 1 false fail(s)" in proc.stdout


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
