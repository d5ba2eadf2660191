"""The benchmark scripts start the way README says (`python bench/<name>.py`), despite bench/queue.py."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(path for path in (REPO / "bench").glob("*.py") if not path.name.startswith("_"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_bench_script_fixes_sys_path_before_any_other_import(script):
    # Run as a script, bench/ comes first on sys.path and bench/queue.py would shadow the standard library's queue.
    imports = [node for node in ast.parse(script.read_text(encoding="utf-8")).body
               if isinstance(node, (ast.Import, ast.ImportFrom)) and not (
                   isinstance(node, ast.ImportFrom) and node.module == "__future__")]
    first = imports[0]
    assert isinstance(first, ast.Import) and first.names[0].name == "_isolate", (
        f"{script.name}:{first.lineno}: import _isolate first")


def test_a_bench_script_runs_and_prints_its_figures_as_a_last_line():
    done = subprocess.run([sys.executable, "bench/gamification.py"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1].startswith("evaluate_ms=")


def test_the_standard_queue_module_wins_inside_a_bench_script():
    probe = "import _isolate, queue, sysconfig; print(queue.__file__.startswith(sysconfig.get_paths()['stdlib']))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO / "bench", capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"
