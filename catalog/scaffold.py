"""`python -m catalog new course|lesson|exercise`: write content files that pass `catalog check` as they are.

Nothing existing is ever overwritten: each command checks every file it would write first and refuses
with the list if any is there already.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml

from catalog.exercises import MAIN_FILE
from catalog.lessons import COURSE_FILE, split_name
from catalog.source import parse_source

CONTENT_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """The scaffold was refused; the message tells the instructor why and what to do instead."""


def new_course(lessons_dir: Path, course_id: str, title_ko: str, title_en: str | None = None,
               description_ko: str | None = None, description_en: str | None = None) -> list[Path]:
    _require_id(course_id, "course id")
    folder = Path(lessons_dir) / course_id
    files = {folder / COURSE_FILE: _course_yaml(title_ko, title_en, description_ko, description_en)}
    return _write_new(files)


def new_lesson(lessons_dir: Path, course_id: str, slug: str, title: str, title_en: str | None = None) -> list[Path]:
    """`<course>/NN-slug.md` (status: draft) and its `.en.md`, NN being the course's next number."""
    folder = Path(lessons_dir) / course_id
    if not (folder / COURSE_FILE).is_file():
        raise ScaffoldError(f"{folder / COURSE_FILE}: no such course; create it first with "
                            f"`python -m catalog new course {course_id} --title-ko …`")
    if not SLUG.match(slug):
        raise ScaffoldError(f"lesson slug {slug!r}: use lowercase letters, digits and '-' (like tensors-intro)")
    order = _next_order(folder)
    lesson_id = f"{course_id}-{order:02d}"
    taken = _lesson_ids(Path(lessons_dir))
    if lesson_id in taken:
        raise ScaffoldError(f"{taken[lesson_id]}: already uses id {lesson_id!r}; rename that lesson's id first")
    name = f"{order:02d}-{slug}"
    files = {
        folder / f"{name}.md": _lesson_ko(lesson_id, title, order),
        folder / f"{name}.en.md": _lesson_en(title_en or title),
    }
    return _write_new(files)


def new_exercise(lessons_dir: Path, exercises_dir: Path, exercise_id: str, lesson_id: str) -> list[Path]:
    """A complete exercise folder (a small GradientTape task with two known mistakes), listed in its lesson."""
    _require_id(exercise_id, "exercise id")
    lesson_path = _lesson_ids(Path(lessons_dir)).get(lesson_id)
    if lesson_path is None:
        raise ScaffoldError(f"no lesson has id {lesson_id!r} under {lessons_dir}; create it first with "
                            "`python -m catalog new lesson COURSE SLUG --title …`")
    folder = Path(exercises_dir) / exercise_id
    if folder.exists():
        raise ScaffoldError(f"{folder}: already exists; not overwriting it (pick another id, or delete the "
                            "folder first if you really want a fresh one)")
    # Front matter gets the ids as YAML text ("42", "yes", "2024-01-01" stay ids); prose gets them as written.
    files = {folder / name: text.replace("{id:yaml}", _scalar(exercise_id)).replace("{lesson:yaml}", _scalar(lesson_id))
             .replace("{id}", exercise_id).replace("{lesson}", lesson_id)
             for name, text in _EXERCISE_FILES.items()}
    lesson_text = lesson_path.read_text(encoding="utf-8")
    bom = "\ufeff" if lesson_text.startswith("\ufeff") else ""  # `catalog check` accepts a BOM, so do we
    updated = bom + add_exercise_to_lesson(lesson_text.removeprefix(bom), exercise_id)
    written = _write_new(files)
    if updated != lesson_text:
        lesson_path.write_text(updated, encoding="utf-8")
        written.append(lesson_path)
    return written


def add_exercise_to_lesson(text: str, exercise_id: str) -> str:
    """The lesson text with `exercise_id` appended to `exercises:`, leaving every other line as written.

    The id is quoted where YAML would read it as something else (`yes`, `42`, a date)."""
    item = _scalar(exercise_id)
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if not lines or lines[0].rstrip() != "---" or end is None:
        raise ScaffoldError("the lesson has no front matter to list the exercise in")
    for i in range(1, end):
        match = re.match(r"^exercises:\s*(.*?)\s*$", lines[i])
        if not match:
            continue
        value = match.group(1)
        if value.startswith("[") and value.endswith("]"):
            items = [entry.strip() for entry in value[1:-1].split(",") if entry.strip()]
            if exercise_id not in map(_unquoted, items):
                lines[i] = f"exercises: [{', '.join([*items, item])}]"
            return "\n".join(lines)
        if value == "":  # a block list: "- id" lines follow
            j = i + 1
            while j < end and lines[j].lstrip().startswith("- "):
                if _unquoted(lines[j].lstrip()[2:].strip()) == exercise_id:
                    return text
                j += 1
            indent = lines[i + 1][: len(lines[i + 1]) - len(lines[i + 1].lstrip())] if i + 1 < j else "  "
            lines.insert(j, f"{indent}- {item}")
            return "\n".join(lines)
        raise ScaffoldError(f"line {i + 1}: cannot add {exercise_id!r} to `exercises: {value}`; "
                            "write it as a list like [a, b]")
    lines.insert(end, f"exercises: [{item}]")
    return "\n".join(lines)


