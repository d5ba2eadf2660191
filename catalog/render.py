"""Turn lesson markdown into blocks the UI draws: Markdown, Code, Output, Html, Callout and Tabs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

from markdown_it import MarkdownIt
from markdown_it.token import Token

from catalog import html as safe_html
from catalog.containers import TOKEN, container_plugin
from catalog.fences import fence_attrs
from catalog.fences import is_output_fence


@dataclass(frozen=True)
class Markdown:
    text: str  # markdown source for st.markdown (which shows raw HTML as text)


RUNNABLE_LANGUAGES = ("python", "py", "python3")
RUN_MODES = ("", "false", "alone", "setup")  # the `run=` fence attribute (lessons/README.md, "Runnable code")
OUTPUT_MODES = ("", "varies")  # the `output=` fence attribute


@dataclass(frozen=True)
class Code:
    code: str
    language: str = ""  # "" when the fence names none
    title: str = ""
    run: str = ""  # "" (runs after the lesson's earlier runnable blocks), "false", "alone", "setup" (hidden, runs first)
    setup: str = ""  # code the fence's `setup="…"` runs right before this block, not shown
    output: str = ""  # "varies": the output block shows one possible printout (random numbers, timings)

    @property
    def runnable(self) -> bool:
        """A python block that gets a Run button (and that the all-lessons test runs)."""
        return self.language.lower() in RUNNABLE_LANGUAGES and self.run in ("", "alone")

    @property
    def hidden(self) -> bool:
        """A setup block: run before the lesson's blocks, never drawn."""
        return self.language.lower() in RUNNABLE_LANGUAGES and self.run == "setup"


@dataclass(frozen=True)
class Output:
    """What a program printed: shown as output, never as code to copy or run."""

    text: str
    title: str = ""


@dataclass(frozen=True)
class Html:
    """Markdown that holds raw HTML (or an image from the course's assets), rendered here and cleaned by
    catalog.html: safe to give to st.markdown(unsafe_allow_html=True). An image's src may be `assets/…`,
    resolved by the UI against the lesson's folder."""

    html: str


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


Block = Union[Markdown, Code, Output, Html, Callout, Tabs]

ALERT_KINDS = ("note", "tip", "important", "warning", "caution")
_ALERT = re.compile(r"\[!([A-Za-z]+)\][ \t]*(.*)$")
_QUOTE_MARKER = re.compile(r" {0,3}> ?")

# Keras guides wrap each output fence in one of these; any wrapper whose class names "output" counts too.
_OUTPUT_WRAPPER = re.compile(r"""class\s*=\s*["'][^"']*(?:k-default-codeblock|output)""", re.IGNORECASE)
_LONE_DIV_OPEN = re.compile(r"\s{0,3}<div(?:\s[^>]*)?>\s*$", re.IGNORECASE)
_LONE_DIV_CLOSE = re.compile(r"\s{0,3}</div\s*>\s*$", re.IGNORECASE)
_DETAILS_OPEN = re.compile(r"\s{0,3}<details(?:\s[^>]*)?>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>\s*$", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary(?:\s[^>]*)?>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
# Markdown that st.markdown cannot draw as the author meant: a tag, an HTML comment, or an image that is not
# an https URL (a file in assets/ is given to the browser inline, by the UI).
_TAG = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|/[A-Za-z][A-Za-z0-9-]*\s*)>|<!--")
_LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?!https://)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BREAK_AT_END = re.compile(r"[ \t]*<br\s*/?>[ \t]*$", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)

