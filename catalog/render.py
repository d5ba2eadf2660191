"""Turn lesson markdown into blocks the UI draws: Markdown, Code, Callout and Tabs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from markdown_it import MarkdownIt
from markdown_it.token import Token

from catalog.containers import TOKEN, container_plugin


@dataclass(frozen=True)
class Markdown:
    text: str  # markdown source for st.markdown (which shows raw HTML as text)


@dataclass(frozen=True)
class Code:
    code: str
    language: str = ""  # "" when the fence names none
    title: str = ""


@dataclass(frozen=True)
class Callout:
    kind: str  # lowercase: note, tip, warning, important, caution, or any admonition word
    title: str  # "" when the author gave none: the UI picks a title for the kind
    blocks: list[Block] = field(default_factory=list)
    collapsible: bool = False
    expanded: bool = False  # `???+`: collapsible but open at first


@dataclass(frozen=True)
class Tabs:
    tabs: list[tuple[str, list[Block]]]


Block = Union[Markdown, Code, Callout, Tabs]

ALERT_KINDS = ("note", "tip", "important", "warning", "caution")
_ALERT = re.compile(r"\[!([A-Za-z]+)\][ \t]*(.*)$")
_QUOTE_MARKER = re.compile(r" {0,3}> ?")
_FENCE_ATTR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")

# CommonMark plus GFM tables and strikethrough. html=False: raw HTML stays literal text and never renders.
# Only block boundaries matter here (st.markdown renders the text), so inline parsing is switched off:
# it is most of markdown-it's work.
_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).use(container_plugin)
_md.core.ruler.disable(["inline", "text_join"])


def to_blocks(markdown: str) -> list[Block]:
    """Blocks in document order; consecutive plain markdown stays together as one Markdown block."""
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    return _blocks(text, {})


def _blocks(text: str, outer_refs: dict) -> list[Block]:
    env: dict = {}
    tokens = _md.parse(text, env)
    refs = {**outer_refs, **env.get("references", {})}
    lines = text.split("\n")
    blocks: list[Block] = []
    plain: list[int] = []  # [first line, end line) of the markdown run being collected
    tabs: list[tuple[str, list[Block]]] = []

    def flush_plain() -> None:
        if plain:
            blocks.append(_markdown(lines[plain[0]:plain[1]], refs))
            plain.clear()

    def flush_tabs() -> None:
        if tabs:
            blocks.append(Tabs(list(tabs)))
            tabs.clear()

    for token in tokens:
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        start, end = token.map
        if token.type == TOKEN and token.markup.startswith("==="):
            flush_plain()
            if token.markup == "===!":  # starts a new tab group right after another
                flush_tabs()
            tabs.append((_unquote(token.info), _blocks(_body(lines, token), refs)))
            continue
        block = _special(token, lines, refs)
        flush_tabs()  # any other block ends a group of tabs
        if block is not None:
            flush_plain()
            blocks.append(block)
        elif plain:
            plain[1] = end
        else:
            plain.extend((start, end))
    flush_plain()
    flush_tabs()
    return blocks


def _special(token: Token, lines: list[str], refs: dict) -> Block | None:
    """The block for a token that is not plain markdown, else None."""
    if token.type == "fence":
        language, title = _fence_info(token.info)
        return Code(token.content.removesuffix("\n"), language, title)
    if token.type == "code_block":
        return Code(token.content.removesuffix("\n"))
    if token.type == TOKEN:
        kind, title = _admonition_params(token.info)
        collapsible = token.markup.startswith("???")
        return Callout(kind, title, _blocks(_body(lines, token), refs), collapsible, token.markup == "???+")
    if token.type == "blockquote_open":
        return _alert(lines[token.map[0]:token.map[1]], refs)
    return None


def _alert(quoted: list[str], refs: dict) -> Callout | None:
    """A GitHub alert (> [!NOTE] …) as a Callout; None for an ordinary quote."""
    inner = [_QUOTE_MARKER.sub("", line, count=1) for line in quoted]
    match = _ALERT.match(inner[0].strip())
    if match is None or match.group(1).lower() not in ALERT_KINDS:
        return None
    return Callout(match.group(1).lower(), match.group(2).strip(), _blocks("\n".join(inner[1:]), refs))


def _body(lines: list[str], token: Token) -> str:
    start, end = token.map
    return "\n".join(_dedent(line, token.meta["indent"]) for line in lines[start + 1:end])


def _dedent(line: str, columns: int) -> str:
    """Remove up to `columns` columns of leading whitespace; a tab reaches the next multiple of 4."""
    column = index = 0
    while index < len(line) and column < columns and line[index] in " \t":
        column = column + 1 if line[index] == " " else (column // 4 + 1) * 4
        index += 1
    return " " * max(0, column - columns) + line[index:]


def _markdown(lines: list[str], refs: dict) -> Markdown:
    text = "\n".join(lines).strip("\n")
    # A reference link ([text][label]) resolves only within one st.markdown call, so each piece that
    # names a label gets its definition appended (definitions render as nothing).
    folded = text.casefold()
    used = [_reference(label, ref) for label, ref in refs.items() if f"[{label.casefold()}]" in folded]
    return Markdown(text + "\n\n" + "\n".join(used) if used else text)


def _reference(label: str, ref: dict) -> str:
    title = ref.get("title") or ""
    title = ' "' + title.replace('"', '\\"') + '"' if title else ""
    return f"[{label}]: <{ref['href']}>{title}"


def _fence_info(info: str) -> tuple[str, str]:
    """'python title="Clip"' -> ('python', 'Clip'); also '{.python title="Clip"}'."""
    info = info.strip().removeprefix("{").removesuffix("}").strip()
    first = info.split(None, 1)[0] if info else ""
    language = "" if "=" in first else first.lstrip(".")
    attrs = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _FENCE_ATTR.finditer(info)}
    return language, attrs.get("title", "")


def _admonition_params(info: str) -> tuple[str, str]:
    """'note "Title"' -> ('note', 'Title'); 'tip' -> ('tip', ''); '"Title"' -> ('note', 'Title')."""
    info = info.strip()
    if info[:1] in "\"'":
        return "note", _unquote(info)
    kind, _, title = info.partition(" ")
    return kind.lower(), _unquote(title)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text
