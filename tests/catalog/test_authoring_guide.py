"""AUTHORING.md's commands, run as written: an empty folder becomes a published lesson with a proven exercise."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "AUTHORING.md"
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)


def guide_commands() -> list[str]:
    return [line for block in BASH_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
            for line in block.splitlines() if line.strip()]


def test_the_guide_names_every_step():
    commands = guide_commands()
    assert commands[0].startswith("mkdir -p ~/my-course/lessons")
    for step in ("python -m catalog new course", "python -m catalog new lesson", "python -m catalog new exercise",
                 "python -m catalog check", "python -m grader selftest", "sed -i 's/^status: draft$/"):
        assert any(command.startswith(step) for command in commands), step
    assert (REPO / "README.md").read_text(encoding="utf-8").count("(AUTHORING.md)") == 1  # linked from the README


def test_the_guide_runs_from_an_empty_folder_to_a_published_lesson(tmp_path):
    # HOME is the temp folder, so the guide's ~/my-course lands there; `set -e` stops at the first failing step.
    env = {key: value for key, value in os.environ.items() if not key.startswith("STREAM_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(REPO), STREAM_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite'}")
    script = "set -euo pipefail\n" + "\n".join(guide_commands()) + "\n"
    done = subprocess.run(["bash", "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "selftest: 1 exercise(s), 0 failure(s)" in done.stdout
    assert done.stdout.count("no problems: 1 course, 1 lesson and 1 exercise load") == 2  # before and after publishing

    root = tmp_path / "my-course"
    catalog = load_catalog(root / "lessons", root / "exercises")
    assert catalog.problems == []
    lesson = catalog.lesson("tf-basics-01")
    assert lesson.status == "published" and lesson.exercises == ("square-gradient",)
    assert lesson.text("en").title == "Your first gradient"
    assert catalog.exercise("square-gradient").lesson == "tf-basics-01"
    assert catalog.course("tf-basics").title == {"ko": "TensorFlow 기초", "en": "TensorFlow basics"}