# CommonMark plus GFM tables and strikethrough. Raw HTML is recognised as such, then rendered only through
# catalog.html's allowlist. Only block boundaries matter here (st.markdown renders the text), so inline
# parsing is switched off: it is most of markdown-it's work.
_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(container_plugin)
_md.core.ruler.disable(["inline", "text_join"])
# The full renderer, for the pieces that hold HTML: its output goes through catalog.html.sanitize.
_html_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


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

    top = [token for token in tokens if token.level == 0 and token.nesting != -1 and token.map is not None]
    index = 0
    output_wrapper = False  # inside a lone `<div class="k-default-codeblock">` … `</div>` pair
    while index < len(top):
        token = top[index]
        index += 1
        start, end = token.map
        if token.type == TOKEN and token.markup.startswith("==="):
            flush_plain()
            if token.markup == "===!":  # starts a new tab group right after another
                flush_tabs()
            tabs.append((_unquote(token.info), _blocks(_body(lines, token), refs)))
            continue
        if token.type == "html_block":
            flush_tabs()
            flush_plain()
            first = lines[start]
            if _LONE_DIV_OPEN.match(first) and end - start == 1:
                output_wrapper = bool(_OUTPUT_WRAPPER.search(first))  # the wrapper itself draws nothing
            elif _LONE_DIV_CLOSE.match(first) and end - start == 1:
                output_wrapper = False
            elif _LONE_DIV_OPEN.match(first):
                # `<div …>` straight above markdown: CommonMark reads all of it as HTML up to the next blank
                # line, which would show a fence's backticks. The wrapper goes; what it wraps is markdown.
                inner = lines[start + 1:end]
                if inner and _LONE_DIV_CLOSE.match(inner[-1]):
                    inner = inner[:-1]
                wrapped = _blocks("\n".join(inner), refs)
                blocks.extend(_as_output(wrapped) if _OUTPUT_WRAPPER.search(first) else wrapped)
            elif _DETAILS_OPEN.match(first) and not _DETAILS_CLOSE.search(token.content.rstrip()):
                index = _details(top, index, token, lines, refs, blocks)
            else:
                _append_html(blocks, token.content, refs)
            continue
        block = _special(token, lines, refs)
        flush_tabs()  # any other block ends a group of tabs
        if block is not None:
            flush_plain()
            blocks.append(_as_output([block])[0] if output_wrapper else block)
        elif token.type == "paragraph_open" and _only_breaks(lines[start:end]):
            # `<br>` is the only HTML: written as markdown line breaks the paragraph stays markdown, so
            # Streamlit still renders its $math$ (an HTML piece would show it as text).
            lines[start:end] = _breaks_as_markdown(lines[start:end])
            if plain:
                plain[1] = end
            else:
                plain.extend((start, end))
        elif _needs_html(lines[start:end]):
            flush_plain()
            _append_html(blocks, "\n".join(lines[start:end]), refs)
        elif plain:
            plain[1] = end
        else:
            plain.extend((start, end))
    flush_plain()
    flush_tabs()
    return blocks


def _details(top: list[Token], index: int, opener: Token, lines: list[str], refs: dict, blocks: list[Block]) -> int:
    """`<details><summary>…</summary>` with markdown up to `</details>`: a collapsible box. Returns the index
    of the token after `</details>` (or after the opener, drawn as HTML, when no closing tag follows)."""
    for close in range(index, len(top)):
        token = top[close]
        if token.type == "html_block" and _DETAILS_CLOSE.search(token.content.rstrip()):
            break
    else:
        _append_html(blocks, opener.content, refs)
        return index
    head = opener.content
    match = _SUMMARY.search(head)
    title = _text_of(match.group(1)) if match else ""
    after_summary = head[match.end():] if match else head[_DETAILS_OPEN.match(head).end():]
    inner = [after_summary.strip()] if after_summary.strip() else []
    inner += lines[opener.map[1]:top[close].map[0]]
    closing = top[close].content.rstrip()
    before_close = _DETAILS_CLOSE.sub("", closing)
    if before_close.strip():
        inner.append(before_close)
    blocks.append(Callout("details", title, _blocks("\n".join(inner), refs), collapsible=True))
    return close + 1


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", html)).strip()


def _needs_html(lines: list[str]) -> bool:
    text = _CODE_SPAN.sub("", "\n".join(lines))
    return bool(_TAG.search(text) or _LOCAL_IMAGE.search(text))


def _only_breaks(lines: list[str]) -> bool:
    text = "\n".join(lines)
    if not _BREAK.search(text) or any(_BREAK.search(span.group(0)) for span in _CODE_SPAN.finditer(text)):
        return False  # `<br>` written inside `code` is code, and stays as written
    return not _needs_html([_BREAK.sub("", text)])


def _breaks_as_markdown(lines: list[str]) -> list[str]:
    last = len(lines) - 1
    out = []
    for index, line in enumerate(lines):
        line = _BREAK_AT_END.sub("\\\\" if index < last else "", line)  # a hard break; none at the very end
        parts = _BREAK.split(line)
        out.append("\\\n".join(part.strip() if i else part.rstrip() for i, part in enumerate(parts)).rstrip()
                   if len(parts) > 1 else line)
    return out


def _append_html(blocks: list[Block], markdown: str, refs: dict) -> None:
    """The piece rendered to HTML and cleaned; nothing when nothing visible is left (a comment, a lone tag)."""
    html = safe_html.sanitize(_html_md.render(markdown, {"references": dict(refs)}))
    if re.sub(r"<(?!img)[^>]*>", "", html).strip():
        blocks.append(Html(safe_html.one_block(html)))


def _as_output(blocks: list[Block]) -> list[Block]:
    return [Output(block.code.rstrip("\n"), block.title) if isinstance(block, Code) else block for block in blocks]


def _special(token: Token, lines: list[str], refs: dict) -> Block | None:
    """The block for a token that is not plain markdown, else None."""
    if token.type == "fence":
        language, attrs = fence_attrs(token.info)
        title = attrs.get("title", "")
        code = token.content.removesuffix("\n")
        if is_output_fence(language, title):
            return Output(code.rstrip("\n"), title)  # a printout's trailing blank lines show nothing
        # An unknown `run=` value (a typo) makes the block not runnable; tests/test_lesson_code.py names it.
        return Code(code, language, title, run=attrs.get("run", "").lower(), setup=attrs.get("setup", ""),
                    output=attrs.get("output", "").lower())
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
