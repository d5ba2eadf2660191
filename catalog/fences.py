"""A fence's info string (```python title="Clip"```) read the same way by the renderer and the reading time."""
from __future__ import annotations

import re

# A fence is output, not code, when its language says so or it carries the title lessons give output.
OUTPUT_LANGUAGES = ("output",)
OUTPUT_TITLES = ("출력", "output")
_PLAIN_LANGUAGES = ("", "text", "txt", "plain", "plaintext", "console", "output")
_FENCE_ATTR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def fence_info(info: str) -> tuple[str, str]:
    """'python title="Clip"' -> ('python', 'Clip'); also '{.python title="Clip"}'."""
    language, attrs = fence_attrs(info)
    return language, attrs.get("title", "")


def fence_attrs(info: str) -> tuple[str, dict[str, str]]:
    """'python title="Clip" run=false' -> ('python', {'title': 'Clip', 'run': 'false'})."""
    info = info.strip().removeprefix("{").removesuffix("}").strip()
    first = info.split(None, 1)[0] if info else ""
    language = "" if "=" in first else first.lstrip(".")
    attrs = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _FENCE_ATTR.finditer(info)}
    return language, attrs


def is_output_fence(language: str, title: str) -> bool:
    return language in OUTPUT_LANGUAGES or (language in _PLAIN_LANGUAGES and title.casefold() in OUTPUT_TITLES)
