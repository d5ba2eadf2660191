"""The exercise page as a learner uses it: statement, Run/Submit, verdicts, XP once, hints, solution, drafts."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

import db
from services.run_limit import RunLimiter
from ui.exercise import live
from db.models import Learner
import settings
from catalog import load_exercise
from grader import GraderPool
from grader.engine import MAX_CODE_BYTES
from services import exercises as exercise_service
from services import progress
from services.grading import GradingService, PoolHandle
from ui import grading
from ui.exercise.charts import build_chart, rows_in

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGE = "ui/pages/exercise.py"
# The first of these that exists is used, so the tests follow the content as it lands.
PREFERRED = ("clip-global-norm-step", "dqn-td-target", "tape-watch-persistent")
EXERCISE_ID = next(name for name in PREFERRED if (REPO / "exercises" / name / "exercise.md").is_file())
FOLDER = REPO / "exercises" / EXERCISE_ID
EXERCISE = load_exercise(FOLDER)
GRADE_TIMEOUT_S = 90


def _mistake() -> tuple[str, str]:
    """(code, diagnosis id) of a known wrong answer: per-tensor clipping where there is one, since it is wrong
    on the first hidden case too, the one the chart draws (always_scaled differs only where no clipping is due)."""
    paths = sorted((FOLDER / "mistakes").glob("*.py"))
    path = next((p for p in paths if p.stem == "per_tensor_clip"), paths[0])
    code = path.read_text(encoding="utf-8")
    return code, code.splitlines()[0].split(":", 1)[1].strip()


@pytest.fixture(scope="session")
def grader_pool() -> Iterator[PoolHandle]:
    """One warm pool for the whole session: starting TensorFlow costs seconds."""
    handle = PoolHandle(GraderPool(REPO / "exercises", workers=2))
    handle.start_in_background()
    yield handle
    handle.close()


@pytest.fixture
def open_exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  grader_pool: PoolHandle) -> Iterator[Callable[..., AppTest]]:
    """open_exercise(lang=..., exercise=...) runs the whole app on the exercise page with a fresh database."""
    monkeypatch.setenv("STREAM_DATABASE_URL", f"sqlite:///{tmp_path / 'db' / 'stream.db'}")
    monkeypatch.setenv("STREAM_PLAIN_EDITOR", "1")  # AppTest cannot drive the editor component
    for name in ("STREAM_EXERCISES_DIR", "STREAM_LESSONS_DIR", "STREAM_DEFAULT_LANG"):
        monkeypatch.delenv(name, raising=False)
    settings.get_settings.cache_clear()  # ui.data keys its engine by URL, so the new one is picked up
    # Each test's learner is id 1 of a fresh database: a run budget left over from another test is not theirs.
    monkeypatch.setattr(live, "RUN_LIMITER", RunLimiter())
    made: list[GradingService] = []

    def service() -> GradingService:
        # This test's database, the session's warm pool (the app would build both from settings).
        if not made:
            engine = db.make_engine(settings.get_settings().database_url)
            db.upgrade(engine)
            made.append(GradingService.from_settings(engine, settings.get_settings(), pool=grader_pool))
        return made[0]

    monkeypatch.setattr(grading, "service", service)

    def run(lang: str = "en", exercise: str = EXERCISE_ID) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = lang
        at.query_params["exercise"] = exercise
        at.switch_page(PAGE)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield run
    for service in made:
        service.close()
        service.engine.dispose()
    settings.get_settings.cache_clear()


def _read(query: Callable) -> int:
    """A fact from the page's database, read the way services do."""
    engine = db.make_engine(settings.get_settings().database_url)
    try:
        with db.session_scope(engine) as session:
            return query(session, progress.get_local_learner(session).id)
    finally:
        engine.dispose()


def _xp() -> int:
    return _read(progress.xp_total)


def _submissions() -> int:
    return _read(lambda session, learner: len(exercise_service.submission_history(session, learner, EXERCISE_ID)))


def texts(at: AppTest) -> str:
    """Everything a learner can read on the page, one element per line."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success", "code"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [element.label for element in at.button] + [element.label for element in at.status]
    return "\n".join(parts)


def press(at: AppTest, button: str, code: str | None = None) -> AppTest:
    if code is not None:
        at.text_area(key=f"ex:{EXERCISE_ID}:text").input(code)
    at.button(key=f"ex:{EXERCISE_ID}:{button}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open_submissions() -> int:
    """Ungraded submissions in this test's database, whoever made them (the local profile or an account)."""
    from sqlalchemy import func, select

    from db.models import Submission

    return _read(lambda session, _: session.scalar(select(func.count()).select_from(Submission)
                                                   .where(Submission.state != "done")))


