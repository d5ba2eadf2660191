"""Lesson text written in the app: validated as the loader would, then written into the content folder.

The page (ui/pages/authoring.py) only draws; deciding where a lesson goes, what it would replace and
whether it may be written lives here, next to the loader whose rules it must match.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from catalog.lessons import check_lesson_text, check_translation_text
from catalog.models import LANGS, Catalog, Course, Lesson, LessonText, Problem
from catalog.reading_time import estimate_minutes
from catalog.source import Source, parse_source

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Checked:
    """Pasted lesson text after validation: the lesson as learners would get it (None if invalid)."""

    lesson: Lesson | None
    problems: list[Problem]
    source: Source | None = None


@dataclass(frozen=True)
class Plan:
    """Where publishing writes, and what stands in the way."""

    target: Path
    exists: bool  # the target file is there already (an update of the same lesson, or a replacement)
    replaces: str | None  # set when the target holds ANOTHER lesson: the page asks for a confirm first
    problems: list[Problem]  # anything here blocks publishing
    # The replaced lesson's translations next to the target (its .en.md): removed on a confirmed publish,
    # or they would become the new lesson's English text.
    stale: tuple[Path, ...] = ()

    @property
    def needs_confirm(self) -> bool:
        return self.replaces is not None


class PublishRefused(Exception):
    """Publishing was refused; the message says why (nothing was written)."""


def validate_lesson_text(text: str, path: Path, course_id: str = "", base: Lesson | None = None,
                         lang: str = "ko") -> Checked:
    """Validate lesson text exactly as the loader validates a file at `path` (same messages, same lines).

    lang "ko" reads a lesson; any other language reads a translation of `base` (the Korean lesson)."""
    text = normalize(text)
    if lang == "ko":
        source, meta, problems = check_lesson_text(text, path)
        if meta is None:
            return Checked(None, problems, source)
        lesson = Lesson(
            id=meta.id, course_id=course_id, order=meta.order, status=meta.status, tags=tuple(meta.tags),
            xp=meta.xp, minutes=meta.minutes or estimate_minutes(source.body), exercises=tuple(meta.exercises),
            path=path, texts={"ko": LessonText(meta.title, meta.summary, source.body)},
        )
        return Checked(lesson, [], source)
    source, meta, problems = check_translation_text(text, path)
    if meta is None or base is None:
        return Checked(None, problems, source)
    ko = base.text("ko")
    summary = ko.summary if meta.summary is None else meta.summary
    texts = {**base.texts, lang: LessonText(meta.title or ko.title, summary, source.body)}
    return Checked(dataclasses.replace(base, texts=texts), [], source)


def plan_lesson(catalog: Catalog, course: Course, checked: Checked, slug: str) -> Plan:
    """Where a Korean lesson goes: its own file when the id is known, else `<course>/NN-slug.md`."""
    lesson, source = checked.lesson, checked.source
    assert lesson is not None and source is not None and course.path is not None
    problems: list[Problem] = []
    same = next((known for known in catalog.lessons if known.id == lesson.id), None)
    if same is not None and same.course_id != course.id:
        problems.append(Problem(lesson.path, source.line_of(("id",)),
                                f"id {lesson.id!r} is already used by {_shown(same.path)} in course "
                                f"{same.course_id!r}: choose another id"))
    if same is not None and same.course_id == course.id:
        target = same.path  # an update of the lesson: its file keeps its name
    elif not SLUG.match(slug or suggest_slug(lesson.id, course.id)):
        problems.append(Problem(lesson.path, 1, f"file name part {slug!r} must be lowercase letters, digits and "
                                                "'-' (like tensors-intro)"))
        target = course.path / f"{lesson.order:02d}-lesson.md"
    else:
        target = course.path / f"{lesson.order:02d}-{slug or suggest_slug(lesson.id, course.id)}.md"
    replaces = _other_lesson_in(target, lesson.id)
    stale = tuple(path for path in translations_of(target) if path.is_file()) if replaces is not None else ()
    # The loader's rules (catalog/build.py, _reject_unknown_exercises): no id twice, and an exercise folder with an
    # exercise.md for each, even one held back from the catalog because it names this not-yet-published lesson.
    known = catalog.exercise_folders | catalog.exercises.keys()
    seen: set[str] = set()
    for index, exercise_id in enumerate(lesson.exercises):
        line = source.line_of(("exercises", index))
        if exercise_id in seen:
            problems.append(Problem(lesson.path, line, f"exercise {exercise_id!r} is listed twice"))
        elif exercise_id not in known:
            problems.append(Problem(lesson.path, line, f"exercise {exercise_id!r} does not exist "
                                                       f"(no exercises/{exercise_id}/exercise.md)"))
        seen.add(exercise_id)
    for other in course.lessons:
        if other.order == lesson.order and other.id != lesson.id and other.path != target:
            problems.append(Problem(lesson.path, source.line_of(("order",)),
                                    f"order {lesson.order} is also used by {_shown(other.path)}"))
    return Plan(target, target.exists(), replaces, problems, stale)


def translations_of(path: Path) -> list[Path]:
    """Where the translations of the lesson file `path` sit: 01-intro.md → 01-intro.en.md, …"""
    return [path.with_name(f"{path.name[:-3]}.{lang}.md") for lang in LANGS if lang != "ko"]


def suggest_slug(lesson_id: str, course_id: str) -> str:
    """The file name part when the author gives none: the id without its course prefix, if words remain."""
    rest = lesson_id.removeprefix(f"{course_id}-").replace("_", "-")
    return rest if SLUG.match(rest) and not rest.replace("-", "").isdigit() else lesson_id.replace("_", "-")


def plan_translation(base: Lesson, lang: str) -> Plan:
    """A translation sits next to its Korean file; rewriting it updates the same lesson."""
    target = base.path.with_name(f"{base.path.name[:-3]}.{lang}.md")
    return Plan(target, target.exists(), None, [])


def publish(plan: Plan, text: str, confirmed: bool = False) -> Path:
    """Write `text` to the plan's target atomically; refuse on problems or an unconfirmed replacement.

    A confirmed replacement also removes the replaced lesson's translations (`plan.stale`)."""
    if plan.problems:
        raise PublishRefused("\n".join(str(problem) for problem in plan.problems))
    if plan.needs_confirm and not confirmed:
        stale = "".join(f" and its translation {_shown(path)}" for path in plan.stale)
        raise PublishRefused(f"{_shown(plan.target)} holds lesson {plan.replaces!r}{stale}; confirm to replace it")
    # The stale translations are first renamed to hidden names (the catalog's scan skips them), so no reader ever
    # sees the new lesson with the old English text; if the write fails they are put back.
    hidden: list[tuple[Path, Path]] = []
    try:
        for path in plan.stale:
            aside = path.with_name(f".{path.name}.replaced")
            try:
                os.replace(path, aside)
            except FileNotFoundError:
                continue  # removed meanwhile: nothing stale left
            hidden.append((path, aside))
        write_atomically(plan.target, normalize(text))
    except BaseException:
        for path, aside in hidden:
            os.replace(aside, path)
        raise
    for _, aside in hidden:
        aside.unlink(missing_ok=True)
    return plan.target


def write_atomically(path: Path, text: str) -> None:
    """Readers (the app's catalog scan) see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A leading '.' keeps the temporary file out of the catalog's scan.
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def normalize(text: str) -> str:
    """Text as a hand-written file holds it: \\n line ends, one final newline, no BOM."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n" if text.strip() else ""


def _other_lesson_in(target: Path, lesson_id: str) -> str | None:
    """The id (or file name, if unreadable) of a different lesson already at `target`, else None."""
    if not target.is_file():
        return None
    try:
        source, _ = parse_source(target, target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        source = None
    found = source.meta.get("id") if source is not None else None
    if found == lesson_id:
        return None
    return str(found) if isinstance(found, str) else target.name


def _shown(path: Path) -> str:
    """lessons/<course>/<file>, as the catalog names other files in its messages."""
    return "/".join(path.parts[-3:])
