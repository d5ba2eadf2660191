"""Read one course folder's files: course.yaml, each Korean lesson and its translations."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from catalog.models import LANGS, LessonText, Problem
from catalog.reading_time import estimate_minutes
from catalog.schema import TRANSLATION_ONLY, CourseMeta, LessonMeta, LessonTranslationMeta
from catalog.source import Source, parse_source, read_text, read_yaml, validate

COURSE_FILE = "course.yaml"
IGNORED_NAMES = {"readme.md"}  # a course folder may keep notes for instructors
_LESSON_NAME = re.compile(r"^\d+-[^.\s]+\.md$")


@dataclass
class LessonFile:
    """A Korean lesson whose front matter passed validation; cross-file checks may still reject it."""

    path: Path
    course_id: str
    meta: LessonMeta
    source: Source
    texts: dict[str, LessonText]
    minutes: int
    rejected: bool = False

    def line(self, *loc) -> int:
        return self.source.line_of(loc)


@dataclass
class CourseFolder:
    path: Path
    id: str
    meta: CourseMeta | None  # None: course.yaml missing or broken, so the course is not shown
    source: Source | None
    lessons: list[LessonFile]
    problems: list[Problem]
    seen_ids: set[str]  # ids named in lessons that failed validation, so nobody reports them as unknown
    seen_orders: set[int]  # orders named in lessons that failed validation: not reported again as a gap


def split_name(name: str) -> tuple[str, str] | None:
    """('01-intro.md', 'ko') for a lesson file name, ('01-intro.md', 'en') for its translation, else None."""
    stem, dot, lang = name[:-3].rpartition(".")
    if dot and lang in LANGS and lang != "ko":
        name, language = f"{stem}.md", lang
    else:
        language = "ko"
    return (name, language) if _LESSON_NAME.match(name) else None


def read_course_folder(folder: Path, names: list[str]) -> CourseFolder:
    """Read course.yaml and every lesson in `folder`; problems are collected, never raised."""
    meta, source, problems = _read_course_yaml(folder, names)
    course_id = meta.id if meta and meta.id else folder.name
    course = CourseFolder(folder, course_id, meta, source, [], problems, set(), set())
    korean: dict[str, LessonFile] = {}
    translations: list[tuple[Path, str, str]] = []
    for name in sorted(names):
        if name == COURSE_FILE or name.lower() in IGNORED_NAMES:
            continue
        parts = split_name(name)
        if parts is None:
            course.problems.append(Problem(folder / name, 1, "not a lesson file name: use NN-slug.md (like "
                                                             "01-tensors.md), and NN-slug.en.md for its English "
                                                             "translation"))
        elif parts[1] == "ko":
            lesson = _read_lesson(folder / name, course)
            if lesson is not None:
                korean[name] = lesson
        else:
            translations.append((folder / name, *parts))
    for path, korean_name, lang in translations:
        text, found = _read_translation(path)
        course.problems.extend(found)
        owner = korean.get(korean_name)
        if korean_name not in names:
            course.problems.append(Problem(path, 1, f"translation without a Korean lesson: {korean_name} is missing"))
        elif owner is not None and text is not None:
            ko = owner.texts["ko"]
            summary = ko.summary if text.summary is None else text.summary
            owner.texts[lang] = LessonText(text.title or ko.title, summary, text.body)
    course.lessons = sorted(korean.values(), key=lambda lesson: (lesson.meta.order, lesson.path.name))
    return course


def _read_course_yaml(folder: Path, names: list[str]) -> tuple[CourseMeta | None, Source | None, list[Problem]]:
    if COURSE_FILE not in names:
        return None, None, [Problem(folder / COURSE_FILE, 1,
                                    "missing: every course folder needs a course.yaml with title and description")]
    source, problems = read_yaml(folder / COURSE_FILE)
    if source is None:
        return None, None, problems
    meta, problems = validate(CourseMeta, source)
    return meta, source, problems


def _read_lesson(path: Path, course: CourseFolder) -> LessonFile | None:
    text, problems = read_text(path)
    if text is None:
        course.problems.extend(problems)
        return None
    source, meta, problems = check_lesson_text(text, path)
    if source is not None:
        raw_id, raw_order = source.meta.get("id"), source.meta.get("order")
        if isinstance(raw_id, str):
            course.seen_ids.add(raw_id)
        if type(raw_order) is int:
            course.seen_orders.add(raw_order)
    if source is None or meta is None:
        course.problems.extend(problems)
        return None
    minutes = meta.minutes or estimate_minutes(source.body)
    texts = {"ko": LessonText(meta.title, meta.summary, source.body)}
    return LessonFile(path, course.id, meta, source, texts, minutes)


def check_lesson_text(text: str, path: Path) -> tuple[Source | None, LessonMeta | None, list[Problem]]:
    """A Korean lesson file's text as the loader judges it: the parsed source (None if unusable), the
    validated front matter (None if invalid) and the problems, each at its line in `path`."""
    source, problems = parse_source(path, text)
    if source is None:
        return None, None, problems
    meta, problems = validate(LessonMeta, source)
    if meta is not None and not source.body:
        meta, problems = None, [Problem(path, 1, "the lesson has no text below the front matter")]
    return source, meta, problems


def check_translation_text(text: str, path: Path) -> tuple[Source | None, LessonTranslationMeta | None,
                                                             list[Problem]]:
    """Like check_lesson_text, for a translation (NN-slug.en.md): only title and summary may be set."""
    source, problems = parse_source(path, text)
    if source is None:
        return None, None, problems
    meta, problems = validate(LessonTranslationMeta, source, TRANSLATION_ONLY)
    if meta is not None and not source.body:
        meta, problems = None, [Problem(path, 1, "the translation has no text below the front matter")]
    return source, meta, problems


@dataclass(frozen=True)
class _Translation:
    title: str | None
    summary: str | None
    body: str


def _read_translation(path: Path) -> tuple[_Translation | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    source, meta, problems = check_translation_text(text, path)
    if source is None or meta is None:
        return None, problems
    return _Translation(meta.title, meta.summary, source.body), []
