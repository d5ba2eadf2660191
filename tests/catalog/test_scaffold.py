"""`python -m catalog new …`: scaffolds that load without a problem, the next lesson number, and no overwrites."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import load_catalog
from catalog.scaffold import ScaffoldError, add_exercise_to_lesson, new_course, new_exercise, new_lesson

REPO = Path(__file__).resolve().parents[2]


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "STREAM_LESSONS_DIR": str(root / "lessons"),
           "STREAM_EXERCISES_DIR": str(root / "exercises")}
    return subprocess.run([sys.executable, "-m", "catalog", "new", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "exercises").mkdir()
    return tmp_path


def catalog_of(root: Path):
    return load_catalog(root / "lessons", root / "exercises")


def test_course_lesson_and_exercise_load_without_a_problem(root):
    new_course(root / "lessons", "tf-basics", "텐서 기초", "Tensor basics")
    new_lesson(root / "lessons", "tf-basics", "tensors", 'a "quoted": title', "Tensors")
    new_exercise(root / "lessons", root / "exercises", "square-gradient", "tf-basics-01")
    catalog = catalog_of(root)
    assert catalog.problems == []
    lesson = catalog.lesson("tf-basics-01")
    assert (lesson.status, lesson.order, lesson.exercises) == ("draft", 1, ("square-gradient",))
    assert lesson.text("ko").title == 'a "quoted": title' and lesson.text("en").title == "Tensors"
    exercise = catalog.exercise("square-gradient")
    assert exercise.lesson == "tf-basics-01" and "def square_gradient(x):" in exercise.starter
    assert sorted(p.name for p in (root / "exercises" / "square-gradient" / "mistakes").iterdir()) == [
        "forgot_watch.py", "returned_y.py"]
    first_lines = [p.read_text().splitlines()[0] for p in (root / "exercises" / "square-gradient" / "mistakes").iterdir()]
    assert sorted(first_lines) == ["# diagnosis: forgot_watch", "# diagnosis: returned_y"]


def test_the_next_lesson_number_follows_the_highest_order(root):
    new_course(root / "lessons", "c", "코스")
    course = root / "lessons" / "c"
    (course / "01-a.md").write_text("---\nid: c-a\ntitle: A\norder: 1\n---\n본문\n", encoding="utf-8")
    (course / "02-b.md").write_text("---\nid: c-b\ntitle: B\norder: 3\n---\n본문\n", encoding="utf-8")
    written = new_lesson(root / "lessons", "c", "next", "다음")
    assert [p.name for p in written] == ["04-next.md", "04-next.en.md"]
    assert "id: c-04\n" in written[0].read_text(encoding="utf-8") and "order: 4\n" in written[0].read_text()


def test_nothing_is_overwritten(root):
    new_course(root / "lessons", "tf-basics", "텐서 기초")
    new_lesson(root / "lessons", "tf-basics", "tensors", "텐서")
    new_exercise(root / "lessons", root / "exercises", "square-gradient", "tf-basics-01")
    course_yaml = root / "lessons" / "tf-basics" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text() + "order: 7\n", encoding="utf-8")
    solution = root / "exercises" / "square-gradient" / "solution.py"
    solution.write_text("# mine\n", encoding="utf-8")

    result = cli(root, "course", "tf-basics", "--title-ko", "다른 제목")
    assert result.returncode == 1
    assert "not overwriting" in result.stderr and "course.yaml" in result.stderr
    assert course_yaml.read_text().endswith("order: 7\n")

    result = cli(root, "exercise", "square-gradient", "--lesson", "tf-basics-01")
    assert result.returncode == 1 and "square-gradient: already exists" in result.stderr
    assert solution.read_text() == "# mine\n"


@pytest.mark.parametrize("args, message", [
    (["lesson", "nope", "intro", "--title", "x"], "no such course; create it first"),
    (["lesson", "tf-basics", "Bad Slug", "--title", "x"], "lesson slug 'Bad Slug': use lowercase letters"),
    (["course", "TF Basics", "--title-ko", "x"], "course id 'TF Basics': use lowercase letters"),
    (["exercise", "ex-1", "--lesson", "no-such-lesson"], "no lesson has id 'no-such-lesson'"),
])
def test_refusals_say_what_to_do(root, args, message):
    new_course(root / "lessons", "tf-basics", "텐서 기초")
    result = cli(root, *args)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert not list((root / "exercises").iterdir())


def test_cli_prints_what_it_wrote(root):
    assert cli(root, "course", "tf-basics", "--title-ko", "텐서 기초").stdout == "wrote lessons/tf-basics/course.yaml\n"
    result = cli(root, "lesson", "tf-basics", "tensors", "--title", "텐서")
    assert result.stdout.splitlines() == ["wrote lessons/tf-basics/01-tensors.md", "wrote lessons/tf-basics/01-tensors.en.md"]


@pytest.mark.parametrize("before, after", [
    ("exercises: []", "exercises: [new-one]"),
    ("exercises: [a, b]", "exercises: [a, b, new-one]"),
    ("exercises: [new-one]", "exercises: [new-one]"),
    ("exercises:\n  - a", "exercises:\n  - a\n  - new-one"),
    ("xp: 10", "xp: 10\nexercises: [new-one]"),
])
def test_the_exercise_is_listed_in_its_lesson_and_nothing_else_changes(before, after):
    text = f"---\nid: l\ntitle: T\n{before}\n---\n본문 exercises: []\n"
    assert add_exercise_to_lesson(text, "new-one") == f"---\nid: l\ntitle: T\n{after}\n---\n본문 exercises: []\n"


def test_an_unusual_exercises_value_is_refused_with_its_line():
    with pytest.raises(ScaffoldError, match="line 3: cannot add 'x'"):
        add_exercise_to_lesson("---\nid: l\nexercises: a\n---\nbody\n", "x")


@pytest.mark.parametrize("exercise_id", ["42", "1_000", "yes", "2024-01-02"])
def test_ids_that_yaml_would_read_as_numbers_dates_or_booleans_stay_ids(root, exercise_id):
    # Course "2024-01" makes lesson id "2024-01-01", which unquoted YAML reads as a date.
    assert cli(root, "course", "2024-01", "--title-ko", "코스").returncode == 0
    assert cli(root, "lesson", "2024-01", "dates", "--title", "날짜").returncode == 0
    result = cli(root, "exercise", exercise_id, "--lesson", "2024-01-01")
    assert result.returncode == 0, result.stderr
    catalog = catalog_of(root)
    assert catalog.problems == []
    assert catalog.lesson("2024-01-01").exercises == (exercise_id,)
    assert catalog.exercise(exercise_id).lesson == "2024-01-01"
    check = subprocess.run([sys.executable, "-m", "catalog", "check"], cwd=root, capture_output=True, text=True,
                           timeout=60, env={**os.environ, "PYTHONPATH": str(REPO),
                                            "STREAM_LESSONS_DIR": str(root / "lessons"),
                                            "STREAM_EXERCISES_DIR": str(root / "exercises")})
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_exercise_already_listed_in_quotes_is_not_listed_again():
    text = '---\nid: l\nexercises: ["yes", b]\n---\nbody\n'
    assert add_exercise_to_lesson(text, "yes") == text
    assert add_exercise_to_lesson("---\nid: l\nexercises:\n  - 'yes'\n---\nbody\n", "yes").count("yes") == 1
    assert add_exercise_to_lesson("---\nid: l\nexercises: [a]\n---\nbody\n", "no") == (
        '---\nid: l\nexercises: [a, "no"]\n---\nbody\n')


def test_a_lesson_saved_with_a_bom_gets_its_exercise_like_catalog_check_accepts_it(root):
    new_course(root / "lessons", "tf-basics", "텐서 기초")
    [lesson, _] = new_lesson(root / "lessons", "tf-basics", "tensors", "텐서")
    lesson.write_text("\ufeff" + lesson.read_text(encoding="utf-8"), encoding="utf-8")
    assert catalog_of(root).problems == []
    result = cli(root, "exercise", "square-gradient", "--lesson", "tf-basics-01")
    assert result.returncode == 0, result.stderr
    catalog = catalog_of(root)
    assert catalog.problems == [] and catalog.lesson("tf-basics-01").exercises == ("square-gradient",)
