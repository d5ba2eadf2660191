"""Fixtures for page tests: a temp database, a small temp course, and an AppTest opener pointed at them."""
from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

import db
import settings

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
CATALOG_PAGE = "ui/pages/catalog.py"
LESSON_PAGE = "ui/pages/lesson.py"
INSTRUCTOR_PAGE = "ui/pages/instructor.py"
EXERCISE_ID = "tape-watch-persistent"  # a real exercise folder, copied so the lesson can list it

COURSE_YAML = """\
id: tf-gradients
title:
  ko: "테스트 코스"
  en: "Test course"
description:
  ko: "화면 테스트용 작은 코스."
  en: "A small course for page tests."
"""


def lesson_file(number: int, *, title: str, status: str = "published", tags: str = "[]", xp: int = 10,
                minutes: int = 5, exercises: str = "[]", body: str = "본문이에요.") -> str:
    return textwrap.dedent(f"""\
        ---
        id: tf-gradients-{number:02d}
        title: "{title}"
        order: {number}
        status: {status}
        tags: {tags}
        xp: {xp}
        minutes: {minutes}
        summary: "요약"
        exercises: {exercises}
        ---
        """) + body + "\n"


def english_file(title: str, body: str = "The body.") -> str:
    return f'---\ntitle: "{title}"\nsummary: "Summary"\n---\n{body}\n'


FIRST_BODY = """\
## 테이프 기록

Tape는 연산을 **기록**해.

```python title="첫 테이프"
import tensorflow as tf
```
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Three lessons (two published, one draft) and one exercise; returns the content root."""
    course = tmp_path / "lessons" / "tf-gradients"
    course.mkdir(parents=True)
    (course / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    files = {
        "01-first.md": lesson_file(1, title="첫 번째 레슨", tags="[tape, basics]", xp=10, minutes=7,
                                   exercises=f"[{EXERCISE_ID}]", body=FIRST_BODY),
        "01-first.en.md": english_file("First lesson"),
        "02-second.md": lesson_file(2, title="두 번째 레슨", tags="[clipping]", xp=20, minutes=11),
        "02-second.en.md": english_file("Second lesson on clipping"),
        "03-draft.md": lesson_file(3, title="초안 레슨", status="draft", tags="[wip]"),
    }
    for name, text in files.items():
        (course / name).write_text(text, encoding="utf-8")
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    shutil.copytree(REPO / "exercises" / EXERCISE_ID, exercises / EXERCISE_ID)
    return tmp_path


@pytest.fixture
def app_env(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point settings at the temp database and content, and drop every process-wide cache that held the old ones."""
    monkeypatch.setenv("STREAM_DATABASE_URL", f"sqlite:///{tmp_path / 'db' / 't.db'}")
    monkeypatch.setenv("STREAM_LESSONS_DIR", str(content / "lessons"))
    monkeypatch.setenv("STREAM_EXERCISES_DIR", str(content / "exercises"))
    monkeypatch.delenv("STREAM_SHOW_DRAFTS", raising=False)
    monkeypatch.delenv("STREAM_DEFAULT_LANG", raising=False)
    _clear_caches()
    yield content
    _clear_caches()


def _clear_caches() -> None:
    settings.get_settings.cache_clear()
    st.cache_resource.clear()  # holds ui.data's engine, keyed by the old URL


@pytest.fixture
def engine(app_env: Path) -> Iterator[Engine]:
    """An engine on the app's temp database, for setting up facts before a page opens."""
    engine = db.make_engine(settings.get_settings().database_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def open_page(app_env: Path) -> Callable[..., AppTest]:
    """open_page(page, lang=..., **query) runs the whole app (navigation, sidebar) on that page."""

    def run(page: str = CATALOG_PAGE, lang: str | None = None, **query: str) -> AppTest:
        return _run_app(AppTest.from_file(APP, default_timeout=30), page, lang, query)

    return run


def _run_app(at: AppTest, page: str, lang: str | None, query: dict[str, str]) -> AppTest:
    """Open `page` of the whole app with these query parameters, run it once and insist it did not fail."""
    if lang:
        at.query_params["lang"] = lang
    for name, value in query.items():
        at.query_params[name] = value
    if page != CATALOG_PAGE:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Every text a learner can read on the page (main area and sidebar), one per line."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error",
                 "success", "code"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [element.proto.text for element in at.get("progress")]
    parts += [element.proto.label for element in at.get("page_link")]
    parts += [element.label for element in at.button]
    parts += [element.label for element in at.expander]
    return "\n".join(parts)


def make_account(engine: Engine, role: str = "instructor", username: str | None = None) -> int:
    """An account with `role` in the test database; returns its learner id (what sign-in stores)."""
    from db.models import Learner

    with db.session_scope(engine) as session:
        learner = Learner(kind="account", username=username or f"{role}-account", display_name=role.title(),
                          role=role)
        session.add(learner)
        session.flush()
        return learner.id


@pytest.fixture
def open_page_as(app_env: Path, engine: Engine) -> Callable[..., AppTest]:
    """open_page_as(role, page, lang=..., **query): like open_page, signed in as an account with `role`."""

    def run(role: str, page: str = CATALOG_PAGE, lang: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["account_id"] = make_account(engine, role, username=f"{role}-{id(at)}")
        return _run_app(at, page, lang, query)

    return run
