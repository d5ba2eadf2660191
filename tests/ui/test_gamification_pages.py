"""Profile, achievements and leaderboard pages: they render in ko and en, and show what the learner earned."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import db
from services import exercises, history, progress
from tests.ui.conftest import EXERCISE_ID, LESSON_PAGE, REPO, texts

PROFILE_PAGE = "ui/pages/profile.py"
ACHIEVEMENTS_PAGE = "ui/pages/achievements.py"
LEADERBOARD_PAGE = "ui/pages/leaderboard.py"


@pytest.fixture(autouse=True)
def fresh_history():
    history.clear_cache()
    yield
    history.clear_cache()


def complete_first_lesson(at: AppTest) -> AppTest:
    """Mark lesson 1 complete the way a learner does, in this AppTest's session."""
    at.switch_page(LESSON_PAGE)
    at.query_params["lesson"] = "tf-gradients-01"
    at.run()
    at.button(key="lesson_complete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def chart_rows(at: AppTest, index: int) -> list[dict]:
    """The rows a chart was given (Altair's data travels as Arrow bytes next to the spec)."""
    [dataset] = at.get("vega_lite_chart")[index].proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


# -- profile ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", ["내 프로필", "연속 학습", "현재 연속", "최장 연속", "스트릭 프리즈", "하루 목표", "오늘 0/20 XP",
            "XP 추이", "학습 달력", "코스별 진도", "통과까지 걸린 시도", "아직 받은 XP가 없어요",
            "아직 통과한 연습 문제가 없어요."]),
    ("en", ["Your profile", "Streak", "Current streak", "Longest streak", "Streak freezes", "Daily goal",
            "0/20 XP today", "XP over time", "Activity", "Completion per course", "Attempts to pass", "No XP yet",
            "No exercises passed yet."]),
])
def test_profile_page_renders_its_sections_for_a_newcomer(open_page, lang, expected):
    at = open_page(PROFILE_PAGE, lang=lang)
    page = texts(at) + "\n" + "\n".join(m.label for m in at.metric)
    for text in expected:
        assert text in page, text
    assert charts(at) == 2  # calendar and courses; XP and attempts say they are empty instead of bare axes
    assert at.segmented_control(key="profile_goal").value == 20


def pass_exercise_after_a_fail(engine) -> None:
    """Two graded submissions of the lesson's exercise, as the exercise page records them."""
    with db.session_scope(engine) as session:
        learner_id = progress.get_local_learner(session).id
    for status in ("fail", "pass"):
        with db.session_scope(engine) as session:
            submission_id = exercises.create_submission(session, learner_id, EXERCISE_ID, "code").id
        with db.session_scope(engine) as session:
            exercises.finish_submission(session, submission_id, {"status": status, "gradable": True}, 15)


def test_profile_after_a_lesson_and_an_exercise_draws_all_four_charts(open_page, engine):
    at = complete_first_lesson(open_page(PROFILE_PAGE))
    pass_exercise_after_a_fail(engine)
    at = go(at, PROFILE_PAGE)
    assert [m.value for m in at.metric][:2] == ["1일", "1일"]
    assert "오늘 25/20 XP" in texts(at)  # 10 for the lesson, 15 for the exercise
    assert "오늘도 학습했어요 ✓" in texts(at)
    assert "아직 받은 XP가 없어요" not in texts(at)
    assert charts(at) == 4
    assert [row["xp"] for row in chart_rows(at, 0)] == [10, 25]  # XP over time, cumulative
    calendar = chart_rows(at, 1)
    assert len(calendar) % 7 == 0 and [row["xp"] for row in calendar if row["active"]] == [25]
    assert [(row["course"], row["percent"]) for row in chart_rows(at, 2)] == [("테스트 코스", 50)]
    assert chart_rows(at, 3) == [{"exercise": "persistent tape 하나로 gradient 두 개 구하기", "attempts": 2}]


def test_changing_the_daily_goal_is_saved_and_can_meet_it(open_page, engine):
    at = complete_first_lesson(open_page(PROFILE_PAGE))
    at = go(at, PROFILE_PAGE)
    at.segmented_control(key="profile_goal").set_value(10).run()
    assert not at.exception
    assert "오늘 10/10 XP" in texts(at)
    assert "오늘 목표를 달성했어요! 🎉" in texts(at)
    with db.session_scope(engine) as session:
        assert progress.get_local_learner(session).daily_goal == 10


# -- achievements -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", ["업적", "0/17개 달성", "첫 페이지", "첫 레슨을 끝까지 읽으세요.", "브론즈 · 잠김", "골드 · 잠김",
            "0/3일", "레벨 0/5", "학습자의 0%가 달성"]),
    ("en", ["Achievements", "0/17 unlocked", "First Page", "Finish your first lesson.", "Bronze · Locked",
            "Gold · Locked", "0/3 days", "Level 0/5", "0% of learners have it"]),
])
def test_achievements_page_lists_all_seventeen_locked_at_first(open_page, lang, expected):
    at = open_page(ACHIEVEMENTS_PAGE, lang=lang)
    page = texts(at)
    for text in expected:
        assert text in page, text
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert len(headings) == 17 and all("🔒" in h for h in headings)


