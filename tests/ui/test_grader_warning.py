"""Staff pages warn while the running grader lacks a sandbox protection, and say nothing when it lacks none."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import db
import settings
from db.models import Learner
from ui import grading

REPO = Path(__file__).resolve().parents[2]


class Grader:
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing

    def protections_missing(self) -> list[str]:
        return self.missing


@pytest.fixture
def staff_page(tmp_path, monkeypatch):
    monkeypatch.setenv("STREAM_DATABASE_URL", f"sqlite:///{tmp_path / 'stream.db'}")
    settings.get_settings.cache_clear()
    engine = db.make_engine(settings.get_settings().database_url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:
        staff = Learner(kind="account", username="teacher", display_name="T", role="instructor")
        session.add(staff)
        session.flush()
        staff_id = staff.id
    engine.dispose()

    def open_page(page: str, missing: list[str]) -> AppTest:
        monkeypatch.setattr(grading, "service", lambda: Grader(missing))
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
        at.query_params["lang"] = "en"
        at.session_state["account_id"] = staff_id
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_page
    settings.get_settings.cache_clear()


@pytest.mark.parametrize("page", ["ui/pages/instructor.py", "ui/pages/analytics.py"])
def test_staff_see_which_protections_the_running_grader_lacks(staff_page, page):
    at = staff_page(page, ["no_new_privs", "seccomp"])
    warning = " ".join(w.value for w in at.warning)
    assert "lacks sandbox protections: no_new_privs, seccomp" in warning and "grader doctor" in warning
    assert not any("lacks sandbox protections" in w.value for w in staff_page(page, []).warning)
