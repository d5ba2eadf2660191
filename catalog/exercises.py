"""Load one exercise folder (exercise.md, exercise.en.md, starter.py, …) without touching lessons."""
from __future__ import annotations

import os
import re
from pathlib import Path

from catalog.errors import ExerciseNotFound, InvalidExercise
from catalog.models import Exercise, ExerciseText, Problem
from catalog.schema import EXERCISE_TRANSLATION_ONLY, ExerciseMeta, ExerciseTranslationMeta
from catalog.source import Source, read_source, read_text, validate

MAIN_FILE = "exercise.md"
TRANSLATION_FILES = {"en": "exercise.en.md"}
STARTER_FILE = "starter.py"
STARTER_TRANSLATIONS = {"en": "starter.en.py"}  # optional: the same code with comments and strings in that language
REQUIRED_FILES = (STARTER_FILE, "solution.py", "checks.py", "probe.py")


def load_exercise(folder: str | os.PathLike) -> Exercise:
    """The exercise in `folder`; raises ExerciseNotFound without exercise.md, InvalidExercise if it is broken.

    A broken translation does not raise: learners then read the Korean text (see read_exercise for it).
    """
    folder = Path(folder)
    if not (folder / MAIN_FILE).is_file():
        raise ExerciseNotFound(f"no {MAIN_FILE} in {folder}")
    exercise, problems = read_exercise(folder)
    if exercise is None:
        raise InvalidExercise(problems)
    return exercise


def read_exercise(folder: str | os.PathLike) -> tuple[Exercise | None, list[Problem]]:
    """The exercise (None if unusable) and every problem found, translations included."""
    exercise, problems, _ = read_exercise_source(Path(folder))
    return exercise, problems


def read_exercise_source(folder: Path) -> tuple[Exercise | None, list[Problem], Source | None]:
    """Like read_exercise, plus the parsed exercise.md so the catalog can point at its lines."""
    main = folder / MAIN_FILE
    source, problems = read_source(main)
    if source is None:
        return None, problems, None
    meta, problems = validate(ExerciseMeta, source)
    if meta is None:
        return None, problems, source
    if meta.id != folder.name:
        problems.append(Problem(main, source.line_of(("id",)),
                                f"`id` is {meta.id!r} but the folder is {folder.name!r}: they must be equal"))
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        problems.append(Problem(main, 1, f"missing next to exercise.md: {', '.join(missing)}"))
    if not source.body:
        problems.append(Problem(main, 1, "no task statement: write it below the front matter"))
    if problems:
        return None, problems, source
    starter, starter_problems = read_text(folder / STARTER_FILE)
    if starter is None:
        return None, starter_problems, source
    starters = {}
    for lang, name in STARTER_TRANSLATIONS.items():
        if (folder / name).is_file():
            text, translation_problems = read_text(folder / name)
            problems += translation_problems  # unreadable: learners of that language get starter.py
            if text is not None:
                starters[lang] = text
    texts = {"ko": ExerciseText(meta.title, source.body, tuple(meta.hints))}
    for lang, name in TRANSLATION_FILES.items():
        if (folder / name).is_file():
            text, translation_problems = _read_translation(folder / name, texts["ko"])
            problems += translation_problems
            if text is not None:
                texts[lang] = text
    problems += _corpus_problems(folder)
    exercise = Exercise(
        id=meta.id, lesson=meta.lesson, xp=meta.xp, difficulty=meta.difficulty,
        time_limit_s=meta.time_limit_s, memory_mb=meta.memory_mb, path=folder, texts=texts,
        starter=starter, tags=tuple(meta.tags), starters=starters,
    )
    return exercise, problems, source


_DIAGNOSIS_LINE = re.compile(r"#\s*diagnosis:\s*[\w-]+")


def _corpus_problems(folder: Path) -> list[Problem]:
    """mistakes/*.py and heldout/wrong_*.py name their diagnosis on line 1; heldout/ holds only wrong_ and right_ files."""
    problems = []
    for path in [*sorted((folder / "mistakes").glob("*.py")), *sorted((folder / "heldout").glob("wrong_*.py"))]:
        text, unreadable = read_text(path)
        if text is None:
            problems += unreadable
        elif not _DIAGNOSIS_LINE.match(text.split("\n", 1)[0]):
            problems.append(Problem(path, 1, "the first line must name the diagnosis it should get: "
                                             "`# diagnosis: <id>`"))
    for path in sorted((folder / "heldout").glob("*.py")):
        if not path.name.startswith(("wrong_", "right_")):
            problems.append(Problem(path, 1, "held-out files are named wrong_<what>.py (a wrong submission) or "
                                             "right_<what>.py (a correct one written differently)"))
    return problems


def _read_translation(path: Path, korean: ExerciseText) -> tuple[ExerciseText | None, list[Problem]]:
    source, problems = read_source(path)
    if source is None:
        return None, problems
    meta, problems = validate(ExerciseTranslationMeta, source, EXERCISE_TRANSLATION_ONLY)
    if meta is None:
        return None, problems
    if meta.hints is not None and len(meta.hints) != len(korean.hints):
        # Hint reveals are stored by position, so both languages must offer the same hints.
        return None, [Problem(path, source.line_of(("hints",)),
                              f"{len(meta.hints)} hints here but {len(korean.hints)} in exercise.md: "
                              "translate each hint, in the same order")]
    if not source.body:
        return None, [Problem(path, 1, "no task statement: write it below the front matter")]
    hints = tuple(meta.hints) if meta.hints is not None else korean.hints
    return ExerciseText(meta.title or korean.title, source.body, hints), []
