"""What pages read and write about lessons and progress, through catalog/ and services/ only."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from dataclasses import dataclass
from typing import TYPE_CHECKING

import db
from catalog import LessonNotFound, load_catalog
from services import home as home_service
from services import progress as progress_service
from ui import identity, store

if TYPE_CHECKING:
    from catalog import Catalog, Course, Lesson
    from services.home import Home
    from services.progress import LearnerStats, LessonAward

DRAFT = "draft"


@dataclass(frozen=True)
class Progress:
    stats: LearnerStats
    done: frozenset[str]


def catalog() -> Catalog:
    # load_catalog caches by the files' modification times, so an edited lesson shows on the next rerun.
    return load_catalog()


def show_drafts() -> bool:
    """Draft lessons and content problems are for staff (instructors and admins) only."""
    return identity.current().is_staff


def is_draft(lesson: Lesson) -> bool:
    return lesson.status == DRAFT


def visible(lessons: Iterable[Lesson]) -> list[Lesson]:
    """The lessons a visitor may see, in course order: drafts only for instructors and admins."""
    drafts_too = show_drafts()
    return [lesson for lesson in lessons if drafts_too or not is_draft(lesson)]


def published_ids(cat: Catalog) -> list[str]:
    """Lessons that count toward completion: drafts never do, even when shown."""
    return [lesson.id for course in cat.courses for lesson in course.lessons if not is_draft(lesson)]


def find_lesson(cat: Catalog, lesson_id: str) -> Lesson | None:
    """The lesson, or None when unknown or a draft this visitor may not see (a hidden draft is not leaked)."""
    try:
        lesson = cat.lesson(lesson_id)
    except LessonNotFound:
        return None
    return lesson if visible([lesson]) else None


def position(course: Course, lesson: Lesson) -> tuple[int, int]:
    """1-based place of the lesson among the visible lessons of its course, and how many there are."""
    shown = visible(course.lessons)
    return shown.index(lesson) + 1, len(shown)


def neighbours(course: Course, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    shown = visible(course.lessons)
    i = shown.index(lesson)
    return (shown[i - 1] if i > 0 else None), (shown[i + 1] if i + 1 < len(shown) else None)


def matches(lesson: Lesson, query: str, tags: Sequence[str]) -> bool:
    """Search what a learner would type: every word of the query found in the lesson's title, summary or tags, in
    any language (a Korean learner may type an English term, `tf.function` or `stop gradient` alike); and any
    chosen tag."""
    words = query.casefold().replace("_", " ").replace("-", " ").split()
    if words:
        haystack = " ".join([*(f"{text.title} {text.summary}" for text in lesson.texts.values()), *lesson.tags])
        haystack = haystack.casefold().replace("_", " ").replace("-", " ")
        if not all(word in haystack for word in words):
            return False
    return not tags or any(tag in lesson.tags for tag in tags)


def home(cat: Catalog) -> Home:
    """The home page's view of this learner: the next step, today's goal and streak, what is done."""
    with db.session_scope(store.engine()) as session:
        return home_service.home(session, learner_id(), cat, datetime.now(timezone.utc))


def learner_id() -> int:
    """The learner whose progress this session shows: the signed-in account, else the local profile."""
    return identity.current().learner_id


def progress(cat: Catalog) -> Progress:
    """Header stats and completed lesson ids, read in one transaction so they agree."""
    who = learner_id()
    with db.session_scope(store.engine()) as session:
        stats = progress_service.learner_stats(session, who, published_ids(cat))
        done = frozenset(progress_service.completed_lesson_ids(session, who))
    return Progress(stats, done)


def complete_lesson(lesson: Lesson) -> LessonAward:
    """Mark done and pay the lesson's XP; the service guarantees a repeat (or another tab) pays nothing."""
    with db.session_scope(store.engine()) as session:
        return progress_service.complete_lesson(session, learner_id(), lesson.id, lesson.xp, datetime.now(timezone.utc))
