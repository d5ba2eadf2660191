"""A Jupyter notebook (.ipynb, read with nbformat) as a Stream lesson body: markdown cells as text, code cells as
code, outputs as output fences, images (attachments and outputs) as files for the course's assets folder."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat

from catalog.convert import OUTPUT_TITLE, Assets, Context, Rewriter
from catalog.page_meta import Converted, _title_from_name, finish
from catalog.html import sanitize
from catalog.models import Problem

MAX_OUTPUT_LINES = 200  # a training log of thousands of lines is cut, and the cut is reported
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_IMAGE_OUTPUTS = (("image/png", ".png"), ("image/jpeg", ".jpg"), ("image/gif", ".gif"), ("image/svg+xml", ".svg"))
_SKIPPED_OUTPUTS = ("application/vnd.jupyter.widget-view+json", "application/javascript",
                    "application/vnd.plotly.v1+json", "application/vnd.bokehjs_exec.v0+json")


class NotebookError(Exception):
    """The file is not a notebook nbformat can read; the message says why."""


def convert_notebook(text: str, source: Path, context: Context, assets: Assets) -> Converted:
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as error:  # nbformat raises json, validation and version errors alike
        raise NotebookError(f"{source}:1: not a Jupyter notebook nbformat can read: {error}") from None
    starts = _cell_lines(text)
    language = _language(notebook)
    lines: list[str] = []
    notices: list[Problem] = []
    line_of_out: list[int] = []  # for each output line, the source line it came from
    for number, cell in enumerate(notebook.cells):
        first = starts[number] if number < len(starts) else 1
        source_text = cell.get("source", "")
        if cell.cell_type == "markdown":
            rewriter = Rewriter(source, context, assets, lambda i, first=first: first + i,
                                attachments=cell.get("attachments"))
            converted = rewriter.rewrite(source_text)
            notices += rewriter.notices
            _extend(lines, line_of_out, converted, first)
        elif cell.cell_type == "code":
            if source_text.strip():
                fence = _fence_for(source_text)
                _extend(lines, line_of_out, [f"{fence}{language}", *source_text.rstrip("\n").split("\n"), fence],
                        first)
            for output_lines, message in _outputs(cell, number, assets, context.lang):
                _extend(lines, line_of_out, ["", *output_lines], first)
                if message:
                    notices.append(Problem(source, first, message))
        else:
            if source_text.strip():
                notices.append(Problem(source, first, f"a {cell.cell_type} cell was left out (only markdown and "
                                                      f"code cells become lesson text)"))
            continue
        lines.append("")
        line_of_out.append(first)
    meta = {"title": notebook.metadata.get("title", "")} if notebook.metadata.get("title") else {}
    converted = finish(lines, meta, _title_from_name(source), source, lambda i: line_of_out[i])
    converted.notices = notices
    return converted


def _extend(lines: list[str], line_of: list[int], new: list[str], first: int) -> None:
    lines.extend(new)
    line_of.extend([first] * len(new))


def _cell_lines(text: str) -> list[int]:
    """The line of each cell's first source line in the file (nbformat keeps none): after its `"source": [`."""
    starts: list[int] = []
    in_cell = False
    for number, line in enumerate(text.split("\n"), start=1):
        if '"cell_type"' in line:
            in_cell = True
        elif in_cell and line.lstrip().startswith('"source"'):
            starts.append(number + 1 if line.rstrip().endswith("[") else number)
            in_cell = False
    return starts


def _language(notebook) -> str:
    info = notebook.metadata.get("kernelspec", {}).get("language") or \
        notebook.metadata.get("language_info", {}).get("name") or "python"
    return str(info).lower()


def _fence_for(text: str) -> str:
    longest = max((len(m.group(0)) for m in re.finditer(r"`{3,}", text)), default=0)
    return "`" * max(3, longest + 1)


def _outputs(cell, number: int, assets: Assets, lang: str):
    """(lines, notice or None) for each output of a code cell, consecutive streams joined."""
    title = OUTPUT_TITLE[lang]
    stream: list[str] = []

    def text_block(text: str):
        text, cut = _clip_lines(text)
        fence = _fence_for(text)
        return [f'{fence}text title="{title}"', *text.split("\n"), fence], \
            (f"cell {number + 1}: output cut to {MAX_OUTPUT_LINES} lines ({cut} lines left out)" if cut else None)

    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            stream.append(_join(output.get("text", "")))
            continue
        if stream:
            yield text_block(clean_terminal("".join(stream)))
            stream = []
        if kind == "error":
            traceback = "\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"])
            yield text_block(clean_terminal(traceback))
        elif kind in ("execute_result", "display_data"):
            yield from _rich(output.get("data", {}), number, assets, text_block)
    if stream:
        yield text_block(clean_terminal("".join(stream)))


def _rich(data: dict, number: int, assets: Assets, text_block):
    for mime, suffix in _IMAGE_OUTPUTS:
        if mime in data:
            raw = _join(data[mime])
            content = raw.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(raw)
            yield [f"![output of cell {number + 1}]({assets.add(f'cell-{number + 1}{suffix}', content)})"], None
            return
    html = _join(data.get("text/html", ""))
    if "<table" in html.lower():  # a DataFrame: the table reads better than its text form
        clean = re.sub(r"\n\s*\n", "\n", sanitize(html)).strip()
        yield ["", *clean.split("\n"), ""], None
        return
    if "text/markdown" in data:
        yield _join(data["text/markdown"]).split("\n"), None
        return
    if "text/latex" in data:
        yield ["$$", _join(data["text/latex"]).strip().strip("$"), "$$"], None
        return
    if "text/plain" in data:
        yield text_block(clean_terminal(_join(data["text/plain"])))
        return
    skipped = [mime for mime in data if mime in _SKIPPED_OUTPUTS] or list(data)
    if skipped:
        yield [], f"cell {number + 1}: interactive output ({', '.join(skipped)}) cannot be shown in a lesson; left out"


def _join(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def clean_terminal(text: str) -> str:
    """What a terminal would show: no colour codes, a progress bar's last state (after \\r), backspaces applied."""
    text = _ANSI.sub("", text)
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\r" in line:
            line = next((part for part in reversed(line.split("\r")) if part), "")
        while "\b" in line:
            line = re.sub(r"[^\b]\b|^\b+", "", line, count=1)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


def _clip_lines(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    if len(lines) <= MAX_OUTPUT_LINES:
        return text, 0
    keep_head, keep_tail = MAX_OUTPUT_LINES - 20, 20
    cut = len(lines) - keep_head - keep_tail
    return "\n".join([*lines[:keep_head], f"… ({cut} lines left out)", *lines[-keep_tail:]]), cut
