"""What an imported page says about itself: its title (the heading that then leaves the body), summary and tags,
from the page's own front matter, Keras' header block, or its first sentence."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from catalog.models import Problem

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)")
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)")
_DESCRIPTION = re.compile(r"^\s*\*\*Description:?\*\*:?\s*(.+?)\s*(?:<br\s*/?>)?\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"^(.+?[.!?。])(\s|$)")
_MAX_SUMMARY = 200


@dataclass
class Converted:
    title: str
    summary: str
    tags: list[str]
    body: str
    notices: list[Problem]


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """A source's own YAML front matter (MkDocs, Jupyter Book), the rest, and the rest's first line index."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:index])) or {}
            except yaml.YAMLError:
                meta = {}
            return (meta if isinstance(meta, dict) else {}), "\n".join(lines[index + 1:]), index + 1
    return {}, text, 0


def finish(lines: list[str], meta: dict, fallback_title: str, source: Path,
           line_of: Callable[[int], int]) -> Converted:
    """Title (front matter, else the first H1, else the first heading), summary and tags; the title's heading
    leaves the body, so the page does not show it twice."""
    headings = _headings(lines)
    title = str(meta.get("title") or "").strip()
    heading_index = None
    h1 = next(((i, text) for i, level, text in headings if level == 1), None)
    first = h1 or (next(((i, text) for i, _, text in headings), None))
    if not title and first is not None:
        heading_index, title = first
    elif title and first is not None and _plain(first[1]).casefold() == title.casefold():
        heading_index = first[0]
    title = _plain(title) or fallback_title
    body_lines = [line for i, line in enumerate(lines) if i != heading_index]
    summary = str(meta.get("description") or meta.get("summary") or "").strip()
    if not summary:
        summary = _description(body_lines) or _first_sentence(body_lines)
    tags = meta.get("tags") or meta.get("keywords") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    body = "\n".join(body_lines).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return Converted(title, _clip(_plain(summary)), [str(t) for t in tags if str(t).strip()], body, [])


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    found, fence = [], ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match and (not fence or match.group(2)[0] == fence[0]):
            fence = "" if fence else match.group(2)
            continue
        heading = _ATX.match(line) if not fence else None
        if heading:
            found.append((index, len(heading.group(1)), heading.group(2)))
    return found


def _description(lines: list[str]) -> str:
    for line in lines[:30]:  # keras-io: **Description:** … in the header block
        match = _DESCRIPTION.match(line)
        if match:
            return match.group(1)
    return ""


def _first_sentence(lines: list[str]) -> str:
    fence = ""
    for line in lines:
        match = _FENCE.match(line)
        if match:
            fence = "" if fence else match.group(2)
            continue
        text = line.strip()
        if fence or not text or text[0] in "#<!|>-*=:[`$" or text[:2].isdigit() or text.startswith("**"):
            continue
        plain = _plain(text)
        sentence = _SENTENCE.match(plain)
        return sentence.group(1) if sentence else plain
    return ""


def _plain(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"[*_`]|\{[^}]*\}", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_SUMMARY else text[:_MAX_SUMMARY - 1].rsplit(" ", 1)[0] + "…"


def _title_from_name(source: Path) -> str:
    stem = source.parent.name if source.stem.lower() in ("index", "readme") else source.stem
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or "Imported lesson"
