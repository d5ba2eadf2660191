"""One cheap stat walk over the content folders: which files exist, and a key that changes when any does."""
from __future__ import annotations

import os
from dataclasses import dataclass

from catalog.exercises import WATCHED_FILES
from catalog.lessons import COURSE_FILE


@dataclass(frozen=True)
class ContentTree:
    lessons_dir: str
    exercises_dir: str
    courses: list[tuple[str, list[str]]]  # (course folder, names of its .md files and course.yaml)
    exercises: list[tuple[str, list[str]]]  # (exercise folder, names of the files the catalog reads)
    missing: list[str]  # content folders that do not exist
    key: tuple  # (path, mtime_ns, size) of every file above, plus one entry per folder


def scan(lessons_dir: str, exercises_dir: str) -> ContentTree:
    """List and stat the content files; no file is opened, so this stays fast enough to run on every rerun."""
    stamps: list[tuple[str, int, int]] = []
    missing: list[str] = []
    courses = _walk(lessons_dir, _is_lesson_file, stamps, missing)
    exercises = _walk(exercises_dir, WATCHED_FILES.__contains__, stamps, missing)
    return ContentTree(lessons_dir, exercises_dir, courses, exercises, missing, tuple(stamps))


def _is_lesson_file(name: str) -> bool:
    return name.endswith(".md") or name == COURSE_FILE


def _walk(root: str, wanted, stamps: list, missing: list) -> list[tuple[str, list[str]]]:
    try:
        with os.scandir(root) as entries:
            folders = [entry.path for entry in entries if entry.name[0] not in "._" and entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        missing.append(root)
        return []
    found = []
    for folder in folders:
        names = []
        stamps.append((folder, 0, -1))  # a new, still empty folder must change the key too
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name[0] in "._" or not wanted(name):  # editors' swap and backup files start with '.'
                        continue
                    try:
                        stat = entry.stat()
                    except FileNotFoundError:  # deleted while we looked
                        continue
                    stamps.append((entry.path, stat.st_mtime_ns, stat.st_size))
                    names.append(name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.append((folder, names))
    return found
