"""One cheap stat walk over the content folders: which files exist, and a key that changes when any does."""
from __future__ import annotations

import os
from dataclasses import dataclass

from catalog.exercises import MAIN_FILE, REQUIRED_FILES, STARTER_FILE, TRANSLATION_FILES
from catalog.lessons import COURSE_FILE

# Exercise files the catalog reads: their (mtime, size) is part of the key. The other required files only
# have to exist, and the folder listing already says whether they do, so they cost no stat call.
_EXERCISE_READ = frozenset((MAIN_FILE, STARTER_FILE, *TRANSLATION_FILES.values()))
_EXERCISE_LISTED = frozenset(REQUIRED_FILES) - _EXERCISE_READ
_BY_FD = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd  # not on Windows
_EMPTY_FOLDER = ("", 0, -1)  # stands for the folder itself, so a new empty folder changes the key too


@dataclass(frozen=True)
class ContentTree:
    lessons_dir: str
    exercises_dir: str
    courses: list[tuple[str, list[str]]]  # (course folder, names of its .md files and course.yaml)
    exercises: list[tuple[str, list[str]]]  # (exercise folder, names of the files the catalog looks at)
    missing: list[str]  # content folders that do not exist
    key: tuple  # per folder: (folder, ((name, mtime_ns, size), ...))


def scan(lessons_dir: str, exercises_dir: str) -> ContentTree:
    """List and stat the content files; no file is opened.

    This runs on every load_catalog call. One stat per file is the floor; it is made relative to the open
    folder (the kernel resolves one name instead of the whole path, about a quarter faster).
    """
    missing: list[str] = []
    key: list[tuple] = []
    courses = [(folder, _stamp(folder, False, key)) for folder in _folders(lessons_dir, missing)]
    exercises = [(folder, _stamp(folder, True, key)) for folder in _folders(exercises_dir, missing)]
    return ContentTree(lessons_dir, exercises_dir, courses, exercises, missing, tuple(key))


def _folders(root: str, missing: list[str]) -> list[str]:
    try:
        with os.scandir(root) as entries:
            return [entry.path for entry in entries if entry.name[0] not in "._" and entry.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        missing.append(root)
        return []


def _stamp(folder: str, exercise: bool, key: list[tuple]) -> list[str]:
    """Append the folder's stamps to `key`; return the names of the files that matter."""
    stamps = [_EMPTY_FOLDER]
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _BY_FD else None
    except (FileNotFoundError, NotADirectoryError):  # removed since the parent was listed
        return []
    try:
        with os.scandir(folder if fd is None else fd) as entries:
            for entry in entries:
                name = entry.name
                if exercise:
                    if name in _EXERCISE_LISTED:
                        stamps.append((name, 0, 0))
                        continue
                    if name not in _EXERCISE_READ:
                        continue
                elif name[0] in "._" or not (name.endswith(".md") or name == COURSE_FILE):
                    continue  # editors' swap and backup files start with '.'
                try:
                    stat = entry.stat()
                except FileNotFoundError:  # deleted while we looked
                    continue
                stamps.append((name, stat.st_mtime_ns, stat.st_size))
    except (FileNotFoundError, NotADirectoryError):
        return []
    finally:
        if fd is not None:
            os.close(fd)
    key.append((folder, tuple(stamps)))
    return [stamp[0] for stamp in stamps[1:]]
