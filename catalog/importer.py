"""`python -m catalog import SOURCE --course ID`: notebooks and doc-site markdown written as lesson files.

SOURCE is a .ipynb file, a .md file, or a folder of them (an MkDocs project with mkdocs.yml, a Jupyter Book with
_toc.yml, or any folder, read in name order). Every file becomes one lesson `NN-slug.md` in lessons/<ID>/ with
its images in lessons/<ID>/assets/. Everything is planned first and nothing is written when anything is in the
way: an existing file is replaced only with --force, and an order already used by another lesson is refused.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from catalog.convert import Assets, Context, convert_markdown
from catalog.page_meta import Converted
from catalog.lessons import COURSE_FILE, read_course_folder
from catalog.models import Problem
from catalog.notebook import NotebookError, convert_notebook

SOURCE_SUFFIXES = (".md", ".markdown", ".ipynb")
CONTENT_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_SKIPPED_DIRS = {"_build", "site", "node_modules", "__pycache__", ".ipynb_checkpoints", "venv", ".venv"}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


class ImportRefused(Exception):
    """Nothing was written; the message says what is in the way and what to do."""


@dataclass(frozen=True)
class Source:
    root: Path  # site-relative paths are looked up from here
    files: list[Path]
    title: str  # the site's or book's name, for a new course.yaml


@dataclass
class PlannedLesson:
    source: Path
    target: Path
    lesson_id: str
    order: int
    text: str
    assets: dict[str, bytes]
    notices: list[Problem] = field(default_factory=list)


@dataclass
class ImportPlan:
    course_folder: Path
    course_yaml: str | None  # set when the course does not exist yet
    lessons: list[PlannedLesson]
    notices: list[Problem]


def discover(source: Path) -> Source:
    """The files to import, in reading order (an MkDocs nav or a Jupyter Book toc when there is one)."""
    source = source.resolve()
    if source.is_file():
        if source.suffix.lower() not in SOURCE_SUFFIXES:
            raise ImportRefused(f"{source}: not a notebook (.ipynb) or markdown (.md) file")
        return Source(source.parent, [source], "")
    if not source.is_dir():
        raise ImportRefused(f"{source}: no such file or folder")
    mkdocs = next((source / name for name in ("mkdocs.yml", "mkdocs.yaml") if (source / name).is_file()), None)
    if mkdocs is not None:
        config = _yaml(mkdocs)
        docs = source / str(config.get("docs_dir") or "docs")
        files = _listed(config.get("nav"), docs) or _all_files(docs)
        return Source(docs, files, str(config.get("site_name") or ""))
    toc = source / "_toc.yml"
    if toc.is_file():
        config = _yaml(source / "_config.yml") if (source / "_config.yml").is_file() else {}
        return Source(source, _listed(_yaml(toc), source) or _all_files(source), str(config.get("title") or ""))
    return Source(source, _all_files(source), "")


def _yaml(path: Path) -> dict:
    class Loader(yaml.SafeLoader):  # mkdocs.yml carries !!python/name and !ENV tags: read them as nothing
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 (a SafeLoader subclass)
    except (OSError, yaml.YAMLError) as error:
        raise ImportRefused(f"{path}:1: cannot read it: {error}") from None
    return data if isinstance(data, dict) else {}


def _listed(node, base: Path) -> list[Path]:
    """File names in an MkDocs nav or a Jupyter Book toc, in order (`file:` values may omit the suffix)."""
    found: list[Path] = []

    def walk(item) -> None:
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("file", "root") and isinstance(value, str):
                    add(value)
                else:
                    walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
        elif isinstance(item, str) and not re.match(r"^[a-z]+://", item):
            add(item)

    def add(name: str) -> None:
        path = base / name
        candidates = [path] if path.suffix.lower() in SOURCE_SUFFIXES else [path.with_suffix(s) for s in
                                                                              SOURCE_SUFFIXES]
        for candidate in candidates:
            if candidate.is_file() and candidate.resolve() not in found:
                found.append(candidate.resolve())
                return

    walk(node)
    return found


def _all_files(folder: Path) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if Path(name).suffix.lower() in SOURCE_SUFFIXES and not name.startswith((".", "_")):
                files.append((Path(dirpath) / name).resolve())
    # index.md / README.md open their folder
    return sorted(files, key=lambda p: (p.parent.relative_to(folder.resolve()).parts,
                                        p.stem.lower() not in ("index", "readme"), p.name))


def slug_for(path: Path, root: Path | None = None, site_title: str = "") -> str:
    """The file name part after NN-: the source's name; an index page is named after its folder (the site's
    name, or `intro`, for the site's front page)."""
    stem = path.stem
    if stem.lower() in ("index", "readme"):
        stem = (site_title or "intro") if root is not None and path.parent == root.resolve() else path.parent.name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "lesson"


