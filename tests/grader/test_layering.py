"""grader/ is a library that takes code and returns a GradeResult: importing it, or any of its modules, loads
nothing from db, services or ui (the queue worker that glues them lives in services/worker.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODULES = ["grader"] + sorted(f"grader.{p.stem}" for p in (REPO / "grader").glob("*.py") if not p.stem.startswith("_"))
CHECK = "import {m}, sys; bad = sorted(n for n in sys.modules if n.split('.')[0] in ('db', 'services', 'ui')); print(bad); assert not bad"


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_grader_module_loads_no_upper_layer(module):
    done = subprocess.run([sys.executable, "-c", CHECK.format(m=module)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"{module} pulled in {done.stdout.strip()} {done.stderr[-500:]}"


def test_grader_worker_is_an_alias_that_hands_over_to_services():
    done = subprocess.run([sys.executable, "-m", "grader", "worker", "--broker", "nats://nowhere"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "python -m services worker: broker URL must start with" in done.stdout
