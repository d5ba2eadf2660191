"""`python -m catalog check [PATH]` prints file:line: message per problem and exits 1 if there is any."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def check(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "catalog", "check", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=60)


def _good(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)


def test_clean_content_exits_0(content):
    _good(content)
    result = check("lessons", cwd=content.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "no problems under lessons: 1 course, 1 lesson and 0 exercises load\n"


def test_each_problem_is_printed_relative_to_cwd_and_exit_is_1(content):
    _good(content)
    content.write("lessons/basics/02-b.md", "---\nid: b\ntitle: B\norder: 2\nxp: many\n---\n본문\n")
    content.write("lessons/basics/03-c.md", "no front matter\n")
    result = check("lessons", cwd=content.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "lessons/basics/02-b.md:5: `xp` must be a whole number, not 'many'",
        "lessons/basics/03-c.md:1: no front matter: the file must start with a line '---', then `key: value` lines, "
        "then another '---'",
        "2 problems under lessons (files named above are left out for learners); 1 course, 1 lesson and 0 "
        "exercises load",
    ]


def test_single_file_shows_only_its_own_problems(content):
    _good(content)
    content.write("lessons/basics/02-b.md", "no front matter\n")
    good = check("lessons/basics/01-a.md", cwd=content.root)
    bad = check("lessons/basics/02-b.md", cwd=content.root)
    assert (good.returncode, bad.returncode) == (0, 1)
    assert bad.stdout.splitlines()[0].startswith("lessons/basics/02-b.md:1: no front matter")


def test_single_file_still_sees_duplicates_in_other_courses(content):
    _good(content)
    content.course("other")
    content.lesson("other", "01-a.md", "a", 1)
    result = check("lessons/other/01-a.md", cwd=content.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "lessons/other/01-a.md:2: id 'a' is also used by lessons/basics/01-a.md:2"


def test_without_path_checks_the_configured_folders(content):
    _good(content)
    content.exercise("orphan", "no-such-lesson")
    env = {"STREAM_LESSONS_DIR": str(content.lessons_dir), "STREAM_EXERCISES_DIR": str(content.exercises_dir)}
    result = check(cwd=content.root, env=env)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "exercises/orphan/exercise.md:4: no lesson has id 'no-such-lesson'"


def test_exercise_folder_path(content):
    _good(content)
    content.exercise("ex", "a", extra="xp: -1\n")
    result = check("exercises/ex", cwd=content.root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "exercises/ex/exercise.md:6: `xp` must be at least 0, not -1"


def test_missing_path_exits_2(content):
    result = check("nowhere", cwd=content.root)
    assert result.returncode == 2
    assert result.stdout == "nowhere: no such file or folder\n"
