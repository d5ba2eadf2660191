"""Exercise folders: load_exercise for the grader, and how the catalog reports and drops broken ones."""
from __future__ import annotations

import pytest

from catalog import ExerciseNotFound, InvalidExercise, load_exercise, read_exercise
from tests.catalog.conftest import problem_lines


def test_load_exercise_reads_front_matter_statement_and_starter(content):
    content.exercise("clip", "basics-01", extra="xp: 30\ntime_limit_s: 20\nmemory_mb: 512\ntags: [clipping]\n"
                                                "hints:\n  - 하나\n  - 둘\n")
    content.write("exercises/clip/exercise.en.md", "---\ntitle: Clip\nhints: [one, two]\n---\nStatement\n")
    exercise = load_exercise(content.exercises_dir / "clip")
    assert (exercise.id, exercise.lesson, exercise.xp, exercise.difficulty) == ("clip", "basics-01", 30, "easy")
    assert (exercise.time_limit_s, exercise.memory_mb, exercise.tags) == (20, 512, ("clipping",))
    assert exercise.path == content.exercises_dir / "clip"
    assert exercise.text("ko").statement == "과제 설명"
    assert exercise.text("ko").hints == ("하나", "둘")
    assert exercise.text("en") == exercise.texts["en"]
    assert (exercise.text("en").title, exercise.text("en").hints) == ("Clip", ("one", "two"))
    assert exercise.starter == "def f(x):\n    ...\n"


def test_translation_without_hints_keeps_the_korean_hints(content):
    content.exercise("clip", "basics-01", extra="hints: [하나]\n")
    content.write("exercises/clip/exercise.en.md", "---\ntitle: Clip\n---\nStatement\n")
    assert load_exercise(content.exercises_dir / "clip").text("en").hints == ("하나",)


def test_folder_without_exercise_md_is_not_found(content):
    (content.exercises_dir / "empty").mkdir()
    with pytest.raises(ExerciseNotFound):
        load_exercise(content.exercises_dir / "empty")


@pytest.mark.parametrize(("extra", "files", "expected"), [
    pytest.param("", ("starter.py", "solution.py"),
                 "exercises/clip/exercise.md:1: missing next to exercise.md: checks.py, probe.py", id="missing-files"),
    pytest.param("time_limit_s: 90\n", ("starter.py", "solution.py", "checks.py", "probe.py"),
                 "exercises/clip/exercise.md:6: `time_limit_s` must be at most 60, not 90", id="time-limit"),
    pytest.param("memory_mb: 100\n", ("starter.py", "solution.py", "checks.py", "probe.py"),
                 "exercises/clip/exercise.md:6: `memory_mb` must be at least 256, not 100", id="memory"),
    pytest.param("level: 3\n", ("starter.py", "solution.py", "checks.py", "probe.py"),
                 "exercises/clip/exercise.md:6: unknown key `level` (allowed: id, title, lesson, xp, difficulty, "
                 "time_limit_s, memory_mb, hints, tags)", id="extra-key"),
])
def test_invalid_exercise_raises_with_file_line_message(content, extra, files, expected):
    content.exercise("clip", "basics-01", extra=extra, files=files)
    with pytest.raises(InvalidExercise) as raised:
        load_exercise(content.exercises_dir / "clip")
    assert [f"{content.rel(p.path)}:{p.line}: {p.message}" for p in raised.value.problems] == [expected]


def test_id_must_match_the_folder(content):
    content.exercise("clip", "basics-01")
    (content.exercises_dir / "clip").rename(content.exercises_dir / "clipping")
    exercise, problems = read_exercise(content.exercises_dir / "clipping")
    assert exercise is None
    assert [f"{content.rel(p.path)}:{p.line}: {p.message}" for p in problems] == [
        "exercises/clipping/exercise.md:2: `id` is 'clip' but the folder is 'clipping': they must be equal",
    ]


def test_translation_with_other_hint_count_is_dropped_but_exercise_loads(content):
    content.exercise("clip", "basics-01", extra="hints: [하나, 둘]\n")
    content.write("exercises/clip/exercise.en.md", "---\ntitle: Clip\nhints:\n  - one\n---\nStatement\n")
    exercise, problems = read_exercise(content.exercises_dir / "clip")
    assert [f"{content.rel(p.path)}:{p.line}: {p.message}" for p in problems] == [
        "exercises/clip/exercise.en.md:3: 1 hints here but 2 in exercise.md: translate each hint, in the same order",
    ]
    assert exercise.text("en").title == "과제"  # Korean, since the translation was left out


def test_translation_may_not_set_structural_keys(content):
    content.exercise("clip", "basics-01")
    content.write("exercises/clip/exercise.en.md", "---\ntitle: Clip\nxp: 50\n---\nStatement\n")
    exercise, problems = read_exercise(content.exercises_dir / "clip")
    assert [p.message for p in problems] == [
        "`xp` cannot be set in exercise.en.md: it comes from exercise.md; a translation may set only title and hints",
    ]
    assert exercise.xp == 20


def _course_with_lesson(content, exercises: str):
    content.course("basics")
    content.lesson("basics", "01-a.md", "basics-01", 1, extra=f"exercises: [{exercises}]\n")


def test_broken_exercise_is_dropped_from_its_lesson_which_stays(content):
    _course_with_lesson(content, "good, broken")
    content.exercise("good", "basics-01")
    content.exercise("broken", "basics-01", extra="xp: many\n")
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "exercises/broken/exercise.md:6: `xp` must be a whole number, not 'many'",
    ]
    assert catalog.lesson("basics-01").exercises == ("good",)
    assert list(catalog.exercises) == ["good"]


def test_exercise_must_name_a_lesson_that_lists_it(content):
    _course_with_lesson(content, "listed")
    content.exercise("listed", "basics-01")
    content.exercise("unlisted", "basics-01")
    content.exercise("orphan", "no-such-lesson")
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "exercises/orphan/exercise.md:4: no lesson has id 'no-such-lesson'",
        "exercises/unlisted/exercise.md:4: lesson 'basics-01' does not list 'unlisted' under `exercises`",
    ]
    assert list(catalog.exercises) == ["listed"]


def test_exercise_folder_without_exercise_md_is_reported(content):
    _course_with_lesson(content, "")
    (content.exercises_dir / "half-done").mkdir()
    assert problem_lines(content.load(), content) == [
        "exercises/half-done/exercise.md:1: missing: every exercise folder needs an exercise.md",
    ]
