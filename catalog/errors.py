"""The catalog's errors: one base class, one subclass per thing that can be missing or broken."""
from __future__ import annotations


class CatalogError(Exception):
    """Base class for every error the catalog raises."""


class LessonNotFound(CatalogError, LookupError):
    """No valid lesson has that id."""


class ExerciseNotFound(CatalogError, LookupError):
    """No valid exercise has that id (or the folder has no exercise.md)."""


class CourseNotFound(CatalogError, LookupError):
    """No valid course has that id."""


class InvalidExercise(CatalogError):
    """An exercise folder exists but does not pass validation; `.problems` lists why."""

    def __init__(self, problems: list) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
