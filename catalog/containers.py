"""A markdown-it block rule for indented containers: admonitions (!!!, ???, ???+) and tabs (===, ===+, ===!)."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

TOKEN = "stream_container"
BODY_INDENT = 4  # the body is indented 4 columns past the marker's own indent, as in Python-Markdown
_OPENER = re.compile(r"(!!!|\?\?\?\+?|===[+!]?)[ \t]+(\S.*?)[ \t]*$")


def container_plugin(md: MarkdownIt) -> None:
    # Before "fence" like other block containers; may interrupt a paragraph, so no blank line is needed above it.
    md.block.ruler.before("fence", "stream_container", _container,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _container(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # an indented code block, not a container
    pos = state.bMarks[start] + state.tShift[start]
    if state.src[pos:pos + 3] not in ("!!!", "???", "==="):
        return False
    match = _OPENER.match(state.src, pos, state.eMarks[start])
    if match is None:
        return False
    if silent:
        return True
    body_indent = state.sCount[start] + BODY_INDENT
    last = start
    line = start + 1
    # Unlike mdit-py-plugins' admon rule, blank lines never end the body: Python code inside a box
    # keeps its two blank lines between functions. The first less-indented text line ends it.
    while line < end:
        if not state.isEmpty(line):
            if state.sCount[line] < body_indent:
                break
            last = line
        line += 1
    token = state.push(TOKEN, "div", 0)
    token.block = True
    token.markup = match.group(1)
    token.info = match.group(2)
    token.map = [start, last + 1]
    token.meta = {"indent": body_indent}
    state.line = last + 1
    return True
