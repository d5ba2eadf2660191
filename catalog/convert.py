"""Markdown from doc sites and notebooks turned into a Stream lesson body.

Handles what MkDocs, Jupyter Book (MyST) and keras-io pages carry: `!!!` admonitions (kept, Stream reads them),
MyST ```{note}``` directives (to `!!!` boxes), Keras' `<div class="k-default-codeblock">` output wrappers (to
output fences), images (copied into the course's assets folder), links between imported pages (to
/lesson?lesson=ID) and links to the source site (made absolute with --site-url, else unlinked). What cannot
be carried over is reported as a Problem at its line in the source.
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from catalog.assets import IMAGE_TYPES
from catalog.html import DROPPED_WITH_CONTENT, is_https, unsafe_parts
from catalog.models import Problem
from catalog.page_meta import Converted, _title_from_name, finish, split_front_matter

OUTPUT_TITLE = {"ko": "출력", "en": "Output"}
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_COLON_FENCE = re.compile(r"^(\s*)(:{3,})\s*\{([\w-]+)\}\s*(.*)$")
_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?((?:\s+(?:\"[^\"]*\"|'[^']*'))?)\s*\)")
_LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?((?:\s+(?:\"[^\"]*\"|'[^']*'))?)\s*\)")
_REF_USE = re.compile(r"(?<![!\]])\[((?:[^\[\]]|\[[^\]]*\])+)\](?:\[([^\]]*)\])?(?![(:\[])")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)<?(\S+?)>?(\s.*)?$")
_CODE_SPAN = re.compile(r"(`+)[^`][\s\S]*?\1")
# An HTML tag as CommonMark reads one (not `\<escaped>`, not <https://autolinks>, not <nodejs.org>).
_ATTRIBUTE = r"""\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG_LIKE = re.compile(rf"(?<!\\)</?[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*\s*/?>")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_A = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""(\s)(src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ALT_ATTR = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_OUTPUT_DIV = re.compile(r"""^\s{0,3}<div\s[^>]*class\s*=\s*["'][^"']*(?:k-default-codeblock|output)[^>]*>\s*$""",
                         re.IGNORECASE)
_DIV_CLOSE = re.compile(r"^\s{0,3}</div\s*>\s*$", re.IGNORECASE)
# Python-Markdown's md_in_html (MkDocs Material): `<figure markdown>` … `</figure>` holds markdown.
_MD_IN_HTML = re.compile(r"""^\s{0,3}<([A-Za-z][\w-]*)\b[^>]*\smarkdown(?:\s*=\s*["']?[\w-]*["']?)?[^>]*>\s*$""")
_CLOSE_TAG = re.compile(r"^\s{0,3}</([A-Za-z][\w-]*)\s*>\s*$")
# Only where CommonMark starts an HTML block with it: at the start of a line (mid-line it is inline HTML, which
# the renderer cleans; inside `code` it is code).
_DROPPED_OPEN = re.compile(r"^ {0,3}<(" + "|".join(sorted(DROPPED_WITH_CONTENT)) + r")[\s/>]", re.IGNORECASE)
# CommonMark's type-1 blocks run to their closing tag; any other HTML block ends at a blank line.
_TO_CLOSING_TAG = {"script", "style", "textarea"}
_IFRAME_SRC = re.compile(r"""<iframe\b[^>]*\ssrc\s*=\s*["']([^"']+)""", re.IGNORECASE)
_MYST_TARGET = re.compile(r"^\s*\([\w:.-]+\)=\s*$")
_MYST_ROLE = re.compile(r"\{(?:ref|doc|numref|term|eq)\}`([^`<]*?)\s*(?:<[^`>]*>)?`")
_MYST_OPTION = re.compile(r"^\s*:[\w-]+:")
_ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "danger", "error", "attention",
                "seealso", "admonition", "info", "success", "bug", "example", "question", "abstract", "quote"}


