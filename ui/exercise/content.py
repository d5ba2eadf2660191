"""One exercise as the page shows it: texts in the learner's language, starter, solution and XP."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from catalog import Catalog, CatalogError, ExerciseNotFound, LessonNotFound, load_catalog
from catalog import load_exercise as load_exercise_folder
from settings import get_settings
from ui import data

# Same shape the grader accepts, checked before any path is built from a query parameter.
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")


@dataclass(frozen=True)
class ExerciseView:
    id: str
    lesson: str
    xp: int
    difficulty: str
    title: str
    statement: str
    hints: tuple[str, ...]
    starter: str
    folder: Path

    @property
    def solution(self) -> str:
        # Read only when revealed, so the reference never sits in session state before that.
        return (self.folder / "solution.py").read_text(encoding="utf-8")


def load_exercise(exercise_id: str, lang: str) -> ExerciseView | None:
    """The exercise in `lang` (Korean where a translation is missing), or None if there is no such exercise, or
    if its lesson is a draft and the visitor is not staff (like the lesson page, a hidden draft is not leaked)."""
    if not _ID.match(exercise_id or ""):
        return None
    catalog = load_catalog()
    try:
        exercise = catalog.exercise(exercise_id)
    except ExerciseNotFound:
        # A valid folder whose lesson does not list it yet (content in progress) still opens by its link.
        try:
            exercise = load_exercise_folder(get_settings().exercises_dir / exercise_id)
        except CatalogError:
            return None
    if _in_hidden_draft(catalog, exercise.lesson):
        return None
    text = exercise.text(lang)
    return ExerciseView(
        id=exercise.id, lesson=exercise.lesson, xp=exercise.xp, difficulty=exercise.difficulty,
        title=text.title, statement=text.statement, hints=tuple(text.hints), starter=exercise.starter_in(lang),
        folder=Path(exercise.path),
    )


def _in_hidden_draft(catalog: Catalog, lesson_id: str) -> bool:
    """True when the exercise's lesson is a draft this visitor may not see (staff see drafts)."""
    try:
        lesson = catalog.lesson(lesson_id)
    except LessonNotFound:
        return False  # no such lesson yet: the folder opens by its link, as before
    return data.is_draft(lesson) and not data.show_drafts()
