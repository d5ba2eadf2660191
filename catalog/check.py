"""`python -m catalog check [PATH]`: validate content and print every problem as file:line: message."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from catalog.exercises import MAIN_FILE
from catalog.lessons import COURSE_FILE
from catalog.lint import lint_catalog
from catalog.loader import load_catalog
from catalog.models import Catalog, Problem


def run_check(path: str | None, out: TextIO, strict: bool = False) -> int:
    """Print the problems under `path` (default: the configured folders), then the warnings (lessons that
    show, but not as meant); 1 if there are problems (or, with `strict`, warnings), else 0."""
    if path is None:
        catalog, scope = load_catalog(), None
    else:
        target = Path(path).resolve()
        if not target.exists():
            print(f"{path}: no such file or folder", file=out)
            return 2
        catalog, scope = _load_around(target)
    problems = [p for p in catalog.problems if scope is None or _within(p.path, scope)]
    warnings = lint_catalog(catalog, scope)
    for problem in problems:
        print(Problem(_relative(problem.path), problem.line, problem.message), file=out)
    for warning in warnings:
        print(Problem(_relative(warning.path), warning.line, "warning: " + warning.message), file=out)
    print(_summary(catalog, problems, scope) + _warned(warnings), file=out)
    return 1 if problems or (strict and warnings) else 0


def _load_around(target: Path) -> tuple[Catalog, Path | None]:
    """Load the folders `target` belongs to; return the scope whose problems to print (None: all)."""
    folder = target if target.is_dir() else target.parent
    if (folder / MAIN_FILE).is_file():  # an exercise folder, or a file in one
        return load_catalog(exercises_dir=folder.parent), target
    if (folder / COURSE_FILE).is_file() or target.suffix == ".md":  # a course folder, or a lesson file
        return load_catalog(lessons_dir=folder.parent), target
    if target.is_dir() and any((child / MAIN_FILE).is_file() for child in target.iterdir() if child.is_dir()):
        return load_catalog(exercises_dir=target), target  # an exercises folder
    return load_catalog(lessons_dir=target), target  # a lessons folder


def _within(path: Path, scope: Path) -> bool:
    return path == scope or scope in path.parents


def _relative(path: Path) -> Path:
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path


def _summary(catalog: Catalog, problems: list[Problem], scope: Path | None) -> str:
    lessons = sum(len(course.lessons) for course in catalog.courses)
    where = f" under {_relative(scope)}" if scope is not None else ""
    loaded = (f"{_count(len(catalog.courses), 'course')}, {_count(lessons, 'lesson')} and "
              f"{_count(len(catalog.exercises), 'exercise')} load")
    if not problems:
        return f"no problems{where}: {loaded}"
    return f"{_count(len(problems), 'problem')}{where} (files named above are left out for learners); {loaded}"


def _warned(warnings: list[Problem]) -> str:
    if not warnings:
        return ""
    return f"; {_count(len(warnings), 'warning')} (those lessons show, but not all of them as written)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
