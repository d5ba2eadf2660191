"""Lessons and exercises as validated, immutable objects; see ARCHITECTURE.md "catalog/" and lessons/README.md."""
from catalog.errors import CatalogError, CourseNotFound, ExerciseNotFound, InvalidExercise, LessonNotFound
from catalog.exercises import load_exercise, read_exercise
from catalog.loader import clear_cache, load_catalog
from catalog.models import Catalog, Course, Exercise, ExerciseText, Lesson, LessonText, Problem
from catalog.reading_time import estimate_minutes

__all__ = [
    "Catalog", "CatalogError", "Course", "CourseNotFound", "Exercise", "ExerciseNotFound", "ExerciseText",
    "InvalidExercise", "Lesson", "LessonNotFound", "LessonText", "Problem", "clear_cache", "estimate_minutes",
    "load_catalog", "load_exercise", "read_exercise",
]
