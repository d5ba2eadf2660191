"""The complete example in lessons/README.md loads without problems, so the instructions stay true."""
from __future__ import annotations

import re
from pathlib import Path

from catalog.render import Callout, Code, Tabs, to_blocks

README = Path(__file__).resolve().parents[2] / "lessons" / "README.md"
# A line naming a file, like `lessons/tf-basics/course.yaml`:, then the fenced block holding it.
_EXAMPLE = re.compile(r"^`(lessons/[^`]+)`:\n\n(`{3,4})\w*\n(.*?)\n\2$", re.MULTILINE | re.DOTALL)


def test_complete_example_loads_cleanly(content):
    examples = _EXAMPLE.findall(README.read_text(encoding="utf-8"))
    assert [path for path, _, _ in examples] == [
        "lessons/tf-basics/course.yaml", "lessons/tf-basics/01-tensors.md", "lessons/tf-basics/01-tensors.en.md",
    ]
    for path, _, text in examples:
        content.write(path, text.replace("\n…", "\nText.") + "\n")
    content.exercise("make-tensor", "tf-basics-01")
    catalog = content.load()
    assert catalog.problems == []
    lesson = catalog.lesson("tf-basics-01")
    assert (lesson.exercises, lesson.text("en").title) == (("make-tensor",), "What is a tensor?")
    kinds = [type(block).__name__ for block in to_blocks(lesson.text("ko").body)]
    assert kinds == ["Markdown", "Code", "Callout", "Tabs", "Callout", "Callout"]
    *_, tabs, alert, collapsible = to_blocks(lesson.text("ko").body)
    assert isinstance(tabs, Tabs) and all(isinstance(inner[0], Code) for _, inner in tabs.tabs)
    assert isinstance(alert, Callout) and alert.kind == "note"
    assert isinstance(collapsible, Callout) and collapsible.collapsible