def _runs_waiting(at: AppTest) -> bool:
    key = f"ex:{EXERCISE_ID}:runs"
    return key in at.session_state and any(not job.done for _, job in at.session_state[key])


def settle(at: AppTest) -> AppTest:
    """Wait until the stored submissions are graded (and this session's runs done), then rerun once, as the
    polling fragment would.

    Waiting outside the script matters: AppTest drops what a rerun requested by the fragment draws, so a
    job finishing during a run would lose its toast here (a browser shows it).
    """
    deadline = time.monotonic() + GRADE_TIMEOUT_S
    while _open_submissions() or _runs_waiting(at):
        assert time.monotonic() < deadline, [s.label for s in at.status]
        time.sleep(0.1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("…" in s.label or "queued" in s.label for s in at.status), [s.label for s in at.status]
    return at


def _latest_result():
    """The grader's stored result of the learner's newest submission."""
    learner = _read(lambda session, learner_id: learner_id)
    return grading.service().overview(learner, EXERCISE_ID)[1].result


HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")


def chart_specs(at: AppTest) -> list:
    """Each drawn chart's Vega-Lite spec; the bars' rows are inline in its layers, so it holds every label shown."""
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def learner_and_expected(spec: dict) -> tuple[list[float], list[float]]:
    """(the learner's values, the expected ones) of a verdict chart, in English labels."""
    rows = rows_in(spec, "en")
    yours = [r["value"] for r in rows if "your code" in r["series"]]
    expected = [r["value"] for r in rows if "expected" in r["series"]]
    return yours, expected


def toasts(at: AppTest) -> list[str]:
    return [toast.value for toast in at.toast]


def test_page_shows_statement_and_starter_code(open_exercise):
    at = open_exercise()
    text = EXERCISE.text("en")
    assert at.title[0].value == text.title
    assert any(text.statement.strip()[:40] in m.value for m in at.markdown)
    assert at.text_area(key=f"ex:{EXERCISE_ID}:text").value == EXERCISE.starter_in("en")
    assert not HANGUL.search(EXERCISE.starter_in("en"))  # English comments and prints (starter.en.py)
    assert {"Run", "Submit"} <= {b.label for b in at.button}
    assert f"{EXERCISE.xp} XP" in at.caption[0].value
    assert "Ctrl+Enter" not in texts(at)  # the plain text area has no shortcut to promise


def test_statement_and_editor_share_the_screen_with_the_buttons_below_the_code(open_exercise):
    at = open_exercise()
    statement, code = at.main.columns[:2]
    assert statement.title[0].value == EXERCISE.text("en").title and not statement.text_area
    assert code.text_area(key=f"ex:{EXERCISE_ID}:text")
    assert [b.label for b in code.button][:2] == ["Run", "Submit"]


def test_page_speaks_korean_by_default(open_exercise):
    at = open_exercise(lang="ko")
    assert at.title[0].value == EXERCISE.text("ko").title
    assert at.text_area(key=f"ex:{EXERCISE_ID}:text").value == EXERCISE.starter_in("ko")
    assert {"실행", "제출"} <= {b.label for b in at.button}


def test_unknown_exercise_says_so_and_leads_back(open_exercise):
    at = open_exercise(exercise="no-such-exercise")
    assert "There is no exercise 'no-such-exercise'" in at.info[0].value
    assert not at.text_area
    links = [link.proto for link in at.get("page_link")]
    assert [link.label for link in links] == ["← Back to courses"] and links[0].page == ""  # the home page


def test_wrong_code_gets_the_tailored_diagnosis_and_counts(open_exercise, grader_pool):
    code, diagnosis = _mistake()
    at = settle(press(open_exercise(), "submit", code))
    shown = texts(at)
    assert "Not yet" in shown and "✗" in shown
    # The page shows what the judge says for this very seed: replay it and compare the learner's diagnosis.
    assert "seed" not in shown and "python -m grader" not in shown  # a learner cannot run the grader's CLI
    seed = _latest_result().seed
    replay = grader_pool.pool.grade(EXERCISE_ID, code, "en", seed=seed, timeout=GRADE_TIMEOUT_S)
    assert diagnosis in replay.diagnosis_ids()
    expected = next(d.message for d in replay.diagnoses if d.id == diagnosis)
    assert expected.partition("\n\n")[0] in [w.value for w in at.warning]
    assert "1 graded attempt" in shown and _submissions() == 1
    assert _xp() == 0
    # The chart's legend speaks English only and sets the learner's numbers beside the expected ones.
    legends = chart_specs(at)
    drawn = json.dumps(legends, ensure_ascii=False)
    assert "your code" in drawn and "expected" in drawn and not HANGUL.search(drawn), drawn
    yours, expected = learner_and_expected(_latest_result().charts[0])
    assert yours and yours != pytest.approx(expected, rel=1e-3)  # a wrong answer shows as different bars
    # Staff can replay the hidden cases; the command is theirs only.
    _read(lambda session, learner: setattr(session.get(Learner, learner), "role", "instructor"))
    at.run()
    assert f"--seed {seed}" in texts(at)


def test_solution_passes_and_pays_xp_once(open_exercise):
    at = settle(press(open_exercise(), "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert "Passed" in at.success[0].value and "100%" in at.success[0].value
    paid = _xp()
    assert paid >= EXERCISE.xp  # the exercise's XP, plus whatever bonus the rules add on a first try
    assert f"+{paid} XP" in toasts(at)
    assert "✨" in [toast.icon for toast in at.toast if toast.value == f"+{paid} XP"]  # as a lesson's XP toast
    assert not [toast for toast in toasts(at) if HANGUL.search(toast)], toasts(at)  # the English page's toasts
    assert "Solved ✓" in texts(at)
    yours, expected = learner_and_expected(_latest_result().charts[0])
    assert yours and yours == pytest.approx(expected)  # a right answer's bars match the expected ones

    at = settle(press(at, "submit"))  # the same code again: a pass, but nothing more to earn
    assert "Passed" in at.success[0].value
    assert not [t for t in toasts(at) if "XP" in t]
    assert _xp() == paid
    assert "2 graded attempts" in texts(at)

    again = open_exercise()  # another tab, same learner: still paid once, and the code came back
    assert again.text_area(key=f"ex:{EXERCISE_ID}:text").value == (FOLDER / "solution.py").read_text()
    assert _xp() == paid


def test_a_signed_in_learner_works_on_their_account_not_on_this_machines_profile(open_exercise):
    at = open_exercise()
    engine = db.make_engine(settings.get_settings().database_url)
    try:
        with db.session_scope(engine) as session:
            account = Learner(kind="account", username="mina", display_name="Mina")
            session.add(account)
            session.flush()
            account_id = account.id
    finally:
        engine.dispose()
    at.session_state["account_id"] = account_id
    at = settle(press(at, "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert "Passed" in at.success[0].value
    assert _xp() == 0  # the machine's local profile earned nothing
    assert _read(lambda session, _: progress.xp_total(session, account_id)) >= EXERCISE.xp
    assert f"+{_read(lambda session, _: progress.xp_total(session, account_id))} XP" in toasts(at)


def test_a_pass_that_crosses_a_level_brings_balloons(open_exercise):
    at = open_exercise()
    # Earlier XP from a lesson, so this pass reaches the next level (bonuses only add to it).
    _read(lambda session, learner: progress.complete_lesson(session, learner, "some-lesson", 100 - EXERCISE.xp))
    at = settle(press(at, "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert "Level up! You are now level 1." in toasts(at)
    assert at.get("balloons")


def test_unlocked_achievements_are_toasted(open_exercise):
    from gamification.achievements import load_achievements

    at = settle(press(open_exercise(), "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    unlocked = _read(lambda session, learner: exercise_service.rewards_of_submission(
        session, exercise_service.submission_history(session, learner, EXERCISE_ID)[0].id).achievement_ids)
    assert unlocked, "a first pass unlocks at least one achievement"
    for achievement in load_achievements():
        if achievement.id in unlocked:
            # The same toast a lesson's achievement gets (ui/celebrate.py): its icon, then its name.
            assert f"Achievement unlocked: {achievement.icon} {achievement.name['en']}" in toasts(at)


def test_untouched_starter_is_not_attempted_and_not_counted(open_exercise):
    at = press(open_exercise(), "submit")
    assert any(i.value.startswith("**Not attempted**") for i in at.info)
    # The history shows what was just done: one submission, not counted.
    assert "No attempts yet." not in texts(at) and "0 graded attempts" in texts(at)
    assert _submissions() == 1 and _xp() == 0
    # The page's polite heading and the grader's casual nudge are two paragraphs, not one mixed sentence.
    ko = press(open_exercise(lang="ko"), "submit")
    (box,) = [i.value for i in ko.info if "시도하지 않았어요" in i.value]
    heading, _, nudge = box.partition("\n\n")
    assert heading == "**아직 시도하지 않았어요**" and nudge.startswith("아직 시작 코드 그대로야")


@pytest.mark.parametrize(("code", "expected"), [
    ("   \n", "The code is empty"),
    ("x = 1\n" * (MAX_CODE_BYTES // 6 + 10), f"limited to {MAX_CODE_BYTES:,} bytes"),
    ("def f(:\n    pass\n", "Syntax error"),
])
def test_bad_input_gets_a_clear_answer_and_is_not_an_attempt(open_exercise, code, expected):
    at = press(open_exercise(), "submit", code)
    assert expected in texts(at)
    assert "0 graded attempts" in texts(at) and _xp() == 0


def test_a_broken_paste_is_pointed_out_by_line(open_exercise):
    # Bytes that are not UTF-8 reach Streamlit as U+FFFD: the browser replaces them before sending.
    at = press(open_exercise(), "run", "x = 1\ny = '\ufffd'\n")
    assert any("Line 2 " in w.value and "\ufffd" in w.value for w in at.warning), [w.value for w in at.warning]


def test_size_limit_is_stated_under_the_editor(open_exercise):
    assert f"/ {MAX_CODE_BYTES:,} bytes" in texts(open_exercise())


def test_a_second_submit_while_grading_is_queued_not_lost(open_exercise):
    # Module-level sleep keeps the first submission busy while the second is pressed.
    code = _mistake()[0] + "\nimport time\ntime.sleep(3)\n"
    at = press(press(open_exercise(), "submit", code), "submit")
    assert "still being graded" in texts(at)
    labels = [s.label for s in at.status]
    assert any("Submission #1" in label for label in labels) and any("Submission #2" in label for label in labels), labels
    assert not at.success and "Not yet" not in texts(at)  # no earlier verdict poses as the current one
    settle(at)
    assert _submissions() == 2
    assert "2 graded attempts" in texts(at)


def test_run_shows_what_the_script_printed(open_exercise):
    at = settle(press(open_exercise(), "run", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert "Run output" in texts(at)
    assert at.code and at.code[0].value.strip()
    assert _submissions() == 0  # running is not an attempt


def test_hints_reveal_one_at_a_time_and_say_their_cost(open_exercise):
    hints = EXERCISE.text("en").hints
    assert len(hints) >= 2
    xp = EXERCISE.xp
    first_cost = xp - exercise_service.pass_xp(xp, 1, False)
    at = open_exercise()
    assert f"Show hint 1/{len(hints)} (−{first_cost} XP)" in [b.label for b in at.button]
    assert not any(hints[0] in i.value for i in at.info)

    at.button(key=f"ex:{EXERCISE_ID}:hint0").click().run()
    shown = [i.value for i in at.info]
    assert any(hints[0] in v for v in shown) and not any(hints[1] in v for v in shown)
    second_cost = exercise_service.pass_xp(xp, 1, False) - exercise_service.pass_xp(xp, 2, False)
    assert f"Show hint 2/{len(hints)} (−{second_cost} XP)" in [b.label for b in at.button]
    assert f"can still give you {exercise_service.pass_xp(xp, 1, False)} of {xp} XP" in texts(at)

    at = settle(press(at, "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert f"+{_xp()} XP" in toasts(at)
    assert "hints no longer cost XP" in texts(at)
    labels = [b.label for b in at.button]
    assert f"Show hint 2/{len(hints)} (free)" in labels and not [b for b in labels if "−0 XP" in b], labels


def test_solution_unlocks_after_three_failed_attempts_and_warns_about_xp(open_exercise):
    at = open_exercise()
    assert "The solution unlocks when you pass or after 3 failed graded attempts (0/3 so far)." in texts(at)
    assert not [b for b in at.button if b.label == "Show the solution"]
    at = settle(press(at, "submit", _mistake()[0]))
    assert "(1/3 so far)" in texts(at)
    for _ in range(2):  # two more failed attempts, recorded the way the page records them, minus the waiting
        _read(lambda session, learner: exercise_service.finish_submission(
            session, exercise_service.create_submission(session, learner, EXERCISE_ID, "x = 1").id,
            {"status": "fail", "gradable": True, "score": 0.0, "mode": "grade"}, EXERCISE.xp))
    at.run()
    at.button(key=f"ex:{EXERCISE_ID}:solution").click().run()
    assert "After you see the solution, this exercise gives no XP" in at.warning[-1].value
    at.button(key=f"ex:{EXERCISE_ID}:solution_yes").click().run()
    assert (FOLDER / "solution.py").read_text(encoding="utf-8").strip() in [c.value.strip() for c in at.code]

    at = settle(press(at, "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))
    assert "Passed" in at.success[0].value
    assert not [t for t in toasts(at) if "XP" in t]
    assert _xp() == 0


def test_run_shares_the_learners_run_budget_and_says_how_long_to_wait(open_exercise, monkeypatch):
    monkeypatch.setattr(live, "RUN_LIMITER", RunLimiter(per_window=1, window_s=60))
    at = press(open_exercise(), "run", "print('first')\n")
    assert not [w for w in at.warning if "ran code very often" in w.value]
    at = press(at, "run", "print('second')\n")
    assert [w.value for w in at.warning if "ran code very often" in w.value] == [
        "You ran code very often. Please run again in 60 s."]
    assert len(at.session_state[f"ex:{EXERCISE_ID}:runs"]) == 1  # the second run was not queued


def test_reset_brings_back_the_starter_and_saves_it(open_exercise):
    at = press(open_exercise(), "run", "print('my draft')\n")
    at.button(key=f"ex:{EXERCISE_ID}:reset").click().run()
    assert at.text_area(key=f"ex:{EXERCISE_ID}:text").value == EXERCISE.starter_in("en")
    assert open_exercise().text_area(key=f"ex:{EXERCISE_ID}:text").value == EXERCISE.starter_in("en")


def test_chart_draws_bars_and_the_threshold_rule():
    spec = {"kind": "grouped_bars", "title": "클리핑 전후", "title_en": "Before and after clipping",
            "rows": [{"group": "w", "series": "before", "value": 3.0}, {"group": "w", "series": "after", "value": 1.0}],
            "rule": 1.5, "rule_label": "clip_norm"}
    chart = build_chart(spec, "en").to_dict()
    assert chart["title"]["text"] == ["Before and after clipping"]
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in chart["layer"]]
    assert marks == ["bar", "rule", "text"]
    assert "clip_norm = 1.5" in str(chart)
    assert build_chart({**spec, "kind": "pie"}, "en") is None


def test_chart_labels_are_in_the_pages_language_only():
    spec = {"kind": "grouped_bars", "title": "변수별 norm", "title_en": "Norm per variable",
            "rows": [{"group": "w", "series": "정답", "series_en": "expected", "value": 1.0},
                     {"group": "w", "series": "내 코드", "series_en": "your code", "value": 2.0},
                     {"group": "b", "series": "clip 전 / before", "value": 3.0}]}  # an older two-language label
    assert [r["series"] for r in rows_in(spec, "en")] == ["expected", "your code", "before"]
    assert [r["series"] for r in rows_in(spec, "ko")] == ["정답", "내 코드", "clip 전"]
    assert "정답" not in json.dumps(build_chart(spec, "en").to_dict(), ensure_ascii=False)


# A fresh interpreter: other tests in this process may have imported TensorFlow already. It also goes through
# the real st.cache_resource pool that app starts in the background, not the test session's pool.
NO_TENSORFLOW_SCRIPT = textwrap.dedent("""
    import json, sys, time
    from streamlit.testing.v1 import AppTest

    exercise, solution = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
    at = AppTest.from_file("app.py", default_timeout=60)
    at.query_params["exercise"], at.query_params["lang"] = exercise, "en"
    at.switch_page("ui/pages/exercise.py")
    at.run()
    at.text_area(key=f"ex:{exercise}:text").input(solution)
    at.button(key=f"ex:{exercise}:submit").click().run()
    deadline = time.monotonic() + 120
    while any(s.label.endswith(("…", "in line")) for s in at.status) and time.monotonic() < deadline:
        time.sleep(0.3)
        at.run()
    heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("tensorflow", "keras"))
    print(json.dumps({"success": [s.value for s in at.success], "errors": [str(e.value) for e in at.exception],
                      "heavy": heavy[:5]}))
""")


def test_grading_from_the_page_never_imports_tensorflow_into_streamlit(tmp_path):
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}", "STREAM_PLAIN_EDITOR": "1",
           "STREAM_GRADER_WORKERS": "1"}
    done = subprocess.run([sys.executable, "-c", NO_TENSORFLOW_SCRIPT, EXERCISE_ID, str(FOLDER / "solution.py")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert any("Passed" in text for text in report["success"]), report
    assert report["heavy"] == [], f"the Streamlit process imported {report['heavy']}"


def _exercise_of_the_draft_lesson(content: Path, *, listed: bool) -> str:
    """Copy the test exercise as `draft-ex` of the draft lesson tf-gradients-03 (listed by it, or only naming it)."""
    import re
    import shutil

    folder = content / "exercises" / "draft-ex"
    shutil.copytree(content / "exercises" / "tape-watch-persistent", folder)
    text = (folder / "exercise.md").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: draft-ex", text, count=1, flags=re.M)
    text = re.sub(r"^lesson: .*$", "lesson: tf-gradients-03", text, count=1, flags=re.M)
    (folder / "exercise.md").write_text(text, encoding="utf-8")
    if listed:
        draft = content / "lessons" / "tf-gradients" / "03-draft.md"
        draft.write_text(draft.read_text(encoding="utf-8").replace("exercises: []", "exercises: [draft-ex]"),
                         encoding="utf-8")
    return "draft-ex"


@pytest.mark.parametrize("listed", [True, False], ids=["listed-by-the-draft", "naming-the-draft"])
def test_a_draft_lessons_exercise_is_not_found_for_learners_but_opens_for_instructors(open_page, open_page_as,
                                                                                      app_env, listed):
    exercise_id = _exercise_of_the_draft_lesson(app_env, listed=listed)
    title = load_exercise(app_env / "exercises" / exercise_id).text("en").title

    learner = open_page(PAGE, lang="en", exercise=exercise_id)
    assert "There is no exercise 'draft-ex'" in learner.info[0].value
    assert not learner.title and not learner.text_area  # neither the statement nor the editor leaks

    instructor = open_page_as("instructor", PAGE, lang="en", exercise=exercise_id)
    assert instructor.title[0].value == title
    assert not [i.value for i in instructor.info if "There is no exercise" in i.value]


def test_after_a_refresh_the_verdict_is_there_and_any_past_one_opens_again(open_exercise):
    code, diagnosis = _mistake()
    at = settle(press(open_exercise(), "submit", code))
    told = [w.value for w in at.warning]  # the diagnosis, as it was shown right after grading
    assert told
    settle(press(at, "submit", (FOLDER / "solution.py").read_text(encoding="utf-8")))

    again = open_exercise()  # a refresh: a new session, nothing kept in the browser
    assert "Passed" in again.success[0].value  # the current verdict, read from the stored row
    reopen = next(s for s in again.selectbox if s.label == "Open a past verdict")
    assert reopen.value is None
    reopen.select_index(len(reopen.options) - 1).run()  # the oldest: the failed attempt
    assert not again.exception, [e.value for e in again.exception]
    shown = [w.value for w in again.warning]
    assert all(message in shown for message in told), (told, shown)  # checks and diagnosis, whole
    assert "✗" in texts(again)


def test_the_plain_editor_choice_is_kept_for_the_next_page_load(open_exercise, monkeypatch):
    from ui import browser_session
    from ui.exercise import editor

    monkeypatch.delenv("STREAM_PLAIN_EDITOR")  # the real choice: component or text area
    at = open_exercise()
    code_key = f"ex:{EXERCISE_ID}:text"
    assert code_key not in [a.key for a in at.text_area] and at.toggle(key=editor.PLAIN_TOGGLE).value is False
    at.toggle(key=editor.PLAIN_TOGGLE).set_value(True).run()
    assert at.text_area(key=f"ex:{EXERCISE_ID}:text").value == EXERCISE.starter_in("en")
    # The browser is asked to keep it (read back from the cookie on the next load; the browser test reloads).
    cookie_ops = [(op, value, name) for op, _, value, name in at.session_state[browser_session._OPS]]
    assert ("set", "1", editor.PLAIN_COOKIE) in cookie_ops
    at.switch_page("ui/pages/catalog.py").run()
    at.switch_page(PAGE).run()  # the toggle was not drawn in between: the choice still holds
    assert at.text_area(key=f"ex:{EXERCISE_ID}:text")
