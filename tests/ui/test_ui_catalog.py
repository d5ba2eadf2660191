"""The catalog page: courses, lessons in order, progress, search and tag filter, drafts and broken files."""
from __future__ import annotations

import db
from services import progress
from tests.ui.conftest import CATALOG_PAGE, lesson_file, texts


CONTINUE_LABELS = ("레슨 열기", "Open the lesson", "연습 문제 풀기", "Solve the exercise")
DONE_ICON = ":material/check_circle:"


def lesson_links(at) -> list[str]:
    """The course cards' lesson links, a done one marked " ✓" (the page draws a check icon)."""
    return [link.proto.label + (" ✓" if link.proto.icon == DONE_ICON else "") for link in at.get("page_link")
            if "lesson=" in link.proto.query_string and link.proto.label not in CONTINUE_LABELS]


def continue_link(at):
    (link,) = [link for link in at.get("page_link") if link.proto.label in CONTINUE_LABELS]
    return link.proto


def test_lists_course_and_published_lessons_in_order_in_korean(open_page):
    at = open_page(CATALOG_PAGE)
    page = texts(at)
    assert "학습 홈" in [title.value for title in at.title]
    assert "테스트 코스" in page and "화면 테스트용 작은 코스." in page
    assert lesson_links(at) == ["01 · 첫 번째 레슨", "02 · 두 번째 레슨"]
    assert "~7분 · tape, basics" in page
    assert "레슨 0/2 완료" in page
    assert "초안 레슨" not in page  # drafts are hidden from learners


def test_english(open_page):
    at = open_page(CATALOG_PAGE, lang="en")
    page = texts(at)
    assert "Home" in [title.value for title in at.title]
    assert "Test course" in page
    assert lesson_links(at) == ["01 · First lesson", "02 · Second lesson on clipping"]
    assert "~11 min · clipping" in page
    assert "0/2 lessons done" in page


def test_search_matches_korean_and_english_titles(open_page):
    at = open_page(CATALOG_PAGE)
    at.text_input(key="catalog_search").input("두 번째").run()
    assert lesson_links(at) == ["02 · 두 번째 레슨"]
    # Still in Korean, an English word finds the lesson by its English title.
    at.text_input(key="catalog_search").input("clipping").run()
    assert lesson_links(at) == ["02 · 두 번째 레슨"]
    at.text_input(key="catalog_search").input("없는 제목").run()
    assert lesson_links(at) == []
    assert "조건에 맞는 레슨이 없어요" in texts(at)


def test_tag_filter(open_page):
    at = open_page(CATALOG_PAGE)
    assert at.multiselect(key="catalog_tags").options == ["basics", "clipping", "tape"]  # no draft tags
    at.multiselect(key="catalog_tags").select("tape").run()
    assert lesson_links(at) == ["01 · 첫 번째 레슨"]


def test_completed_lesson_is_ticked_and_counted(open_page, engine):
    with db.session_scope(engine) as session:
        learner = progress.get_local_learner(session)
        progress.complete_lesson(session, learner.id, "tf-gradients-02", 20, None)
    at = open_page(CATALOG_PAGE)
    assert lesson_links(at) == ["01 · 첫 번째 레슨", "02 · 두 번째 레슨 ✓"]
    assert "레슨 1/2 완료" in texts(at)
    assert [bar.proto.value for bar in at.main.get("progress")][-1] == 50  # the course card's bar


def test_drafts_shown_and_marked_to_an_instructor(open_page_as):
    at = open_page_as("instructor", CATALOG_PAGE)
    assert lesson_links(at)[-1] == "03 · [초안] 초안 레슨"
    assert "레슨 0/2 완료" in texts(at)  # a draft never counts toward progress


def test_broken_lesson_file_leaves_the_good_ones(open_page, open_page_as, app_env):
    course = app_env / "lessons" / "tf-gradients"
    (course / "04-broken.md").write_text("---\nid: tf-gradients-04\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    (course / "05-no-xp.md").write_text(lesson_file(5, title="망가진 레슨").replace("xp: 10\n", "xp: lots\n"),
                                        encoding="utf-8")
    at = open_page(CATALOG_PAGE)
    assert lesson_links(at) == ["01 · 첫 번째 레슨", "02 · 두 번째 레슨"]
    assert not at.expander  # learners never see content problems

    at = open_page_as("instructor", CATALOG_PAGE)
    problems = [e for e in at.expander if e.label.startswith("콘텐츠 문제")]
    assert len(problems) == 1
    listed = problems[0].code[0].value
    assert "04-broken.md:" in listed and "05-no-xp.md:" in listed


def test_empty_catalog_says_so(open_page, app_env):
    for path in (app_env / "lessons" / "tf-gradients").glob("*.md"):
        path.unlink()
    at = open_page(CATALOG_PAGE)
    assert "아직 공개된 코스가 없어요." in texts(at)


def test_broken_course_file_does_not_break_the_page(open_page, app_env):
    (app_env / "lessons" / "tf-gradients" / "course.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    at = open_page(CATALOG_PAGE)  # open_page asserts no exception
    assert "아직 공개된 코스가 없어요." in texts(at)
    assert at.sidebar.markdown[0].value.startswith("**레벨 0**")


def test_home_says_where_to_continue_and_how_today_goes(open_page, engine):
    at = open_page(CATALOG_PAGE, lang="en")
    page = texts(at)
    assert "Start here" in page and continue_link(at).label == "Open the lesson"
    assert "lesson=tf-gradients-01" in continue_link(at).query_string
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Today's goal": "0/20 XP", "Streak": "0 days"}  # the default goal is 20 XP
    with db.session_scope(engine) as session:
        learner = progress.get_local_learner(session)
        progress.complete_lesson(session, learner.id, "tf-gradients-01", 10, None)
    at = open_page(CATALOG_PAGE, lang="en")
    page = texts(at)
    assert "Continue where you left off" in page  # lesson 1 is read: its exercise comes before lesson 2
    assert continue_link(at).label == "Solve the exercise"
    assert "exercise=tape-watch-persistent" in continue_link(at).query_string
    assert {m.label: m.value for m in at.metric} == {"Today's goal": "10/20 XP", "Streak": "1 day"}
    assert "You learned today ✓" in page


def test_search_finds_tags_and_summaries_not_only_titles(open_page):
    at = open_page(CATALOG_PAGE)
    at.text_input(key="catalog_search").input("basics").run()  # a tag of lesson 1 only
    assert lesson_links(at) == ["01 · 첫 번째 레슨"]


def test_the_tag_filter_speaks_the_pages_language(open_page):
    at = open_page(CATALOG_PAGE)
    assert at.multiselect(key="catalog_tags").placeholder == "태그를 골라 주세요"


def test_every_example_in_the_search_placeholder_finds_a_lesson():
    # The placeholder suggested "클리핑", which found nothing; each suggested query must find something.
    from pathlib import Path

    from catalog import load_catalog
    from ui import data
    from ui.i18n import strings

    repo = Path(__file__).resolve().parents[2]
    lessons = load_catalog(repo / "lessons", repo / "exercises").lessons
    for lang in ("ko", "en"):
        examples = strings(lang)["catalog.search_placeholder"].split(")", 1)[-1].replace("e.g.", "").split(",")
        for query in (e.strip() for e in examples):
            assert query and any(data.matches(lesson, query, []) for lesson in lessons), (lang, query)
