"""Estimate how long a lesson takes to read: Hangul by characters, other text by words, code by lines.

Only what a learner reads counts: prose and code. Output (fences titled 출력/Output, Keras' output wrappers,
`<pre>` printouts) is glanced at, not read, and markup (HTML tags and their attributes, image sources, link
targets, bare URLs) is not read at all. The rule is documented in lessons/README.md ("Reading time").
"""
from __future__ import annotations

import re

from catalog.fences import fence_info, is_output_fence

HANGUL_PER_MINUTE = 500
WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 10  # code is read slowly, and often typed along

# Runs, not single characters: one match per word is several times faster on a whole lesson.
_HANGUL_RUN = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
_WORD = re.compile(r"[A-Za-z0-9]+")  # English terms and numbers; Hangul never matches
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")  # any indent: fences inside admonitions and tabs count too
# Markup that is not read: comments, images (alt text included: a caption is read, a file name is not),
# link targets, bare URLs and every HTML tag with its attributes.
_NOT_READ = re.compile(r"<!--.*?-->|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+|</?[A-Za-z][^<>]*>", re.DOTALL)
_PRE_OPEN = re.compile(r"\s*<pre[\s>]", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.IGNORECASE)
_OUTPUT_WRAPPER = re.compile(r"""\s*<div\s[^>]*class\s*=\s*["'][^"']*(?:k-default-codeblock|output)""", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"\s*</div\s*>", re.IGNORECASE)


def estimate_minutes(markdown: str) -> int:
    """Whole minutes, at least 1."""
    return max(1, int(estimate(markdown) + 0.5))


def estimate(markdown: str) -> float:
    """Minutes, unrounded."""
    prose, code_lines = _split_code(markdown)
    if "<" in prose or "](" in prose or "://" in prose:
        prose = _NOT_READ.sub(" ", prose)
    hangul = sum(map(len, _HANGUL_RUN.findall(prose)))
    words = len(_WORD.findall(prose))
    return hangul / HANGUL_PER_MINUTE + words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE


def _may_be_output(info: str) -> bool:
    return "output" in info.lower() or "출력" in info


def _split_code(markdown: str) -> tuple[str, int]:
    """Prose lines joined, and the number of non-blank lines inside fenced code (output fences left out).

    This runs for every lesson on a cold catalog load, so the HTML checks only run when the text has a `<`."""
    html = "<" in markdown
    prose: list[str] = []
    code_lines = 0
    fence = ""
    counted = True  # the open fence is code, not output
    in_pre = in_wrapper = False
    for line in markdown.split("\n"):
        if in_pre:  # a <pre> printout (a rich model.summary() table): output
            in_pre = not _PRE_CLOSE.search(line)
            continue
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line[match.end():].strip():
                fence = ""
            elif counted and line.strip():
                code_lines += 1
        elif match:
            fence = match.group(1)
            info = line[match.end():]
            counted = not (in_wrapper or (_may_be_output(info) and is_output_fence(*fence_info(info))))
        elif html and line.lstrip().startswith("<"):
            if _PRE_OPEN.match(line):
                in_pre = not _PRE_CLOSE.search(line)
            elif _OUTPUT_WRAPPER.match(line):
                in_wrapper = True
            elif in_wrapper and _DIV_CLOSE.match(line):
                in_wrapper = False
            else:
                prose.append(line)
        else:
            prose.append(line)
    return "\n".join(prose), code_lines
