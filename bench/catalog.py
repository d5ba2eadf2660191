"""Benchmark load_catalog on 1,000 generated lessons: cold load, warm (nothing changed) load, vs plain parsing."""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as `python bench/catalog.py`

import frontmatter  # noqa: E402

from catalog import load_catalog  # noqa: E402

COURSES = 10
LESSONS_PER_COURSE = 100
EXERCISES = 50
WARM_CALLS = 50
GOAL_COLD_S = 2.0
GOAL_WARM_MS = 5.0

KO = ("텐서는 모양과 dtype을 가진 다차원 배열이야. GradientTape 안에서 계산한 연산은 테이프에 기록되고, "
      "tape.gradient를 부르면 chain rule로 거꾸로 미분해. 학습 루프에서는 loss를 줄이는 방향으로 weight를 움직여. ")
EN = ("A tensor is a multi-dimensional array with a shape and a dtype. Operations inside a GradientTape are "
      "recorded, and tape.gradient plays them back with the chain rule to get derivatives. ")
CODE = """```python title="Example {n}"
import tensorflow as tf

w = tf.Variable({n}.0)
with tf.GradientTape() as tape:
    y = w ** 3 + 2 * w
print(tape.gradient(y, w))
```
"""


def body(rng: random.Random, korean: bool) -> str:
    sentence = KO if korean else EN
    parts = []
    for section in range(4):
        parts.append(f"## Section {section + 1}\n\n" + sentence * rng.randint(3, 8) + "\n")
        if section % 2 == 0:
            parts.append(CODE.format(n=rng.randint(1, 9)))
    parts.append('!!! tip "Remember"\n    ' + sentence + "\n")
    return "\n".join(parts)


def generate(root: Path) -> list[Path]:
    """Write the content tree; return every markdown file (what the baseline parses)."""
    rng = random.Random(7)
    lessons_dir, exercises_dir = root / "lessons", root / "exercises"
    files: list[Path] = []
    exercise_ids = [f"ex-{n:03d}" for n in range(EXERCISES)]
    owners = {}
    for c in range(COURSES):
        course = lessons_dir / f"course-{c:02d}"
        course.mkdir(parents=True)
        (course / "course.yaml").write_text(
            f"title:\n  ko: 코스 {c}\n  en: Course {c}\ndescription:\n  ko: 설명 {c}\n  en: About {c}\norder: {c}\n",
            encoding="utf-8")
        for n in range(1, LESSONS_PER_COURSE + 1):
            lesson_id = f"c{c:02d}-{n:03d}"
            index = c * LESSONS_PER_COURSE + n - 1
            exercises = [exercise_ids[index // 20]] if index % 20 == 0 else []
            for exercise_id in exercises:
                owners[exercise_id] = lesson_id
            path = course / f"{n:03d}-lesson-{n}.md"
            path.write_text(
                f"---\nid: {lesson_id}\ntitle: \"레슨 {n}\"\norder: {n}\ntags: [tensors, gradients]\nxp: 10\n"
                f"summary: \"요약 {n}\"\nexercises: [{', '.join(exercises)}]\n---\n" + body(rng, korean=n % 3 != 0),
                encoding="utf-8")
            files.append(path)
            if n % 4 == 0:
                translation = course / f"{n:03d}-lesson-{n}.en.md"
                translation.write_text(f"---\ntitle: Lesson {n}\n---\n" + body(rng, korean=False), encoding="utf-8")
                files.append(translation)
    for exercise_id in exercise_ids:
        folder = exercises_dir / exercise_id
        folder.mkdir(parents=True)
        (folder / "exercise.md").write_text(
            f"---\nid: {exercise_id}\ntitle: 과제\nlesson: {owners[exercise_id]}\ndifficulty: easy\n"
            f"hints: [\"첫 힌트\"]\n---\n과제 설명\n", encoding="utf-8")
        for name in ("starter.py", "solution.py", "checks.py", "probe.py"):
            (folder / name).write_text("def f():\n    ...\n", encoding="utf-8")
        files.append(folder / "exercise.md")
    return files


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = generate(root)
        lessons_dir, exercises_dir = root / "lessons", root / "exercises"

        started = time.perf_counter()
        catalog = load_catalog(lessons_dir, exercises_dir)
        cold_s = time.perf_counter() - started
        lessons = sum(len(course.lessons) for course in catalog.courses)
        assert lessons == COURSES * LESSONS_PER_COURSE, (lessons, catalog.problems[:3])
        assert not catalog.problems, catalog.problems[:3]

        warm = []
        for _ in range(WARM_CALLS):
            started = time.perf_counter()
            again = load_catalog(lessons_dir, exercises_dir)
            warm.append(time.perf_counter() - started)
            assert again is catalog
        warm_ms = statistics.median(warm) * 1000

        started = time.perf_counter()
        for path in files:
            frontmatter.loads(path.read_text(encoding="utf-8"))
        baseline_s = time.perf_counter() - started

    print(f"{lessons} lessons in {len(catalog.courses)} courses, {len(files)} markdown files, "
          f"{len(catalog.exercises)} exercises")
    print(f"cold load:  {cold_s:.3f} s   (goal <= {GOAL_COLD_S} s)  {'ok' if cold_s <= GOAL_COLD_S else 'MISSED'}")
    print(f"warm load:  {warm_ms:.2f} ms  (goal <= {GOAL_WARM_MS} ms, median of {WARM_CALLS}; fastest "
          f"{min(warm) * 1000:.2f} ms)  {'ok' if warm_ms <= GOAL_WARM_MS else 'MISSED'}")
    print(f"baseline:   {baseline_s:.3f} s   (read + frontmatter.loads of every file, no validation)")
    # Timings on a shared machine swing with its load; print it so a slow run can be told from a regression.
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"cold_s={cold_s:.3f} warm_ms={warm_ms:.2f} baseline_s={baseline_s:.3f} ratio={cold_s / baseline_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