@dataclass
class Assets:
    """The images of one lesson, named `<prefix>-<name>` in the course's assets folder."""

    prefix: str
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> str:
        stem, suffix = _safe_name(PurePosixPath(name).stem), PurePosixPath(name).suffix.lower()
        if not stem.startswith(self.prefix):  # keras-io names its plots <page>_12_0.png already
            stem = f"{self.prefix}-{stem}"
        candidate, n = f"{stem}{suffix}", 1
        while candidate in self.files and self.files[candidate] != data:
            n += 1
            candidate = f"{stem}-{n}{suffix}"
        self.files[candidate] = data
        return f"assets/{candidate}"


@dataclass
class Context:
    """What one import knows: where its files are, which pages it imports (for links between them)."""

    root: Path  # the folder imported (or the imported file's folder); site-relative paths start here
    site_url: str | None = None  # the site the pages came from: its site-relative links become absolute
    pages: dict[Path, str] = field(default_factory=dict)  # resolved source file -> the id it gets
    lang: str = "en"
    local_files: bool = True  # False for an uploaded notebook: nothing on this machine belongs to it

    def find(self, src: str, source: Path) -> Path | None:
        """The local file an image or link path names, looked up as doc sites lay them out."""
        path = unquote(urlsplit(src).path)
        if not path or not self.local_files:
            return None
        relative = path.lstrip("/")
        candidates = [] if path.startswith("/") else [source.parent / relative]
        candidates += [self.root / relative, *(parent / relative for parent in list(self.root.parents)[:2])]
        for candidate in candidates:
            if candidate.is_file():
                return candidate.resolve()
        # keras-io writes /img/guides/<page>/<file>.png for guides/img/<page>/<file>.png: match the last parts.
        tail = PurePosixPath(relative).parts[-2:]
        if len(tail) == 2:
            for base in (self.root, self.root.parent):
                matches = [p for p in _walk(base) if p.name == tail[1] and p.parent.name == tail[0]]
                if len(matches) == 1:
                    return matches[0].resolve()
        return None


_WALK_LIMIT = 20_000  # a site-relative image is looked for next to the import, never across the whole disk


@functools.lru_cache(maxsize=8)
def _walk_cached(base: str) -> tuple[Path, ...]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__")]
        found += [Path(dirpath) / name for name in filenames]
        if len(found) > _WALK_LIMIT:
            break
    return tuple(found)


def _walk(base: Path) -> tuple[Path, ...]:
    return _walk_cached(str(base))