def _require_id(value: str, what: str) -> None:
    if not CONTENT_ID.match(value):
        raise ScaffoldError(f"{what} {value!r}: use lowercase letters, digits and '-' (like tf-basics)")


def _write_new(files: dict[Path, str]) -> list[Path]:
    existing = [str(path) for path in files if path.exists()]
    if existing:
        raise ScaffoldError("not overwriting what is there already: " + ", ".join(existing)
                            + " (pick another name, or delete the file first if you really want a fresh one)")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


def _next_order(folder: Path) -> int:
    """One past the highest `order:` (or NN- prefix) in the course, so the new lesson goes last."""
    highest = 0
    for path in folder.glob("*.md"):
        parts = split_name(path.name)
        if parts is None or parts[1] != "ko":
            continue
        highest = max(highest, int(path.name.split("-", 1)[0]))
        source, _ = parse_source(path, path.read_text(encoding="utf-8", errors="replace"))
        order = source.meta.get("order") if source is not None else None
        if type(order) is int:
            highest = max(highest, order)
    return highest + 1


def _lesson_ids(lessons_dir: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(lessons_dir.glob("*/*.md")):
        parts = split_name(path.name)
        if parts is None or parts[1] != "ko":
            continue
        source, _ = parse_source(path, path.read_text(encoding="utf-8", errors="replace"))
        lesson_id = source.meta.get("id") if source is not None else None
        if isinstance(lesson_id, str):
            found.setdefault(lesson_id, path)
    return found


def _quoted(text: str) -> str:
    """A YAML double-quoted string, safe for any title."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scalar(value: str) -> str:
    """`value` as YAML that reads back as this very string: plain when it does (tf-basics-01), else quoted
    (`yes`, `42`, `1_000`, `2024-01-01` would read as a bool, numbers and a date)."""
    try:
        plain_ok = yaml.safe_load(f"[{value}]") == [value]
    except yaml.YAMLError:
        plain_ok = False
    return value if plain_ok else _quoted(value)


def _unquoted(item: str) -> str:
    """A list item as written (`a`, `"a"`, `'a'`) as the id it names."""
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
        return item[1:-1]
    return item


def _course_yaml(title_ko: str, title_en: str | None, description_ko: str | None, description_en: str | None) -> str:
    lines = ["title:", f"  ko: {_quoted(title_ko)}"]
    if title_en:
        lines.append(f"  en: {_quoted(title_en)}")
    lines += ["description:", f"  ko: {_quoted(description_ko or title_ko + ' 코스')}"]
    if description_en or title_en:
        lines.append(f"  en: {_quoted(description_en or (title_en or '') + ' course')}")
    return "\n".join(lines) + "\n"


def _lesson_ko(lesson_id: str, title: str, order: int) -> str:
    return textwrap.dedent(f"""\
        ---
        id: {_scalar(lesson_id)}
        title: {_quoted(title)}
        order: {order}
        status: draft
        tags: []
        xp: 10
        summary: "이 레슨에서 배울 것을 한두 문장으로 써 줘."
        exercises: []
        ---
        ## 첫 번째 절

        여기에 레슨 본문을 써. 형식은 lessons/README.md에 있어.

        ```python title="예시 코드"
        import tensorflow as tf

        x = tf.constant(3.0)
        ```

        !!! tip "팁"
            박스 안의 내용은 4칸 들여 써.
        """)


def _lesson_en(title: str) -> str:
    return textwrap.dedent(f"""\
        ---
        title: {_quoted(title)}
        summary: "One or two sentences on what this lesson teaches."
        ---
        ## First section

        Write the lesson text here. The format is described in lessons/README.md.
        """)


# The scaffolded exercise: a real, tiny TensorFlow task, so `grader selftest` passes before any edit.
_EXERCISE_FILES = {
    MAIN_FILE: '''\
---
id: {id:yaml}
title: "GradientTape로 gradient 구하기"
lesson: {lesson:yaml}
xp: 10
difficulty: easy
time_limit_s: 10
memory_mb: 1024
tags: [gradienttape]
hints:
  - "`x`는 `tf.constant`라서 tape이 저절로 기록하지 않아. `with` 블록 안에서 `tape.watch(x)`부터 불러 줘."
  - "`tape.gradient(y, x)`가 돌려주는 게 dy/dx야. `y`가 아니라 그 값을 return해."
---
## 과제

`square_gradient(x)`를 완성해. `x`는 float32 `tf.constant`야.

`y = tf.reduce_sum(x * x)`를 `tf.GradientTape`로 기록하고, `x`에 대한 gradient `dy/dx`를 return해.
결과는 `x`와 shape이 같은 tensor야.

```python
x = tf.constant([1.0, 2.0, 3.0])
square_gradient(x)  # → [2.0, 4.0, 6.0]
```
''',
    "exercise.en.md": '''\
---
title: "A gradient with GradientTape"
hints:
  - "`x` is a `tf.constant`, so the tape does not record it by itself. Call `tape.watch(x)` inside the `with` block first."
  - "`tape.gradient(y, x)` gives dy/dx. Return that, not `y`."
---
## Task

Complete `square_gradient(x)`. `x` is a float32 `tf.constant`.

Record `y = tf.reduce_sum(x * x)` on a `tf.GradientTape` and return the gradient `dy/dx` with respect to `x`,
a tensor with the same shape as `x`.

```python
x = tf.constant([1.0, 2.0, 3.0])
square_gradient(x)  # → [2.0, 4.0, 6.0]
```
''',
    "starter.py": '''\
import tensorflow as tf


def square_gradient(x):
    """Return dy/dx for y = sum(x * x), computed with tf.GradientTape."""
    # TODO: tape을 만들고 x를 기록하게 한 다음 y를 계산해서 gradient를 return해.
    ...


if __name__ == "__main__":
    print(square_gradient(tf.constant([1.0, 2.0, 3.0])))  # 기대값: [2. 4. 6.]
''',
    "solution.py": '''\
import tensorflow as tf


def square_gradient(x):
    """Return dy/dx for y = sum(x * x), computed with tf.GradientTape."""
    with tf.GradientTape() as tape:
        tape.watch(x)  # x is a constant: the tape would not record it otherwise
        y = tf.reduce_sum(x * x)
    return tape.gradient(y, x)
''',
    "probe.py": '''\
"""Calls square_gradient on one hidden x and reports what came back as plain numbers."""


def observe(submission, case):
    import tensorflow as tf

    result = submission.square_gradient(tf.constant(case["x"], dtype=tf.float32))
    return {"grad": tools.numeric(result), "returned": tools.describe(result)}
''',
    "checks.py": '''\
"""Hidden cases and checks for {id}: the gradient of sum(x * x) from a GradientTape."""
import numpy as np

from grader.api import Incorrect, check, expect_close


def cases(rng):
    return [{"x": rng.uniform(-3.0, 3.0, size=(n,)).astype(np.float32)} for n in (3, 4, 5)]


@check("dy/dx = 2·x", points=1, en="dy/dx = 2·x")
def gradient_is_right(t):
    if t.got["returned"] == "NoneType":
        raise Incorrect("forgot_watch",
                        "gradient가 None이야. x는 `tf.constant`라서 `tape.watch(x)`를 불러야 tape이 기록해.",
                        en="The gradient is None. x is a `tf.constant`, so call `tape.watch(x)` for the tape "
                           "to record it.")
    if t.got["grad"] is not None and np.shape(t.got["grad"]) == ():
        raise Incorrect("returned_y",
                        "숫자 하나를 return했어. 그건 y야. `tape.gradient(y, x)`로 x와 shape이 같은 gradient를 구해.",
                        en="You returned a single number: that is y. Use `tape.gradient(y, x)` to get a "
                           "gradient shaped like x.")
    expect_close(t.got["grad"], t.want["grad"], what="dy/dx", what_en="dy/dx")
''',
    "mistakes/forgot_watch.py": '''\
# diagnosis: forgot_watch
import tensorflow as tf


def square_gradient(x):
    with tf.GradientTape() as tape:  # x is never watched, so the gradient is None
        y = tf.reduce_sum(x * x)
    return tape.gradient(y, x)
''',
    "mistakes/returned_y.py": '''\
# diagnosis: returned_y
import tensorflow as tf


def square_gradient(x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(x * x)
    return y
''',
}
