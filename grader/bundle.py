"""One exercise folder as the grader needs it: files and limits at once, its hidden checks.py only when judging.

Screening a submission (empty, untouched starter, syntax error) needs the starters only, so the process that
screens (the Streamlit app) never imports an exercise's checks.py; the judge imports it on first use.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import threading
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

from catalog.errors import CatalogError
from catalog.exercises import STARTER_TRANSLATIONS, load_exercise
from grader import analysis
from grader.api import CheckSpec, Transformation

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")
REQUIRED = ("exercise.md", "starter.py", "solution.py", "probe.py", "checks.py")


class GraderError(Exception):
    """Base of the grader's own errors (as opposed to a learner's mistakes, which are verdicts)."""


class ExerciseNotFound(GraderError):
    """No exercise folder with that id."""


class BrokenExercise(GraderError):
    """An exercise's files could not be loaded; the message is `file:line: message` for the instructor."""


@dataclass(frozen=True)
class Checks:
    """What an exercise's checks.py declares: its checks, hidden cases and, optionally, the rest."""

    specs: tuple[CheckSpec, ...]
    cases: Callable
    charts: Callable | None = None
    regions: Callable | None = None  # regions(case) -> set of region names (no-op, boundary, …), for selftest
    families: tuple[str, ...] | None = None  # FAMILIES: the mistake families that apply (None: all)
    transformations: tuple[Transformation, ...] = ()  # TRANSFORMATIONS: the exercise's own known mistakes


@dataclass(frozen=True, eq=False)
class Bundle:
    id: str
    dir: Path
    starter: str
    solution: str
    probe: str
    time_limit_s: float
    memory_mb: int
    fingerprint: str
    starters: tuple[str, ...] = ()  # starter.py and its translations (starter.en.py): each is "not attempted"

    @cached_property
    def hidden(self) -> Checks:
        """checks.py, imported on first use (by the judge, never by screening); raises BrokenExercise."""
        return _load_checks(self.dir / "checks.py", f"stream_checks_{self.id.replace('-', '_')}_{self.fingerprint}")

    # The judge's names for what checks.py declares.
    @property
    def checks(self) -> tuple[CheckSpec, ...]:
        return self.hidden.specs

    @property
    def cases(self) -> Callable:
        return self.hidden.cases

    @property
    def charts(self) -> Callable | None:
        return self.hidden.charts

    @property
    def regions(self) -> Callable | None:
        return self.hidden.regions

    @property
    def families(self) -> tuple[str, ...] | None:
        return self.hidden.families

    @property
    def transformations(self) -> tuple[Transformation, ...]:
        return self.hidden.transformations


_cache: dict[Path, tuple[tuple, Bundle]] = {}
_lock = threading.Lock()


def load_bundle(exercises_dir: Path, exercise_id: str) -> Bundle:
    """Everything about one exercise but its checks (cached by the files' modification times)."""
    if not _ID.match(exercise_id or ""):
        raise ExerciseNotFound(f"no exercise named {exercise_id!r}")
    folder = Path(exercises_dir) / exercise_id
    if not folder.is_dir():
        raise ExerciseNotFound(f"no exercise named {exercise_id!r}")
    files = [folder / n for n in REQUIRED]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise BrokenExercise(f"{folder}: missing {', '.join(missing)}")
    files += [folder / n for n in STARTER_TRANSLATIONS.values() if (folder / n).is_file()]
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    with _lock:
        cached = _cache.get(folder)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        meta = load_exercise(folder)  # front matter validated once, by the catalog
    except CatalogError as exc:
        raise BrokenExercise(str(exc)) from None
    texts = {f.name: f.read_text(encoding="utf-8") for f in files}
    fingerprint = hashlib.sha256("\0".join(texts[n] for n in sorted(texts)).encode()).hexdigest()[:16]
    bundle = Bundle(
        id=exercise_id, dir=folder, starter=meta.starter, solution=texts["solution.py"], probe=texts["probe.py"],
        time_limit_s=float(meta.time_limit_s), memory_mb=int(meta.memory_mb), fingerprint=fingerprint,
        starters=(meta.starter, *meta.starters.values()),
    )
    with _lock:
        _cache[folder] = (stamp, bundle)
    return bundle


def _load_checks(path: Path, module_name: str) -> Checks:
    module = _import(path, module_name)
    specs = tuple(v.__stream_check__ for v in vars(module).values() if hasattr(v, "__stream_check__"))
    if not callable(getattr(module, "cases", None)) or not specs:
        raise BrokenExercise(f"{path}:1: needs a cases(rng) function and at least one @check")
    for spec in specs:
        _known(spec.families, path, f"@check {spec.fn.__name__}")
    return Checks(specs=specs, cases=module.cases, charts=getattr(module, "charts", None),
                  regions=getattr(module, "regions", None), families=_families(module, path),
                  transformations=tuple(getattr(module, "TRANSFORMATIONS", ()) or ()))


def _families(module, path: Path) -> tuple[str, ...] | None:
    declared = getattr(module, "FAMILIES", None)
    if declared is None:
        return None
    _known(declared, path, "FAMILIES")
    return tuple(declared)


def _known(families, path: Path, where: str) -> None:
    unknown = [f for f in families or () if f not in analysis.FAMILIES]
    if unknown:
        raise BrokenExercise(f"{path}:1: {where} names unknown mistake families {unknown}; known: "
                             f"{', '.join(analysis.FAMILIES)}")


def _import(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        line = getattr(exc, "lineno", None) or _last_line_in(exc, path) or 1
        raise BrokenExercise(f"{path}:{line}: {type(exc).__name__}: {exc}") from None
    # Registered (one version per exercise) so that what imported it can be seen, e.g. by a test of screening.
    stem = name.rsplit("_", 1)[0]
    for stale in [m for m in sys.modules if m.rsplit("_", 1)[0] == stem and m != name]:
        sys.modules.pop(stale, None)
    sys.modules[name] = module
    return module


def _last_line_in(exc: BaseException, path: Path) -> int | None:
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
    return lines[-1] if lines else None
