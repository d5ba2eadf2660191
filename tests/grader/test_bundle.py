"""Loading an exercise apart from judging it: screening never imports checks.py; each starter is 'not attempted'."""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader import engine
from grader.result import Status
from tests.grader.conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]


def test_screening_a_submission_never_imports_checks_py():
    # A fresh interpreter, as the Streamlit process is: load, screen, and checks.py is still not imported.
    script = textwrap.dedent(f"""
        import sys
        from grader.engine import load_bundle, screen
        bundle = load_bundle({str(FIXTURES)!r}, "toy-clip")
        assert isinstance(screen(bundle, "def clip(g, c):\\n    return g, 0\\n", "ko"), str)
        assert screen(bundle, bundle.starter, "ko").diagnosis_ids() == ["not_attempted"]
        print(sorted(m for m in sys.modules if m.startswith("stream_checks")))
        bundle.checks  # the judge's first use imports it
        print(sorted(m for m in sys.modules if m.startswith("stream_checks")))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    before, after = proc.stdout.splitlines()
    assert before == "[]"
    assert "stream_checks_toy_clip_" in after


def test_a_broken_checks_py_is_reported_when_judging_not_when_screening(tmp_path):
    shutil.copytree(FIXTURES / "toy-clip", tmp_path / "toy-clip")
    (tmp_path / "toy-clip" / "checks.py").write_text("from grader.api import check\n\nraise ValueError('oops')\n")
    bundle = engine.load_bundle(tmp_path, "toy-clip")
    assert isinstance(engine.screen(bundle, "x = 1\n", "en"), str)
    with pytest.raises(engine.BrokenExercise, match=r"checks.py:3: ValueError: oops"):
        engine.make_cases(bundle, 1)


def test_unknown_families_are_named_for_the_instructor(tmp_path):
    shutil.copytree(FIXTURES / "toy-clip", tmp_path / "toy-clip")
    checks = tmp_path / "toy-clip" / "checks.py"
    checks.write_text(checks.read_text().replace('FAMILIES = ["clipping", "norm", "sign"]', 'FAMILIES = ["cliping"]'))
    with pytest.raises(engine.BrokenExercise, match=r"unknown mistake families \['cliping'\]"):
        engine.load_bundle(tmp_path, "toy-clip").checks


def test_either_language_starter_untouched_is_not_attempted_and_the_catalog_offers_each():
    from catalog.exercises import load_exercise

    bundle = engine.load_bundle(FIXTURES, "toy-clip")
    english = (FIXTURES / "toy-clip" / "starter.en.py").read_text()
    for code in (bundle.starter, english, english.replace("\n", "\r\n") + "\n\n"):
        verdict = engine.screen(bundle, code, "en")
        assert verdict.status is Status.FAIL and not verdict.gradable and verdict.diagnosis_ids() == ["not_attempted"]
    exercise = load_exercise(FIXTURES / "toy-clip")
    assert exercise.starter_in("en") == english
    assert exercise.starter_in("ko") == exercise.starter == (FIXTURES / "toy-clip" / "starter.py").read_text()
    assert load_exercise(FIXTURES / "toy-grad").starter_in("en") == (FIXTURES / "toy-grad" / "starter.py").read_text()


def test_the_catalog_accepts_a_held_out_corpus_and_names_a_file_that_breaks_its_format(tmp_path):
    from catalog.exercises import read_exercise

    shutil.copytree(FIXTURES / "toy-clip", tmp_path / "toy-clip")
    exercise, problems = read_exercise(tmp_path / "toy-clip")
    assert exercise is not None and problems == []
    (tmp_path / "toy-clip" / "heldout" / "wrong_unlabelled.py").write_text("import tensorflow as tf\n")
    (tmp_path / "toy-clip" / "heldout" / "another.py").write_text("x = 1\n")
    exercise, problems = read_exercise(tmp_path / "toy-clip")
    assert exercise is not None  # a corpus problem is reported, it does not hide the exercise
    assert sorted(f"{p.path.name}:{p.line}" for p in problems) == ["another.py:1", "wrong_unlabelled.py:1"]
    assert "# diagnosis: <id>" in next(p.message for p in problems if p.path.name == "wrong_unlabelled.py")