def plan_import(source: Path, lessons_dir: Path, course_id: str, *, lesson_order: int | None = None,
                force: bool = False, publish: bool = False, site_url: str | None = None,
                known_ids: set[str] | None = None) -> ImportPlan:
    """Convert every file of `source` and decide where it goes; raises ImportRefused when anything is in
    the way (nothing is written here)."""
    if not CONTENT_ID.match(course_id):
        raise ImportRefused(f"course id {course_id!r}: use lowercase letters, digits and '-' (like tf-basics)")
    found = discover(source)
    if not found.files:
        raise ImportRefused(f"{source}: no .ipynb or .md files to import")
    folder = Path(lessons_dir) / course_id
    existing = _existing(folder)
    taken_ids = set(known_ids or ()) | {lesson_id for lesson_id, _ in existing.values()}
    orders_used = {order: path for path, (_, order) in existing.items()}
    next_order = lesson_order or (max(orders_used, default=0) + 1)
    slugs = _unique_slugs(found)
    assignments: list[tuple[Path, str, int, Path]] = []  # source, id, order, target
    for path in found.files:
        slug = slugs[path]
        again = next((p for p in existing if p.name.split("-", 1)[-1] == f"{slug}.md"), None)
        if again is not None:  # importing the same page again: it keeps its place and id
            lesson_id, order = existing[again]
            target = again
        else:
            order = next_order
            next_order += 1
            lesson_id = f"{course_id}-{order:02d}"
            if lesson_id in taken_ids:
                lesson_id = f"{course_id}-{slug}"
            target = folder / f"{order:02d}-{slug}.md"
        taken_ids.add(lesson_id)
        holder = orders_used.get(order)
        if holder is not None and holder != target:
            raise ImportRefused(f"{holder}: already has order {order}; choose a free place with --lesson-order "
                                f"(the next free one is {max(orders_used) + 1})")
        orders_used[order] = target
        assignments.append((path, lesson_id, order, target))
    context = Context(found.root, site_url.rstrip("/") + "/" if site_url else None,
                      {path: lesson_id for path, lesson_id, _, _ in assignments})
    lessons, notices = [], []
    for path, lesson_id, order, target in assignments:
        text = _read(path)
        context.lang = "ko" if len(_HANGUL.findall(text)) > 50 else "en"
        assets = Assets(slugs[path])
        try:
            converted = convert_notebook(text, path, context, assets) if path.suffix.lower() == ".ipynb" \
                else convert_markdown(text, path, context, assets)
        except NotebookError as error:
            raise ImportRefused(str(error)) from None
        if not converted.body.strip():
            notices.append(Problem(path, 1, "no text to import; skipped"))
            continue
        lesson_text = lesson_file_text(converted, lesson_id, order, publish, _shown(path, found.root))
        lessons.append(PlannedLesson(path, target, lesson_id, order, lesson_text, assets.files, converted.notices))
    _refuse_overwrites(folder, lessons, force)
    course_yaml = None
    if not (folder / COURSE_FILE).is_file():
        course_yaml = course_file_text(found.title or _titled(course_id), source)
    return ImportPlan(folder, course_yaml, lessons, notices)


def plan_upload(text: str, name: str, lessons_dir: Path, course_id: str, known_ids: set[str],
                publish: bool = False) -> PlannedLesson:
    """A notebook uploaded on the authoring page, as the next lesson of the course (raises ImportRefused)."""
    folder = Path(lessons_dir) / course_id
    source = Path(name)
    existing = _existing(folder)
    slug = slug_for(source)
    again = next((p for p in existing if p.name.split("-", 1)[-1] == f"{slug}.md"), None)
    if again is not None:
        lesson_id, order = existing[again]
    else:
        order = max((order for _, order in existing.values()), default=0) + 1
        taken = known_ids | {lesson_id for lesson_id, _ in existing.values()}
        lesson_id = f"{course_id}-{order:02d}" if f"{course_id}-{order:02d}" not in taken else f"{course_id}-{slug}"
    context = Context(folder, local_files=False, lang="ko" if len(_HANGUL.findall(text)) > 50 else "en")
    assets = Assets(slug)
    try:
        converted = convert_notebook(text, source, context, assets)
    except NotebookError as error:
        raise ImportRefused(str(error)) from None
    lesson_text = lesson_file_text(converted, lesson_id, order, publish, source.name)
    return PlannedLesson(source, folder / f"{order:02d}-{slug}.md", lesson_id, order, lesson_text, assets.files,
                         converted.notices)


