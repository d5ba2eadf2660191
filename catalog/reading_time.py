"""Estimate how long a lesson takes to read: Hangul by characters, other text by words, code by lines."""
from __future__ import annotations

import re

HANGUL_PER_MINUTE = 500
WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 10  # code is read slowly, and often typed along

# Runs, not single characters: one match per word is several times faster on a whole lesson.
_HANGUL_RUN = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
_WORD = re.compile(r"[A-Za-z0-9]+")  # English terms and numbers; Hangul never matches
_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # URLs are not read
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")  # any indent: fences inside admonitions and tabs count too


def estimate_minutes(markdown: str) -> int:
    """Whole minutes, at least 1."""
    prose, code_lines = _split_code(markdown)
    prose = _LINK_TARGET.sub("]", prose)
    hangul = sum(map(len, _HANGUL_RUN.findall(prose)))
    words = len(_WORD.findall(prose))
    minutes = hangul / HANGUL_PER_MINUTE + words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE
    return max(1, int(minutes + 0.5))


def _split_code(markdown: str) -> tuple[str, int]:
    """Prose lines joined, and the number of non-blank lines inside fenced code."""
    prose: list[str] = []
    code_lines = 0
    fence = ""
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line[match.end():].strip():
                fence = ""
            elif line.strip():
                code_lines += 1
        elif match:
            fence = match.group(1)
        else:
            prose.append(line)
    return "\n".join(prose), code_lines
