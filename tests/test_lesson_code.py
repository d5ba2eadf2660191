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
from catalog.render import to_blocks
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
    at = text.find(code.split("\n", 1)[0]) if code.strip() else -1
    return text[:at].count("\n") + 1 if at >= 0 else 1


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


def test_the_check_would_notice_a_wrong_output_block():
    """The comparison is real: a block whose output block lies fails it, a varying one is marked, not compared."""
    body = ("```python\nprint(1 + 1)\n```\n\n```text title=\"출력\"\n3\n```\n\n"
            "```python output=varies\nimport random\nprint(random.random())\n```\n\n```text title=\"출력\"\n0.5\n```\n")
    plan = lesson_code.plan(to_blocks(body))
    first, second = plan.entries
    assert lesson_code.normalise_output("2\n") != lesson_code.normalise_output(first.output.text)
    assert second.code.output == "varies" and first.code.output == ""
    assert plan.groups() == [[0, 1]]
