"""A well-formed content tree loads into ordered courses and lessons, with defaults and translations."""
from __future__ import annotations

import pytest

from catalog import CourseNotFound, ExerciseNotFound, LessonNotFound


@pytest.fixture
def catalog(content):
    content.course("basics", order=1)
    content.write("lessons/gradients/course.yaml", """
        title: {ko: 그래디언트}
        description: {ko: 미분하기}
        order: 2
    """)
    content.lesson("basics", "02-shapes.md", "basics-02", 2, extra="status: draft\ntags: [shape]\nxp: 15\n")
    content.lesson("basics", "01-tensors.md", "basics-01", 1,
                   extra='summary: "텐서 요약"\nexercises: [make-tensor]\nminutes: 7\n')
    content.write("lessons/basics/01-tensors.en.md", """
        ---
        title: Tensors
        ---
        English body.
    """)
    content.lesson("gradients", "01-tape.md", "gradients-01", 1)
    content.exercise("make-tensor", "basics-01", extra="hints: [첫 힌트]\n")
    return content.load()


def test_courses_and_lessons_come_in_order(catalog):
    assert [course.id for course in catalog.courses] == ["basics", "gradients"]
    assert [lesson.id for lesson in catalog.course("basics").lessons] == ["basics-01", "basics-02"]
    assert catalog.problems == []


def test_front_matter_fields_and_defaults(catalog):
    first, draft = catalog.course("basics").lessons
    assert (first.order, first.status, first.xp, first.minutes, first.tags) == (1, "published", 10, 7, ())
    assert first.exercises == ("make-tensor",)
    assert first.course_id == "basics"
    assert first.path.name == "01-tensors.md"
    assert (draft.status, draft.xp, draft.tags, draft.exercises) == ("draft", 15, ("shape",), ())


def test_translation_overrides_title_and_body_and_keeps_korean_summary(catalog):
    lesson = catalog.lesson("basics-01")
    assert lesson.text("ko").title == "basics-01 제목"
    assert lesson.text("ko").body == "본문이에요."
    english = lesson.text("en")
    assert (english.title, english.summary, english.body) == ("Tensors", "텐서 요약", "English body.")


def test_missing_translation_falls_back_to_korean(catalog):
    lesson = catalog.lesson("basics-02")
    assert "en" not in lesson.texts
    assert lesson.text("en") == lesson.text("ko")


def test_course_texts_fall_back_to_korean(catalog):
    basics, gradients = catalog.courses
    assert basics.title == {"ko": "텐서 기초", "en": "Tensor basics"}
    assert basics.title_in("en") == "Tensor basics"
    assert gradients.title_in("en") == "그래디언트"
    assert gradients.description_in("en") == "미분하기"


def test_exercise_is_reachable_from_its_lesson(catalog):
    exercise = catalog.exercise(catalog.lesson("basics-01").exercises[0])
    assert (exercise.id, exercise.lesson, exercise.xp, exercise.difficulty) == ("make-tensor", "basics-01", 20, "easy")
    assert (exercise.time_limit_s, exercise.memory_mb) == (10, 1024)
    assert exercise.text("en").hints == ("첫 힌트",)  # no exercise.en.md: Korean
    assert exercise.starter == "def f(x):\n    ...\n"


def test_unknown_ids_raise_named_errors(catalog):
    with pytest.raises(LessonNotFound, match="nope"):
        catalog.lesson("nope")
    with pytest.raises(CourseNotFound):
        catalog.course("nope")
    with pytest.raises(ExerciseNotFound):
        catalog.exercise("nope")


def test_course_id_can_differ_from_its_folder(content):
    content.write("lessons/folder-name/course.yaml", "id: real-id\ntitle: {ko: 제목}\ndescription: {ko: 설명}\n")
    content.lesson("folder-name", "01-a.md", "a-01", 1)
    catalog = content.load()
    assert catalog.course("real-id").lessons[0].course_id == "real-id"


def test_missing_lessons_folder_is_a_problem_not_a_crash(tmp_path):
    from catalog import load_catalog

    catalog = load_catalog(tmp_path / "nowhere", tmp_path)
    assert catalog.courses == []
    assert [str(p) for p in catalog.problems] == [f"{tmp_path / 'nowhere'}:1: folder does not exist"]
