"""Every runnable code block of every lesson (all courses, ko and en) runs in the grader's sandbox, chained as the
lesson page chains it, and prints exactly what the lesson's output block right after it shows.

One warm pool for the module; all lessons are queued at once and each test waits for its own runs. A block whose
output legitimately varies is marked `output=varies` in its fence: it must still run cleanly, and the test says
that its printout was not compared.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from catalog import load_catalog
from catalog.render import OUTPUT_MODES, RUN_MODES, Callout, Code, Tabs, to_blocks
from grader import GraderPool
from services import lesson_code

REPO = Path(__file__).resolve().parent.parent
WAIT_S = 300.0


def _bodies() -> list[tuple[str, str, Path, str]]:
    """(lesson id, lang, file, body) of every lesson text there is."""
    out = []
    for lesson in load_catalog().lessons:
        for lang in ("ko", "en"):
            path = lesson.path if lang == "ko" else lesson.path.with_suffix(".en.md")
            if lang == "en" and not path.exists():
                continue
            out.append((lesson.id, lang, path, lesson.text(lang).body))
    return out


BODIES = _bodies()


@pytest.fixture(scope="module")
def queued():
    """Every lesson's runs, queued at once on one warm pool: {(lesson id, lang): [(plan, group, ticket), …]}."""
    with GraderPool(REPO / "exercises", workers=2).start() as pool:
        runs = {}
        for lesson_id, lang, _, body in BODIES:
            plan = lesson_code.plan(to_blocks(body))
            runs[lesson_id, lang] = [(plan, group, pool.submit_parts([p.code for p in plan.parts(group)], lang,
                                                                     label=lesson_id))
                                     for group in plan.groups()]
        yield runs


def _line(path: Path, code: str) -> int:
    text = path.read_text(encoding="utf-8")
    at = text.find(code) if code.strip() else -1  # the block's own text: its first line may repeat (imports)
    return text[:at].count("\n") if at > 0 else 1  # the fence line, just above the code


@pytest.mark.parametrize(("lesson_id", "lang", "path", "body"), BODIES,
                         ids=[f"{lesson_id}-{lang}" for lesson_id, lang, _, _ in BODIES])
def test_lesson_blocks_print_what_their_output_blocks_show(queued, lesson_id, lang, path, body):
    problems, unchecked = [], []
    for plan, group, ticket in queued[lesson_id, lang]:
        result = ticket.result(WAIT_S)
        parts = plan.parts(group)
        if result.status in ("timeout", "crashed", "grader_problem"):
            problems.append(f"{path.relative_to(REPO)}: the run of {len(parts)} block(s) ended: {result.status}: "
                            f"{result.message}")
            continue
        for position, part in enumerate(parts):
            entry = plan.entries[part.entry]
            where = f"{path.relative_to(REPO)}:{_line(path, entry.code.code)}"
            if position >= len(result.outputs):
                break  # an earlier block failed: reported below
            if result.failed == position:
                problems.append(f"{where}: raised {result.error_type}: {result.message.splitlines()[0]}")
                break
            if part.is_setup_attr or entry.output is None or not entry.code.runnable:
                continue
            if entry.code.output == "varies":
                unchecked.append(where)
                continue
            got = lesson_code.normalise_output(result.outputs[position])
            want = lesson_code.normalise_output(entry.output.text)
            if got != want:
                problems.append(f"{where}: prints\n{got}\n--- but its output block shows\n{want}")
    if unchecked:
        warnings.warn(f"output=varies, printout not compared: {', '.join(unchecked)}", stacklevel=1)
    assert not problems, "\n\n".join(problems)


def _codes(blocks):
    for block in blocks:
        if isinstance(block, Code):
            yield block
        elif isinstance(block, Callout):
            yield from _codes(block.blocks)
        elif isinstance(block, Tabs):
            for _, inner in block.tabs:
                yield from _codes(inner)


@pytest.mark.parametrize(("lesson_id", "lang", "path", "body"), BODIES,
                         ids=[f"{lesson_id}-{lang}" for lesson_id, lang, _, _ in BODIES])
def test_fence_attributes_are_ones_the_page_knows(lesson_id, lang, path, body):
    wrong = [f"{path.relative_to(REPO)}:{_line(path, c.code)}: run={c.run!r} output={c.output!r}"
             for c in _codes(to_blocks(body)) if c.run not in RUN_MODES or c.output not in OUTPUT_MODES]
    assert not wrong, f"unknown fence attribute values (run: {RUN_MODES}, output: {OUTPUT_MODES}): {wrong}"


def test_the_check_would_notice_a_wrong_output_block():
    """The comparison is real: a block whose output block lies fails it, a varying one is marked, not compared."""
    body = ("```python\nprint(1 + 1)\n```\n\n```text title=\"출력\"\n3\n```\n\n"
            "```python output=varies\nimport random\nprint(random.random())\n```\n\n```text title=\"출력\"\n0.5\n```\n")
    plan = lesson_code.plan(to_blocks(body))
    first, second = plan.entries
    assert lesson_code.normalise_output("2\n") != lesson_code.normalise_output(first.output.text)
    assert second.code.output == "varies" and first.code.output == ""
    assert plan.groups() == [[0, 1]]
    typo = to_blocks("```python run=flase\nprint(1)\n```\n")[0]
    assert typo.run not in RUN_MODES and not typo.runnable  # not run, and the attribute test names it


def test_blocks_chain_after_earlier_ones_setup_runs_first_and_alone_blocks_stand_apart():
    body = ("```python run=setup\nimport math\n```\n\n"
            "```python\na = 1\n```\n\n"
            "!!! note\n    ```python setup=\"b = 2\"\n    print(a + b)\n    ```\n\n"
            "```python run=alone\nprint(math.pi > 3)\n```\n\n"
            "```python run=false\nnot code\n```\n\n"
            "```python\nprint(a)\n```\n")
    blocks = to_blocks(body)
    plan = lesson_code.plan(blocks)
    setup, first, in_box, alone, last = plan.entries  # run=false takes no part; the block in a box does
    assert setup.code.hidden and not setup.code.runnable
    assert plan.chain(last.index) == [0, 1, 2, 4]  # setup, then the earlier chained blocks, not the alone one
    assert plan.chain(alone.index) == [0, 3]
    parts = plan.parts(plan.chain(in_box.index), {1: "a = 10"})
    assert [p.code for p in parts] == ["import math", "a = 10", "b = 2", "print(a + b)"]  # an edit counts later
    assert plan.groups() == [[0, 1, 2, 4], [0, 3]]