def test_completing_a_lesson_unlocks_first_page_on_the_achievements_page(open_page):
    at = complete_first_lesson(open_page(ACHIEVEMENTS_PAGE))
    today = datetime.now(timezone.utc).date().isoformat()  # awarded "now"; a run across midnight UTC is unlikely
    at = go(at, ACHIEVEMENTS_PAGE)
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert "### 📖 첫 페이지" in headings  # no lock any more
    assert "### 🔒 ✅ 첫 초록불" in headings
    page = texts(at)
    assert "1/17개 달성" in page
    assert f"브론즈 · 달성 · {today}" in page
    assert "학습자의 100%가 달성" in page  # the only learner has it
    assert "1/3일" in page  # streak progress moved too
    assert "**레벨 0** · 10 XP · 레슨 1/2 · 업적 1/17" in at.sidebar.markdown[0].value  # the header agrees


# -- leaderboard ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", ["주간 리더보드", "매주 월요일 0시(Asia/Seoul)에 새로 시작해요", "참여하면 이번 주에 받은 XP로",
            "상위 30명", "이번 주에는 아직 XP를 받은 참가자가 없어요.", "참여하기"]),
    ("en", ["Weekly leaderboard", "Starts over every Monday 00:00 (Asia/Seoul)", "Join to rank against",
            "Top 30", "No one on the leaderboard has earned XP this week yet.", "Join"]),
])
def test_leaderboard_page_invites_to_join(open_page, lang, expected):
    at = open_page(LEADERBOARD_PAGE, lang=lang)
    page = texts(at)
    for text in expected:
        assert text in page, text
    assert not at.dataframe


def test_joining_puts_me_on_the_board_under_my_name_and_leaving_takes_me_off(open_page):
    at = complete_first_lesson(open_page(LEADERBOARD_PAGE))
    at = go(at, LEADERBOARD_PAGE)
    at.text_input(key="leaderboard_name").set_value("  ").run()
    at.button(key="leaderboard_join").click().run()
    assert "표시 이름을 입력해 주세요." in texts(at)

    at.text_input(key="leaderboard_name").set_value("Mina").run()
    at.button(key="leaderboard_join").click().run()
    assert not at.exception
    assert "**Mina** 이름으로 참여 중이에요." in texts(at)
    table = at.dataframe[0].value
    assert table.to_dict("records") == [{"순위": 1, "이름": "⭐ Mina", "이번 주 XP": 10}]
    assert "내 순위: 1위 · 10 XP" in texts(at)

    at.button(key="leaderboard_leave").click().run()
    assert not at.dataframe and "참여하면 이번 주에 받은 XP로" in texts(at)


# -- the helper other pages call --------------------------------------------------------------------------

def _celebration_page():
    from gamification import ACHIEVEMENTS, Award
    from services.rewards import Rewards
    from ui.celebrate import celebrate

    by_id = {a.id: a for a in ACHIEVEMENTS}
    celebrate(Rewards(awards=(Award("exercise:x", 20, "exercise"), Award("first_try:x", 5, "first_try")),
                      achievements=(by_id["first_pass"], by_id["all_courses"]), xp_before=90, xp_after=115,
                      recorded=True))


def test_celebrate_toasts_the_xp_and_throws_balloons_for_a_level_up_and_each_achievement():
    at = AppTest.from_function(_celebration_page)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert [toast.value for toast in at.toast] == [
        "+25 XP", "Level up! You are now level 1.", "Achievement unlocked: ✅ First Green",
        "Achievement unlocked: 🗺️ Grand Tour",
    ]
    assert len(at.get("balloons")) == 3  # level-up, and one per achievement


def test_the_gamification_pages_never_import_tensorflow(tmp_path):
    # A fresh interpreter: other tests in this process may have imported TensorFlow already.
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"for page in {[PROFILE_PAGE, ACHIEVEMENTS_PAGE, LEADERBOARD_PAGE]!r}:\n"
        "    at = AppTest.from_file('app.py', default_timeout=60)\n"
        "    at.switch_page(page)\n"
        "    at.run()\n"
        "    assert not at.exception, [e.value for e in at.exception]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))[:3])\n"
    )
    env = {**os.environ, "STREAM_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _xp_axis(points):
    from services.profile import XpPoint
    from ui import profile_charts

    spec = profile_charts.xp_over_time([XpPoint(at, total) for at, total in points]).to_dict()
    return spec["encoding"]["x"]


def test_the_xp_axis_reads_as_times_on_day_one_and_as_dates_later():
    from datetime import datetime, timedelta

    start = datetime(2026, 5, 4, 6, 10)
    one_day = _xp_axis([(start, 10), (start + timedelta(minutes=15), 25)])
    assert one_day["axis"]["format"] == "%H:%M" and one_day["title"] == "시각 (2026-05-04)"
    weeks = _xp_axis([(start, 10), (start + timedelta(days=9), 60)])
    assert weeks["axis"]["format"] == "%m-%d" and weeks["axis"]["tickMinStep"] == 24 * 3600 * 1000
    assert weeks["title"] == "날짜"
