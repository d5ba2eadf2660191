"""Rendering every page never imports TensorFlow into the Streamlit process (checked in a clean interpreter)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter: other tests in this process may have imported TensorFlow already.
SCRIPT = textwrap.dedent("""
    import json, sys
    from streamlit.testing.v1 import AppTest
    from catalog import load_catalog

    import db
    from db.models import Learner
    from settings import get_settings

    visited, errors = [], []
    engine = db.make_engine(get_settings().database_url)
    db.upgrade(engine)
    with db.session_scope(engine) as session:  # drafts and instructor pages render only for staff
        teacher = Learner(kind="account", username="teacher", display_name="Teacher", role="instructor")
        session.add(teacher)
        session.flush()
        teacher_id = teacher.id
    engine.dispose()

    def render(page, staff=True, **query):
        at = AppTest.from_file("app.py", default_timeout=60)
        if staff:
            at.session_state["account_id"] = teacher_id
        for name, value in query.items():
            at.query_params[name] = value
        if page != "ui/pages/catalog.py":
            at.switch_page(page)
        at.run()
        visited.append(page + str(query))
        errors.extend(str(e.value) for e in at.exception)
        return at

    render("ui/pages/catalog.py", staff=False)
    render("ui/pages/catalog.py")
    render("ui/pages/instructor.py")
    render("ui/pages/authoring.py")
    render("ui/pages/lesson.py", lesson="no-such-lesson")
    ran_code = False
    for lesson in load_catalog().lessons:
        for lang in ("ko", "en"):
            at = render("ui/pages/lesson.py", lesson=lesson.id, lang=lang)
            complete = [b for b in at.button if b.key == "lesson_complete"]
            if complete and not complete[0].disabled:
                complete[0].click().run()
            runs = [b for b in at.button if (b.key or "").endswith(":run")]
            if runs and not ran_code:  # a lesson block runs in the sandbox, never in this process
                runs[0].click().run()
                ran_code = True
                errors.extend(str(e.value) for e in at.exception)
    heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("tensorflow", "keras"))
    print(json.dumps({"visited": visited, "errors": errors, "heavy": heavy[:5], "ran_code": ran_code}))
""")


def test_no_page_imports_tensorflow(tmp_path):
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(report["visited"]) >= 5  # catalog, instructor, authoring, unknown lesson, a lesson
    assert report["errors"] == []
    assert report["ran_code"]  # a lesson code block was run too
    assert report["heavy"] == [], f"the Streamlit process imported {report['heavy']}"
