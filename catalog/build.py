"""Build a Catalog from a scanned content tree: read every file, then the checks that span files."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from catalog.exercises import MAIN_FILE, read_exercise_source
from catalog.lessons import COURSE_FILE, CourseFolder, LessonFile, read_course_folder
from catalog.models import Catalog, Course, Exercise, Lesson, Problem
from catalog.source import Source
from catalog.tree import ContentTree


def build_catalog(tree: ContentTree) -> Catalog:
    problems = [Problem(Path(folder), 1, "folder does not exist") for folder in tree.missing]
    exercises, exercise_sources, exercise_folders = _read_exercises(tree, problems)
    folders = [read_course_folder(Path(path), names) for path, names in sorted(tree.courses) if names]
    for folder in folders:
        problems += folder.problems
    lessons = [lesson for folder in folders for lesson in folder.lessons]
    shown_from = Path(tree.lessons_dir).parent  # messages name other files as lessons/<course>/<file>

    _reject_duplicate_ids(lessons, problems, shown_from)
    _reject_unknown_exercises(lessons, exercise_folders, problems)
    for folder in folders:
        _check_order(folder, problems, shown_from)
    _reject_duplicate_courses(folders, problems)
    seen_ids = set().union(*(folder.seen_ids for folder in folders))
    _check_exercise_owners(exercises, exercise_sources, lessons, seen_ids, problems)

    courses = [_course(folder, exercises) for folder in folders if folder.meta is not None]
    courses.sort(key=lambda course: (course.order is None, course.order or 0, course.id))
    return Catalog(courses=courses, problems=sorted(set(problems)), exercises=exercises,
                   exercise_folders=frozenset(exercise_folders))


def _read_exercises(tree: ContentTree, problems: list[Problem]):
    exercises: dict[str, Exercise] = {}
    sources: dict[str, Source] = {}
    folders_with_main: set[str] = set()
    for path, names in sorted(tree.exercises):
        folder = Path(path)
        if MAIN_FILE not in names:
            problems.append(Problem(folder / MAIN_FILE, 1, "missing: every exercise folder needs an exercise.md"))
            continue
        folders_with_main.add(folder.name)
        exercise, found, source = read_exercise_source(folder)
        problems += found
        if exercise is not None:
            exercises[exercise.id] = exercise
            sources[exercise.id] = source
    return exercises, sources, folders_with_main


def _reject_duplicate_ids(lessons: list[LessonFile], problems: list[Problem], shown_from: Path) -> None:
    by_id: dict[str, list[LessonFile]] = defaultdict(list)
    for lesson in lessons:
        by_id[lesson.meta.id].append(lesson)
    for same in by_id.values():
        if len(same) < 2:
            continue
        # Progress is stored by lesson id, so neither copy can be shown until one is renamed.
        for lesson in same:
            others = ", ".join(f"{_shown(other.path, shown_from)}:{other.line('id')}" for other in same
                               if other is not lesson)
            problems.append(Problem(lesson.path, lesson.line("id"), f"id {lesson.meta.id!r} is also used by {others}"))
            lesson.rejected = True


def _reject_unknown_exercises(lessons: list[LessonFile], exercise_folders: set[str], problems: list[Problem]) -> None:
    for lesson in lessons:
        seen: set[str] = set()
        for index, exercise_id in enumerate(lesson.meta.exercises):
            line = lesson.line("exercises", index)
            if exercise_id in seen:
                problems.append(Problem(lesson.path, line, f"exercise {exercise_id!r} is listed twice"))
                lesson.rejected = True
            elif exercise_id not in exercise_folders:
                problems.append(Problem(lesson.path, line, f"exercise {exercise_id!r} does not exist "
                                                           f"(no exercises/{exercise_id}/exercise.md)"))
                lesson.rejected = True
            seen.add(exercise_id)


def _check_order(folder: CourseFolder, problems: list[Problem], shown_from: Path) -> None:
    by_order: dict[int, list[LessonFile]] = defaultdict(list)
    for lesson in folder.lessons:
        by_order[lesson.meta.order].append(lesson)
    for order, same in by_order.items():
        if len(same) < 2:
            continue
        # Which one belongs at this place is the instructor's call, so neither is guessed.
        for lesson in same:
            others = ", ".join(_shown(other.path, shown_from) for other in same if other is not lesson)
            problems.append(Problem(lesson.path, lesson.line("order"), f"order {order} is also used by {others}"))
            lesson.rejected = True
    present = set(by_order) | folder.seen_orders  # a broken lesson is reported already, not again as a gap
    if not present:
        return
    last = max(present)
    missing = sorted(set(range(1, last + 1)) - present)
    if missing:
        # One report for the course: the lessons themselves are fine and stay, shown in their order.
        numbers = ", ".join(map(str, missing))
        problems.append(Problem(folder.path / COURSE_FILE, 1,
                                f"course {folder.id!r}: lesson order must run 1..{last} without gaps; "
                                f"no lesson has order {numbers}"))


def _reject_duplicate_courses(folders: list[CourseFolder], problems: list[Problem]) -> None:
    by_id: dict[str, list[CourseFolder]] = defaultdict(list)
    for folder in folders:
        if folder.meta is not None:
            by_id[folder.id].append(folder)
    for same in by_id.values():
        if len(same) < 2:
            continue
        for folder in same:
            others = ", ".join(other.path.name for other in same if other is not folder)
            line = folder.source.line_of(("id",)) if folder.source else 1
            problems.append(Problem(folder.path / COURSE_FILE, line,
                                    f"course id {folder.id!r} is also used by folder {others}"))
            folder.meta = None


def _check_exercise_owners(exercises: dict[str, Exercise], sources: dict[str, Source], lessons: list[LessonFile],
                           seen_ids: set[str], problems: list[Problem]) -> None:
    listed_by: dict[str, set[str]] = defaultdict(set)
    for lesson in lessons:
        listed_by[lesson.meta.id].update(lesson.meta.exercises)
    for exercise in list(exercises.values()):
        path, line = exercise.path / "exercise.md", sources[exercise.id].line_of(("lesson",))
        if exercise.lesson not in listed_by:
            if exercise.lesson in seen_ids:
                continue  # that lesson is broken and reported on its own; the exercise itself is fine
            problems.append(Problem(path, line, f"no lesson has id {exercise.lesson!r}"))
        elif exercise.id not in listed_by[exercise.lesson]:
            problems.append(Problem(path, line, f"lesson {exercise.lesson!r} does not list {exercise.id!r} "
                                                "under `exercises`"))
        else:
            continue
        del exercises[exercise.id]


def _course(folder: CourseFolder, exercises: dict[str, Exercise]) -> Course:
    lessons = tuple(
        Lesson(
            id=lesson.meta.id, course_id=folder.id, order=lesson.meta.order, status=lesson.meta.status,
            tags=tuple(lesson.meta.tags), xp=lesson.meta.xp, minutes=lesson.minutes,
            exercises=tuple(e for e in lesson.meta.exercises if e in exercises), path=lesson.path,
            texts=lesson.texts,
        )
        for lesson in folder.lessons if not lesson.rejected
    )
    meta = folder.meta
    return Course(id=folder.id, title=meta.title.as_dict(), description=meta.description.as_dict(),
                  lessons=lessons, order=meta.order, path=folder.path)


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
