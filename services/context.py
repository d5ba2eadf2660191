"""What the rules need besides the history: the Context built from the catalog, and the learner's zone."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from catalog import Catalog, load_catalog
from gamification import Context

DRAFT = "draft"
DEFAULT_TIMEZONE = "Asia/Seoul"


def zone_name(name: str | None) -> str:
    """The learner's IANA zone, or the default when the stored one is unknown (a typo must not break pages)."""
    try:
        ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TIMEZONE
    return name or DEFAULT_TIMEZONE


def catalog_context(catalog: Catalog | None = None) -> Context:
    """The rules' view of the content; one object per loaded catalog, so per-context caches stay warm."""
    return _context_for(catalog if catalog is not None else load_catalog())


# Catalog compares by identity and load_catalog hands out the same object until a file changes.
@functools.lru_cache(maxsize=4)
def _context_for(catalog: Catalog) -> Context:
    return Context(
        # Drafts count toward nothing, so "course complete" means every published lesson.
        courses={
            course.id: frozenset(lesson.id for lesson in course.lessons if lesson.status != DRAFT)
            for course in catalog.courses
        },
        exercise_tags={exercise.id: frozenset(exercise.tags) for exercise in catalog.exercises.values()},
        lesson_xp={lesson.id: lesson.xp for lesson in catalog.lessons},
        exercise_xp={exercise.id: exercise.xp for exercise in catalog.exercises.values()},
    )


def with_xp(context: Context, *, lessons: Mapping[str, int] | None = None,
            exercises: Mapping[str, int] | None = None) -> Context:
    """The context with the caller's XP for these subjects (a page passes the lesson's xp; so do tests
    with made-up ids). Returns the same object when nothing differs, so caches keyed on it still hit."""
    lessons = {k: v for k, v in (lessons or {}).items() if context.lesson_xp.get(k) != v}
    exercises = {k: v for k, v in (exercises or {}).items() if context.exercise_xp.get(k) != v}
    if not lessons and not exercises:
        return context
    return Context(
        courses=context.courses,
        exercise_tags=context.exercise_tags,
        lesson_xp={**context.lesson_xp, **lessons},
        exercise_xp={**context.exercise_xp, **exercises},
    )