class Rewriter:
    """Rewrites markdown line by line; `line_of(i)` is the source line of text line i, for notices."""

    def __init__(self, source: Path, context: Context, assets: Assets, line_of: Callable[[int], int],
                 attachments: dict | None = None) -> None:
        self.source, self.context, self.assets, self.line_of = source, context, assets, line_of
        self.attachments = attachments or {}
        self.notices: list[Problem] = []
        self._line = 0

    def notice(self, message: str, index: int | None = None) -> None:
        self.notices.append(Problem(self.source, self.line_of(self._line if index is None else index), message))

    def rewrite(self, text: str) -> list[str]:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        out: list[str] = []
        self._out, self._paragraph, self._dropped_labels = out, [], set()
        index = 0
        output_wrapper = False
        markdown_wrappers: list[str] = []
        while index < len(lines):
            line = lines[index]
            fence = _FENCE.match(line)
            colon = _COLON_FENCE.match(line)
            definition = _REF_DEF.match(line)
            if not line.strip() or fence or colon or line.lstrip().startswith("<") or definition:
                self._flush()  # a paragraph ends: its links and images are rewritten together (they span lines)
            self._line = index
            if fence or colon:
                index = self._fenced(lines, index, out, output_wrapper, fence, colon)
                continue
            index += 1
            if _OUTPUT_DIV.match(line):
                output_wrapper = True  # the wrapper goes; the fence inside becomes an output fence
                continue
            if output_wrapper and _DIV_CLOSE.match(line):
                output_wrapper = False
                continue
            if _MYST_TARGET.match(line):
                continue
            wrapper = _MD_IN_HTML.match(line)
            if wrapper:  # the wrapper goes (Stream has no figure layout); the markdown inside stays
                markdown_wrappers.append(wrapper.group(1).lower())
                out.append("")
                continue
            closing = _CLOSE_TAG.match(line)
            if closing and markdown_wrappers and closing.group(1).lower() == markdown_wrappers[-1]:
                markdown_wrappers.pop()
                out.append("")
                continue
            if markdown_wrappers:
                line = line.strip()
            dropped = _DROPPED_OPEN.match(line)
            if dropped:
                self._flush()
                index = self._drop_element(lines, index - 1, dropped.group(1).lower(), out)
                continue
            self._paragraph.append((index - 1, line))
            if definition:
                self._flush()  # `[label]: url` is rewritten on its own
        self._flush()
        return self._unlink_dropped(out) if self._dropped_labels else out

    def _unlink_dropped(self, lines: list[str]) -> list[str]:
        """`[text][label]`, `[label][]` and `[label]` whose definition was dropped: their text, unlinked."""
        def plain(match: re.Match) -> str:
            label = (match.group(2) or match.group(1)).strip().casefold()
            return match.group(1) if label in self._dropped_labels else match.group(0)

        fence, out = "", []
        for line in lines:
            opener = _FENCE.match(line)
            if opener and (not fence or opener.group(2)[0] == fence[0]):
                fence = "" if fence else opener.group(2)
            out.append(line if fence or opener else _REF_USE.sub(plain, line))
        return out

    def _flush(self) -> None:
        if self._paragraph:
            first = self._paragraph[0][0]
            self._out.extend(self._line_text("\n".join(line for _, line in self._paragraph), first).split("\n"))
            self._paragraph = []

    def _fenced(self, lines: list[str], index: int, out: list[str], output_wrapper: bool, fence, colon) -> int:
        opener = fence or colon
        indent, marker = opener.group(1), opener.group(2)
        info = fence.group(3).strip() if fence else ""
        directive = re.match(r"^\{([\w-]+)\}\s*(.*)$", info) if fence else None
        end = index + 1
        while end < len(lines):
            stripped = lines[end].strip()
            if stripped.startswith(marker[0] * len(marker)) and not stripped.strip(marker[0]):
                break
            end += 1
        inner = lines[index + 1:end]
        next_index = end + 1
        if colon or directive:
            name = colon.group(3) if colon else directive.group(1)
            argument = colon.group(4) if colon else directive.group(2)
            self._directive(name.lower(), argument.strip(), inner, index, indent, out)
            return next_index
        if output_wrapper:
            info = f'text title="{OUTPUT_TITLE[self.context.lang]}"'
            while inner and not inner[-1].strip():  # Keras leaves a blank line before the closing fence
                inner = inner[:-1]
        out.append(f"{indent}{marker}{info}")
        out.extend(inner)
        out.append(f"{indent}{marker}")
        return next_index

    def _directive(self, name: str, argument: str, inner: list[str], index: int, indent: str,
                   out: list[str]) -> None:
        """A MyST directive: code cells to code, admonitions to `!!!` boxes, math to $$, images to images."""
        body = [line for line in inner if not _MYST_OPTION.match(line)]
        if name in ("code-cell", "code-block", "code", "sourcecode"):
            language = "python" if name == "code-cell" or argument.startswith("ipython") else argument.split()[0] \
                if argument else ""
            out += [f"{indent}```{language}", *body, f"{indent}```"]
        elif name in _ADMONITIONS or name.startswith("admonition"):
            kind = "note" if name in ("admonition", "seealso", "attention") else name
            title = argument if name == "admonition" else ""
            out.append(f'{indent}!!! {kind} "{title}"' if title else f"{indent}!!! {kind}")
            nested = Rewriter(self.source, self.context, self.assets, lambda i: self.line_of(index + 1 + i),
                              self.attachments)
            converted = nested.rewrite("\n".join(body))
            self.notices += nested.notices
            out += [f"{indent}    {line}" if line.strip() else "" for line in converted]
        elif name == "math":
            out += [f"{indent}$$", *body, f"{indent}$$"]
        elif name in ("figure", "image"):
            caption = " ".join(line.strip() for line in body if line.strip())
            out.append(indent + self._line_text(f"![{caption}]({argument})", index))
        else:
            self.notice(f"MyST directive {{{name}}} has no Stream equivalent; its {len(body)} lines were left out",
                        index)

    def _drop_element(self, lines: list[str], index: int, tag: str, out: list[str]) -> int:
        """Remove a <script>, <style>, <iframe>… element (an iframe becomes a link to what it showed)."""
        start = index
        closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
        text = lines[index]
        while not closing.search(text) and index + 1 < len(lines) and not text.rstrip().endswith("/>"):
            if tag not in _TO_CLOSING_TAG and not lines[index + 1].strip():
                break
            index += 1
            text += "\n" + lines[index]
        iframe = _IFRAME_SRC.search(text) if tag == "iframe" else None
        if iframe and is_https(iframe.group(1)):
            out.append(f"[▶ {iframe.group(1)}]({iframe.group(1)})")
            self.notice(f"<iframe> cannot be shown in a lesson; it is now a link to {iframe.group(1)}", start)
        else:
            self.notice(f"<{tag}> was left out: lessons show no {tag} (lines {self.line_of(start)}-"
                        f"{self.line_of(index)} of the source)", start)
        before = text[:text.lower().find(f"<{tag}")]
        after = closing.split(text, maxsplit=1)[1] if closing.search(text) else ""
        if before.strip():
            out.append(self._line_text(before, start))
        if after.strip():
            out.append(self._line_text(after, index))
        return index + 1

    def _line_text(self, text: str, first: int) -> str:
        """Text outside code (one paragraph, `first` its line): images, links and reference definitions
        rewritten, code spans kept. Notices name the line each thing is on."""
        definition = _REF_DEF.match(text)
        if definition and "\n" not in text:
            self._line = first
            target = self._link_target(definition.group(2))
            if target is None:  # its uses become plain text once everything is rewritten
                self._dropped_labels.add(definition.group(1).strip()[1:-2].strip().casefold())
                return ""
            return f"{definition.group(1)}{target}{definition.group(3) or ''}"
        if "<" in text:  # what its HTML tags would lose (code spans, autolinks and `\<` are no HTML)
            bare = _CODE_SPAN.sub(_blank_span, text)
            for tag in _TAG_LIKE.finditer(bare):
                for finding in unsafe_parts(tag.group(0)):
                    if "event handler" in finding.message or "not in the HTML" in finding.message:
                        self.notice(finding.message, first + bare.count("\n", 0, tag.start()))
        return self._prose(text, first)

    def _prose(self, text: str, first: int) -> str:
        def each(pattern: re.Pattern, replace: Callable[[re.Match], str], text: str) -> str:
            spans = [span.span() for span in _CODE_SPAN.finditer(text)] if "`" in text else []

            def located(match: re.Match) -> str:
                start = match.start()
                if any(a <= start < b for a, b in spans):
                    return match.group(0)  # `[x](y)` written inside code is code
                self._line = first + match.string.count("\n", 0, start)
                return replace(match)
            return pattern.sub(located, text)

        text = _MYST_ROLE.sub(lambda m: m.group(1), text)
        text = each(_IMAGE, self._markdown_image, text)
        text = each(_LINK, self._markdown_link, text)
        if "<" in text:
            text = each(_HTML_IMG, self._html_image, text)
            text = each(_HTML_A, self._html_link, text)
        return text

    def _markdown_image(self, match: re.Match) -> str:
        alt, src, title = match.group(1), match.group(2), match.group(3)
        target = self._image_target(src, alt)
        return f"![{alt}]({target}{title})" if target else ""

    def _markdown_link(self, match: re.Match) -> str:
        text, href, title = match.group(1), match.group(2), match.group(3)
        target = self._link_target(href)
        return f"[{text}]({target}{title})" if target else text

    def _html_image(self, match: re.Match) -> str:
        tag = match.group(0)
        attr = next((a for a in _ATTR.finditer(tag) if a.group(2).lower() == "src"), None)
        if attr is None:
            return ""
        alt = _ALT_ATTR.search(tag)
        target = self._image_target(next(g for g in attr.groups()[2:] if g is not None),
                                    next((g for g in alt.groups() if g is not None), "") if alt else "")
        return f'{tag[:attr.start()]} src="{target}"{tag[attr.end():]}' if target else ""

    def _html_link(self, match: re.Match) -> str:
        tag = match.group(0)
        attr = next((a for a in _ATTR.finditer(tag) if a.group(2).lower() == "href"), None)
        if attr is None:
            return tag
        target = self._link_target(next(g for g in attr.groups()[2:] if g is not None))
        return f'{tag[:attr.start()]} href="{target}"{tag[attr.end():]}' if target else tag[:attr.start()] + \
            tag[attr.end():]

    def _image_target(self, src: str, alt: str) -> str | None:
        """Where the image is in the lesson: an https URL or assets/…; None (reported) when it cannot be had."""
        src = src.strip()
        if is_https(src):
            return src
        if src.startswith("http://"):
            self.notice(f"image {src} is served over http; it is linked as https:// now (check that it shows)")
            return "https://" + src[len("http://"):]
        if src.startswith("data:"):
            return self._data_image(src)
        if src.startswith("attachment:"):
            name = unquote(src[len("attachment:"):])
            bundle = self.attachments.get(name) or {}
            for kind, data in bundle.items():
                suffix = next((s for s, k in IMAGE_TYPES.items() if k == kind), None)
                if suffix:
                    return self.assets.add(Path(name).stem + suffix, _decode(data))
            self.notice(f"image attachment {name!r} is not in the notebook cell; left out")
            return None
        found = self.context.find(src, self.source)
        if found is not None and found.suffix.lower() in IMAGE_TYPES:
            return self.assets.add(found.name, found.read_bytes())
        if self.context.site_url and src.startswith("/"):
            return urljoin(self.context.site_url, src)
        self.notice(f"image {src} was not found next to the source (nor under {self.context.root.name}/); left "
                    f"out: copy it into the course's assets/ folder and write ![{alt}](assets/<file>)")
        return None

    def _data_image(self, src: str) -> str | None:
        header, _, payload = src.partition(",")
        kind = header[len("data:"):].split(";")[0].lower()
        suffix = next((s for s, k in IMAGE_TYPES.items() if k == kind), None)
        if suffix is None or ";base64" not in header:
            self.notice(f"inline image of type {kind or 'unknown'} is not a picture browsers show; left out")
            return None
        try:
            data = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            self.notice("inline image is not valid base64; left out")
            return None
        return self.assets.add("image-" + hashlib.sha1(data).hexdigest()[:8] + suffix, data)

    def _link_target(self, href: str) -> str | None:
        """Where a link leads in Stream; None (reported) when it would lead nowhere."""
        href = href.strip()
        parts = urlsplit(href)
        if not href or href.startswith("#") or parts.scheme in ("http", "https", "mailto") or parts.netloc:
            return href
        if href.startswith("/lesson?") or href.startswith("/exercise?"):
            return href
        found = self.context.find(href, self.source)
        if found is not None and found in self.context.pages:
            return f"/lesson?lesson={self.context.pages[found]}"
        if self.context.site_url and href.startswith("/"):
            return urljoin(self.context.site_url, href)
        self.notice(f"link {href} leads to a page that is not imported here; the link was removed (its text "
                    f"stays). Pass --site-url to link the original site")
        return None


def _blank_span(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))  # keeps the lines where they were


def _decode(data: str | list[str]) -> bytes:
    text = "".join(data) if isinstance(data, list) else data
    if text.lstrip().startswith("<"):  # SVG is stored as text
        return text.encode("utf-8")
    return base64.b64decode(text)


def _safe_name(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "image"


def convert_markdown(text: str, source: Path, context: Context, assets: Assets) -> Converted:
    meta, rest, offset = split_front_matter(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    rewriter = Rewriter(source, context, assets, lambda i: offset + i + 1)
    lines = rewriter.rewrite(rest)
    converted = finish(lines, meta, _title_from_name(source), source, rewriter.line_of)
    converted.notices = rewriter.notices
    return converted


