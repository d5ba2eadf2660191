"""What the catalog hands out: immutable courses, lessons, exercises and the problems found on the way."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from catalog.errors import CourseNotFound, ExerciseNotFound, LessonNotFound

DEFAULT_LANG = "ko"  # the source language: every other language falls back to it
LANGS = ("ko", "en")
Difficulty = Literal["easy", "medium", "hard"]
Status = Literal["draft", "published"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something an instructor must fix, at `path:line`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LessonText:
    title: str
    summary: str
    body: str  # markdown without front matter; turn it into blocks with catalog.render.to_blocks


@dataclass(frozen=True)
class Lesson:
    id: str
    course_id: str
    order: int
    status: Status
    tags: tuple[str, ...]
    xp: int
    minutes: int
    exercises: tuple[str, ...]  # only exercises that loaded; a broken one is reported and left out
    path: Path  # the Korean .md file
    texts: dict[str, LessonText]

    def text(self, lang: str) -> LessonText:
        return self.texts.get(lang) or self.texts[DEFAULT_LANG]


@dataclass(frozen=True)
class Course:
    id: str
    title: dict[str, str]
    description: dict[str, str]
    lessons: tuple[Lesson, ...]  # valid lessons by `order`, drafts included
    order: int | None = None
    path: Path | None = None  # the course folder

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title[DEFAULT_LANG]

    def description_in(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get(DEFAULT_LANG, "")


@dataclass(frozen=True)
class ExerciseText:
    title: str
    statement: str  # markdown
    hints: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    lesson: str
    xp: int
    difficulty: Difficulty
    time_limit_s: int
    memory_mb: int
    path: Path  # the exercise folder (exercise.md, starter.py, checks.py, … live in it)
    texts: dict[str, ExerciseText]
    starter: str = ""  # the text of starter.py
    tags: tuple[str, ...] = ()
    starters: dict[str, str] = field(default_factory=dict)  # per language: starter.en.py for "en", when present

    def text(self, lang: str) -> ExerciseText:
        return self.texts.get(lang) or self.texts[DEFAULT_LANG]

    def starter_in(self, lang: str) -> str:
        """The starter code for `lang` (starter.<lang>.py, e.g. English comments), else starter.py's."""
        return self.starters.get(lang) or self.starter


@dataclass(frozen=True, eq=False)
class Catalog:
    courses: list[Course]
    problems: list[Problem] = field(default_factory=list)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    # Names of the exercise folders that have an exercise.md: what a lesson's `exercises:` may list (the loader's
    # rule), including exercises held back because the lesson they name is not published yet.
    exercise_folders: frozenset[str] = frozenset()
    _lessons: dict[str, Lesson] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index = {lesson.id: lesson for course in self.courses for lesson in course.lessons}
        object.__setattr__(self, "_lessons", index)

    @property
    def lessons(self) -> list[Lesson]:
        """Every valid lesson, course by course, in order."""
        return list(self._lessons.values())

    def course(self, course_id: str) -> Course:
        for course in self.courses:
            if course.id == course_id:
                return course
        raise CourseNotFound(f"no course with id {course_id!r}")

    def lesson(self, lesson_id: str) -> Lesson:
        try:
            return self._lessons[lesson_id]
        except KeyError:
            raise LessonNotFound(f"no lesson with id {lesson_id!r}") from None

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise ExerciseNotFound(f"no exercise with id {exercise_id!r}") from None
