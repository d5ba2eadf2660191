"""A lesson's python blocks on the lesson page: Run shows what the block printed (after the blocks it builds on),
Try it edits the block in place, Reset brings the original back; not an attempt, no XP, rate-limited."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

import db
import settings
from db.models import Submission, XpAward
from grader import GraderPool
from services import lesson_code
from services.grading import GradingService, PoolHandle
from tests.ui.conftest import LESSON_PAGE, english_file, lesson_file
from ui import grading

REPO = Path(__file__).resolve().parents[2]

BODY = """\
## 변수

```python title="첫 블록"
x = 2
print("x is", x)
```

```text title="출력"
x is 2
```

```python
print(x * 21)
```

```python run=false
this is not python, and no Run button offers to run it
```

```python run=alone
print(undefined_name)
```
"""


@pytest.fixture(scope="module")
def pool_handle() -> Iterator[PoolHandle]:
    handle = PoolHandle(GraderPool(REPO / "exercises", workers=1))
    handle.start_in_background()
    yield handle
    handle.close()


@pytest.fixture
def lesson_page(app_env: Path, monkeypatch: pytest.MonkeyPatch, pool_handle: PoolHandle) -> Iterator[Callable]:
    course = app_env / "lessons" / "tf-gradients"
    (course / "01-first.md").write_text(lesson_file(1, title="첫 번째 레슨", body=BODY), encoding="utf-8")
    (course / "01-first.en.md").write_text(english_file("First lesson", BODY), encoding="utf-8")
    made: list[GradingService] = []

    def service() -> GradingService:
        if not made:
            engine = db.make_engine(settings.get_settings().database_url)
            db.upgrade(engine)
            made.append(GradingService.from_settings(engine, settings.get_settings(), pool=pool_handle))
        return made[0]

    monkeypatch.setattr(grading, "service", service)
    monkeypatch.setattr(lesson_code, "LIMITER", lesson_code.RunLimiter())

    def run(lang: str = "en") -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        at.query_params["lang"] = lang
        at.query_params["lesson"] = "tf-gradients-01"
        at.switch_page(LESSON_PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield run
    for s in made:
        s.close()
        s.engine.dispose()


def _buttons(at: AppTest, label: str):
    return [b for b in at.button if b.label == label]


def _results(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "stream-run-output" in m.value]


def _count(model) -> int:
    engine = db.make_engine(settings.get_settings().database_url)
    try:
        with db.session_scope(engine) as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_each_runnable_block_has_run_and_try_it_but_not_the_run_false_one(lesson_page):
    at = lesson_page()
    assert len(_buttons(at, "Run")) == 3  # the run=false block is only shown
    assert len(_buttons(at, "Try it")) == 3
    assert any("this is not python" in c.value for c in at.code)


def test_run_shows_the_blocks_own_output_after_the_blocks_it_builds_on(lesson_page):
    at = lesson_page()
    _buttons(at, "Run")[1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    results = _results(at)
    assert len(results) == 1 and "42" in results[0] and "x is 2" not in results[0]  # block 1 ran, unshown
    assert any("no XP" in c.value for c in at.caption)
    assert _count(Submission) == 0 and _count(XpAward) == 0  # not an attempt, pays nothing


def test_try_it_edits_in_place_and_reset_brings_the_original_back(lesson_page):
    at = lesson_page()
    _buttons(at, "Try it")[1].click().run()
    area = at.text_area[0]
    assert area.value == "print(x * 21)"
    area.set_value("print(x * 100)").run()
    _buttons(at, "Run")[1].click().run()
    assert "200" in _results(at)[0]
    _buttons(at, "Reset")[0].click().run()
    assert at.text_area[0].value == "print(x * 21)"
    assert _results(at) == []  # the edited run's output goes with the edit


def test_an_error_is_told_with_its_line(lesson_page):
    at = lesson_page("ko")
    _buttons(at, "실행")[2].click().run()
    errors = [e.value for e in at.error]
    assert errors and "NameError" in errors[0] and "1번째 줄" in errors[0]


def test_runs_are_rate_limited_per_learner(lesson_page, monkeypatch):
    monkeypatch.setattr(lesson_code, "LIMITER", lesson_code.RunLimiter(per_window=1, window_s=60))
    at = lesson_page()
    _buttons(at, "Run")[0].click().run()
    assert "x is 2" in _results(at)[0]
    _buttons(at, "Run")[1].click().run()
    assert any("run again in" in w.value for w in at.warning)
