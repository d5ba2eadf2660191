"""db/ is the bottom layer: importing it, or running its CLI, loads none of the layers above it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["db", "db.__main__", "db.queries", "db.facts", "gamification"])
def test_lower_layers_import_nothing_above_them(module):
    probe = (f"import importlib, sys; importlib.import_module({module!r}); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'services', 'ui', 'grader', 'streamlit'}))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"{module} pulls in {out.stdout.strip()}"
