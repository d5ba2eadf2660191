"""load_catalog: the whole catalog, rebuilt only when a content file was added, removed or changed."""
from __future__ import annotations

import os
import threading

from catalog.build import build_catalog
from catalog.models import Catalog
from catalog.tree import scan

_MAX_CACHED = 8  # a running app uses one pair of folders; tests and the CLI use a few more
_cache: dict[tuple[str, str], tuple[tuple, Catalog]] = {}
_lock = threading.Lock()


def load_catalog(lessons_dir: str | os.PathLike | None = None,
                 exercises_dir: str | os.PathLike | None = None) -> Catalog:
    """The catalog of `lessons_dir` and `exercises_dir` (default: from settings).

    Every call stats the content files; the catalog is rebuilt only when one of them was added, removed or
    changed (path, mtime, size), so a saved lesson shows on the next rerun and an unchanged call is cheap.
    """
    if lessons_dir is None or exercises_dir is None:
        from settings import get_settings  # imported late: the grader imports catalog.exercises without settings

        settings = get_settings()
        lessons_dir = settings.lessons_dir if lessons_dir is None else lessons_dir
        exercises_dir = settings.exercises_dir if exercises_dir is None else exercises_dir
    folders = (os.path.abspath(lessons_dir), os.path.abspath(exercises_dir))
    tree = scan(*folders)
    with _lock:  # Streamlit sessions run in threads; one of them builds, the others wait and reuse it
        cached = _cache.get(folders)
        if cached is not None and cached[0] == tree.key:
            return cached[1]
        catalog = build_catalog(tree)
        _cache.pop(folders, None)
        _cache[folders] = (tree.key, catalog)
        while len(_cache) > _MAX_CACHED:
            del _cache[next(iter(_cache))]
        return catalog


def clear_cache() -> None:
    """Forget every cached catalog (tests, or after changing settings)."""
    with _lock:
        _cache.clear()
