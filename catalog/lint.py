"""Warnings about a lesson body that loads but would not show as its author meant: links that lead nowhere,
missing images, HTML outside the safe subset, a title shown twice. `catalog check` prints them."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from catalog.assets import image_problem
from catalog.containers import container_plugin
from catalog.html import is_asset, is_https, unsafe_parts
from catalog.models import Catalog, Lesson, Problem

# The app's own pages (app.py's url_path values): a site-relative link to one of them works.
APP_PAGES = {"", "lesson", "exercise", "profile", "achievements", "leaderboard", "instructor", "authoring",
             "analytics", "inbox", "account", "admin_accounts"}
_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(container_plugin)
_FENCES = ("---", "...")


def lint_catalog(catalog: Catalog, scope: Path | None = None) -> list[Problem]:
    """Warnings for every loaded lesson and translation under `scope` (None: all)."""
    lessons = {lesson.id for lesson in catalog.lessons}
    exercises = set(catalog.exercise_folders) | set(catalog.exercises)
    warnings: list[Problem] = []
    for lesson in catalog.lessons:
        for lang, path in _files(lesson):
            if scope is not None and not (path == scope or scope in path.parents):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # the loader reported it
            warnings += lint_lesson(path, text, lesson.text(lang).title, lessons, exercises)
    return sorted(set(warnings))


def _files(lesson: Lesson) -> Iterable[tuple[str, Path]]:
    yield "ko", lesson.path
    for lang in lesson.texts:
        if lang != "ko":
            yield lang, lesson.path.with_name(f"{lesson.path.name[:-3]}.{lang}.md")


def lint_lesson(path: Path, text: str, title: str, lessons: set[str] | None = None,
                exercises: set[str] | None = None, pending: Collection[str] = ()) -> list[Problem]:
    """The warnings for one lesson file's text (front matter included, so lines are the file's). `pending` names
    images not written into assets/ yet (a notebook upload being previewed): they count as there."""
    lines = text.removeprefix("\ufeff").split("\n")
    skip = _body_start(lines)
    body = "\n".join(lines[skip:])
    folder = path.parent
    found: list[tuple[int, str]] = []
    tokens = _md.parse(body)
    headings_seen = 0
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        start = token.map[0]
        if token.type == "heading_open":
            heading = _plain(tokens[index + 1].content)
            if heading.casefold() == title.strip().casefold() and (headings_seen == 0 or token.tag == "h1"):
                found.append((start, f"this heading repeats the lesson's title, which the page shows above the "
                                     f"text already: remove the line `{lines[skip + start].strip()}`"))
            headings_seen += 1
        elif token.type == "html_block":
            found += [(start + f.line - 1, f.message) for f in unsafe_parts(token.content)]
        elif token.type == "inline":
            found += _inline(token, lines[skip + start: skip + token.map[1]], start, folder, lessons, exercises,
                             frozenset(pending))
    return [Problem(path, skip + line + 1, message) for line, message in found]


def _body_start(lines: list[str]) -> int:
    """Index of the first body line (after the front matter), as the loader splits it."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FENCES:
            return index + 1
    return len(lines)


def _plain(inline: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]|<[^>]*>|\\(?=\S)", "", inline)).strip()


def _inline(token: Token, block_lines: list[str], start: int, folder: Path, lessons: set[str] | None,
            exercises: set[str] | None, pending: frozenset[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def line_of(needle: str) -> int:
        for offset, line in enumerate(block_lines):
            if needle and needle in line:
                return start + offset
        return start

    for child in token.children or []:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            message = _link_problem(href, lessons, exercises)
            if message:
                found.append((line_of(unquote(href)), message))
        elif child.type == "image":
            src = unquote(str(child.attrs.get("src", "")))
            message = None if src.removeprefix("assets/") in pending else _image_problem(src, folder)
            if message:
                found.append((line_of(src), message))
        elif child.type == "html_inline":
            for finding in unsafe_parts(child.content):
                found.append((line_of(child.content.split("\n")[0]), finding.message))
            src = re.search(r"""<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)""", child.content, re.IGNORECASE)
            if src and is_asset(src.group(1)) and src.group(1).removeprefix("assets/") not in pending:
                message = image_problem(folder, src.group(1))
                if message:
                    found.append((line_of(src.group(1)), message))
    return found


def _image_problem(src: str, folder: Path) -> str | None:
    if is_https(src):
        return None
    if is_asset(src):
        return image_problem(folder, src)
    if src.startswith("/"):
        return (f"image {src} is a path on the site this page came from; it does not exist here: copy the file "
                f"into assets/ next to the lesson and write ![…](assets/{Path(src).name})")
    return f"image {src} is not shown: use an https:// image or a file in assets/ (like assets/{Path(src).name})"


def _link_problem(href: str, lessons: set[str] | None, exercises: set[str] | None) -> str | None:
    if not href or href.startswith("#"):
        return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return f"link {href} is not a valid address"
    if parts.scheme in ("http", "https", "mailto") or parts.netloc:
        return None
    if parts.scheme:
        return f"link {href} opens nothing in a browser: use an https:// address"
    if not href.startswith("/"):
        return (f"relative link {href} leads nowhere in Stream: link a lesson as /lesson?lesson=ID, or use a full "
                f"https:// address")
    page = parts.path.strip("/")
    if page not in APP_PAGES:
        return (f"link {href} is a path on the site this page came from and leads nowhere in Stream: use the full "
                f"https:// address")
    query = parse_qs(parts.query)
    for key, known in (("lesson", lessons), ("exercise", exercises)):
        wanted = query.get(key, [None])[0]
        if page == key and known is not None and wanted is not None and wanted not in known:
            return f"link {href} names {key} {wanted!r}, which does not exist"
    return None