def write_assets(folder: Path, assets: dict[str, bytes]) -> list[Path]:
    """Write images into `folder`/assets; refuses (writing nothing) when a different file has the same name."""
    clashes = [folder / "assets" / name for name, data in assets.items()
               if (folder / "assets" / name).exists() and (folder / "assets" / name).read_bytes() != data]
    if clashes:
        raise ImportRefused("a different image already has this name; nothing was written: "
                            + ", ".join(str(path) for path in clashes))
    return [_write(folder / "assets" / name, data) for name, data in assets.items()
            if not (folder / "assets" / name).exists()]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefused(f"{path}:1: cannot read it as UTF-8 text: {error}") from None


def _existing(folder: Path) -> dict[Path, tuple[str, int]]:
    """The course's lesson files that have an id and order (whatever else is wrong with them)."""
    if not folder.is_dir():
        return {}
    course = read_course_folder(folder, [p.name for p in folder.iterdir() if p.is_file()])
    found = {lesson.path: (lesson.meta.id, lesson.meta.order) for lesson in course.lessons}
    return found


def _unique_slugs(found: Source) -> dict[Path, str]:
    slugs: dict[Path, str] = {}
    used: set[str] = set()
    for path in found.files:
        slug = base = slug_for(path, found.root, found.title)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[path] = slug
    return slugs


def _refuse_overwrites(folder: Path, lessons: list[PlannedLesson], force: bool) -> None:
    if force:
        return
    in_the_way = [str(lesson.target) for lesson in lessons if lesson.target.exists()]
    for lesson in lessons:
        for name, data in lesson.assets.items():
            path = folder / "assets" / name
            if path.exists() and path.read_bytes() != data:
                in_the_way.append(str(path))
    if in_the_way:
        raise ImportRefused("these files exist already and would be replaced; nothing was written (pass --force "
                            "to replace them):\n  " + "\n  ".join(in_the_way))


def lesson_file_text(converted: Converted, lesson_id: str, order: int, publish: bool, origin: str) -> str:
    """Front matter and body; strings are written as JSON strings, which YAML reads back exactly."""
    front = [f"id: {lesson_id}", f"title: {_quoted(converted.title)}", f"order: {order}",
             f"status: {'published' if publish else 'draft'}"]
    if converted.tags:
        front.append(f"tags: {json.dumps(converted.tags, ensure_ascii=False)}")
    if converted.summary:
        front.append(f"summary: {_quoted(converted.summary)}")
    return "---\n" + "\n".join(front) + "\n---\n" + f"<!-- imported from {origin} -->\n\n" + converted.body + "\n"


def course_file_text(title: str, source: Path) -> str:
    return (f"title:\n  ko: {_quoted(title)}\ndescription:\n  ko: {_quoted(f'Imported from {source.name}.')}\n")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _titled(course_id: str) -> str:
    return course_id.replace("-", " ").capitalize()


def _shown(path: Path, root: Path) -> str:
    try:
        shown = str(path.relative_to(root.parent))
    except ValueError:
        shown = path.name
    return shown.replace("--", "- -")  # `--` may not appear inside an HTML comment


def write_plan(plan: ImportPlan) -> list[Path]:
    """Write the course.yaml (if new), every asset and lesson; each file atomically (temp file + replace)."""
    written: list[Path] = []
    plan.course_folder.mkdir(parents=True, exist_ok=True)
    if plan.course_yaml is not None:
        written.append(_write(plan.course_folder / COURSE_FILE, plan.course_yaml.encode("utf-8")))
    for lesson in plan.lessons:
        for name, data in lesson.assets.items():
            path = plan.course_folder / "assets" / name
            if not (path.exists() and path.read_bytes() == data):
                written.append(_write(path, data))
        written.append(_write(lesson.target, lesson.text.encode("utf-8")))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
