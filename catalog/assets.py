"""Course images in lessons/<course>/assets/: found for `check`, and inlined as data: URIs for the browser.

Streamlit serves no folder of ours, so an image file reaches the browser inside the page: the `<img>` of a
rendered Html block gets the file's bytes as a data: URI (cached per file and modification time).
"""
from __future__ import annotations

import base64
import functools
import html
import os
import re
from collections.abc import Mapping
from pathlib import Path

from catalog.html import IMAGE_STYLE, is_asset

IMAGE_TYPES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".svg": "image/svg+xml", ".avif": "image/avif",
}
MAX_INLINE_BYTES = 2_000_000  # a bigger file is left out of the page (and reported by `check`)
# nh3 writes every attribute as name="value", so the sanitised HTML has this one shape.
_IMG = re.compile(r'<img\b([^>]*)>')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ALT = re.compile(r'\salt="([^"]*)"')


def asset_path(folder: Path, src: str) -> Path | None:
    """The file `assets/…` names, relative to the lesson's folder; None for anything else."""
    src = html.unescape(src).strip()
    if not is_asset(src):
        return None
    return folder / src


def image_problem(folder: Path, src: str) -> str | None:
    """Why the image `src` (relative to the lesson's folder) would not show, or None when it will."""
    path = asset_path(folder, src)
    if path is None:
        return None
    if path.suffix.lower() not in IMAGE_TYPES:
        return f"image {src} is not a picture the browser shows (use {', '.join(sorted(IMAGE_TYPES))})"
    try:
        size = path.stat().st_size
    except OSError:
        return f"image {src} does not exist (put the file in {path.parent.name}/ next to the lesson)"
    if size > MAX_INLINE_BYTES:
        return f"image {src} is {size / 1e6:.1f} MB; images over {MAX_INLINE_BYTES // 1_000_000} MB are not shown"
    return None


def inline_assets(rendered: str, folder: Path | None, pending: Mapping[str, bytes] | None = None) -> str:
    """Every `<img src="assets/…">` with the file inlined; a missing file leaves its alt text in its place.
    `pending` holds images not written yet (a notebook uploaded on the authoring page), by name in assets/."""
    if "<img" not in rendered:
        return rendered

    def replace(match: re.Match) -> str:
        attrs = match.group(1)
        src = _SRC.search(attrs)
        if src is None:
            return ""
        value = src.group(1)
        if not is_asset(html.unescape(value)):
            return f'<img style="{IMAGE_STYLE}"{attrs}>'
        name = html.unescape(value).removeprefix("assets/")
        if pending and name in pending:
            uri = _data_uri_bytes(name, pending[name])
        else:
            uri = _data_uri_of(folder / html.unescape(value)) if folder is not None else None
        if uri is None:
            alt = _ALT.search(attrs)
            return f"<em>{alt.group(1)}</em>" if alt else ""
        return f'<img style="{IMAGE_STYLE}"{attrs[:src.start()]} src="{uri}"{attrs[src.end():]}>'

    return _IMG.sub(replace, rendered)


def _data_uri_of(path: Path) -> str | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _data_uri(str(path), stat.st_mtime_ns, stat.st_size)


def _data_uri_bytes(name: str, data: bytes) -> str | None:
    kind = IMAGE_TYPES.get(Path(name).suffix.lower())
    if kind is None or len(data) > MAX_INLINE_BYTES:
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@functools.lru_cache(maxsize=64)
def _data_uri(path: str, mtime_ns: int, size: int) -> str | None:
    kind = IMAGE_TYPES.get(Path(path).suffix.lower())
    if kind is None or size > MAX_INLINE_BYTES:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
