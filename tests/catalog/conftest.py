"""Fixtures that write lessons and exercises into a temporary content tree."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from catalog import Catalog, load_catalog

COURSE_YAML = """\
title:
  ko: 텐서 기초
  en: Tensor basics
description:
  ko: 텐서를 만지는 첫걸음
  en: First steps with tensors
order: {order}
"""

STARTER = "def f(x):\n    ...\n"


class Content:
    """A lessons/ and exercises/ pair under tmp_path, with helpers to write files the way instructors do."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lessons_dir = root / "lessons"
        self.exercises_dir = root / "exercises"
        self.lessons_dir.mkdir()
        self.exercises_dir.mkdir()

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def course(self, folder: str, order: int = 1) -> Path:
        return self.write(f"lessons/{folder}/course.yaml", COURSE_YAML.format(order=order))

    def lesson(self, folder: str, name: str, lesson_id: str, order: int, *, extra: str = "",
               body: str = "본문이에요.\n") -> Path:
        front = f'id: {lesson_id}\ntitle: "{lesson_id} 제목"\norder: {order}\n{extra}'
        return self.write(f"lessons/{folder}/{name}", f"---\n{front}---\n{body}")

    def exercise(self, exercise_id: str, lesson_id: str, *, extra: str = "", files=("starter.py", "solution.py",
                 "checks.py", "probe.py")) -> Path:
        for name in files:
            self.write(f"exercises/{exercise_id}/{name}", STARTER)
        return self.write(
            f"exercises/{exercise_id}/exercise.md",
            f"---\nid: {exercise_id}\ntitle: 과제\nlesson: {lesson_id}\ndifficulty: easy\n{extra}---\n과제 설명\n",
        )

    def load(self) -> Catalog:
        return load_catalog(self.lessons_dir, self.exercises_dir)

    def rel(self, path: Path) -> str:
        return str(path.relative_to(self.root))


@pytest.fixture
def content(tmp_path: Path) -> Content:
    return Content(tmp_path)


def problem_lines(catalog: Catalog, content: Content) -> list[str]:
    """Problems as `file:line: message` with paths relative to the content root, as the CLI prints them."""
    return [f"{content.rel(p.path)}:{p.line}: {p.message}" for p in catalog.problems]
