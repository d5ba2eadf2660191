"""Writing a lesson in the app: staff only, the learner's preview, the checker's file:line problems, publishing."""
from __future__ import annotations

from catalog import load_catalog
from tests.ui.conftest import CATALOG_PAGE, COURSE_YAML, lesson_file, texts

AUTHORING_PAGE = "ui/pages/authoring.py"
REFUSAL = "강사용 페이지예요. 강사 계정으로 로그인하면 열 수 있어요."

NEW_LESSON = """\
---
id: tf-gradients-04
title: "새로 쓴 레슨"
order: 4
tags: [tape]
xp: 15
minutes: 6
summary: "앱에서 쓴 레슨"
---
## 앱에서 쓴 제목

본문에 **굵은 글씨**가 있어.

```python title="미리보기 코드"
x = tf.constant(1.0)
```

!!! tip "미리보기 팁"
    박스 안의 글이야.
"""


def paste(at, text: str, slug: str | None = None):
    at.text_area(key="authoring:text").input(text).run()
    if slug is not None:  # the file name box appears once there is text
        at.text_input(key="authoring:slug").input(slug).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problem_lines(at) -> list[str]:
    return [line for code in at.code for line in code.value.splitlines() if ".md:" in line]


def test_learners_are_refused(open_page, open_page_as):
    for at in (open_page(AUTHORING_PAGE), open_page_as("learner", AUTHORING_PAGE)):
        assert [e.value for e in at.error] == [REFUSAL]
        assert not at.text_area


def test_preview_renders_the_pasted_lesson_as_learners_see_it(open_page_as):
    at = paste(open_page_as("instructor", AUTHORING_PAGE), NEW_LESSON)
    page = texts(at)
    assert "새로 쓴 레슨" in [title.value for title in at.title]
    assert "테스트 코스" in page and "~6분 · tape" in page
    assert "## 앱에서 쓴 제목\n\n본문에 **굵은 글씨**가 있어." in page
    assert "x = tf.constant(1.0)" in [code.value for code in at.code]
    assert "미리보기 코드 · python" in page
    assert "**미리보기 팁**\n\n박스 안의 글이야." in [info.value for info in at.info]
    assert not problem_lines(at)


def test_validation_errors_name_file_and_line_like_catalog_check(open_page_as, app_env, tmp_path):
    broken = NEW_LESSON.replace("xp: 15", "xp: lots").replace("summary:", "sumary:")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), broken, slug="written")
    shown = problem_lines(at)
    assert shown == [
        "lessons/tf-gradients/written.md:6: `xp` must be a whole number, not 'lots'",
        "lessons/tf-gradients/written.md:8: unknown key `sumary` (allowed: id, title, order, status, tags, xp, "
        "minutes, summary, exercises)",
    ]
    # The same file on disk gets the same messages from the loader, on the same lines.
    course = tmp_path / "check" / "lessons" / "tf-gradients"
    course.mkdir(parents=True)
    (course / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (course / "04-written.md").write_text(broken, encoding="utf-8")
    (tmp_path / "check" / "exercises").mkdir()
    loaded = load_catalog(tmp_path / "check" / "lessons", tmp_path / "check" / "exercises")
    assert [f"{p.line}: {p.message}" for p in loaded.problems if p.path.name == "04-written.md"] == \
        [line.split(":", 1)[1].strip() for line in shown]
    assert [title.value for title in at.title] == ["레슨 쓰기"]  # no preview of a lesson learners would not get


def test_unknown_exercise_and_taken_order_are_reported(open_page_as):
    text = NEW_LESSON.replace("order: 4", "order: 2").replace("minutes: 6", "minutes: 6\nexercises: [no-such]")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), text, slug="extra")
    assert problem_lines(at) == [
        "lessons/tf-gradients/02-extra.md:8: exercise 'no-such' does not exist (no exercises/no-such/exercise.md)",
        "lessons/tf-gradients/02-extra.md:4: order 2 is also used by lessons/tf-gradients/02-second.md",
    ]
    at.button(key="authoring:publish").click().run()
    assert "고칠 것이 남아 있어서 저장하지 않았어요. 입력한 내용은 그대로 있어요." in [e.value for e in at.error]
    assert at.text_area(key="authoring:text").value == text


def test_publish_writes_a_hand_written_file_and_the_catalog_shows_it(open_page, open_page_as, app_env):
    at = paste(open_page_as("instructor", AUTHORING_PAGE), NEW_LESSON.replace("\n", "\r\n"), slug="from-the-app")
    target = app_env / "lessons" / "tf-gradients" / "04-from-the-app.md"
    assert "새 파일로 저장해요: `lessons/tf-gradients/04-from-the-app.md`" in texts(at)
    at.button(key="authoring:publish").click().run()
    assert "`lessons/tf-gradients/04-from-the-app.md`에 저장했어요. 카탈로그에 바로 보여요." in texts(at)
    assert target.read_bytes() == NEW_LESSON.encode("utf-8")  # \n line ends, as a hand-written file
    lesson = load_catalog().lesson("tf-gradients-04")
    assert lesson.path == target and lesson.xp == 15
    learner = open_page(CATALOG_PAGE)
    assert "03 · 새로 쓴 레슨" in texts(learner)  # numbered among what learners see: the draft is hidden


def test_republishing_the_same_lesson_updates_its_file_without_a_confirm(open_page_as, app_env):
    first = app_env / "lessons" / "tf-gradients" / "01-first.md"
    text = lesson_file(1, title="고친 첫 레슨", body="고친 본문이에요.")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), text)
    assert "같은 레슨이라 `lessons/tf-gradients/01-first.md`를 새 내용으로 바꿔요." in texts(at)
    assert not at.checkbox
    at.button(key="authoring:publish").click().run()
    assert first.read_text(encoding="utf-8") == text
    assert load_catalog().lesson("tf-gradients-01").text("ko").title == "고친 첫 레슨"


def test_overwriting_another_lessons_file_needs_the_confirm(open_page_as, app_env):
    second = app_env / "lessons" / "tf-gradients" / "02-second.md"
    before = second.read_text(encoding="utf-8")
    text = NEW_LESSON.replace("order: 4", "order: 2")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), text, slug="second")
    assert "`lessons/tf-gradients/02-second.md`에는 다른 레슨(`tf-gradients-02`)이 있어요." in texts(at)
    at.button(key="authoring:publish").click().run()
    assert "다른 레슨의 파일을 덮어쓰려면 확인란을 먼저 체크해 주세요. 입력한 내용은 그대로 있어요." in \
        [e.value for e in at.error]
    assert second.read_text(encoding="utf-8") == before
    assert at.text_area(key="authoring:text").value == text  # nothing the instructor typed is lost

    at.checkbox(key="authoring:confirm").check().run()
    at.button(key="authoring:publish").click().run()
    assert second.read_text(encoding="utf-8") == text
    assert load_catalog().lesson("tf-gradients-04").path == second


def test_translation_is_written_next_to_its_lesson(open_page_as, app_env):
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.radio(key="authoring:lang").set_value("en").run()
    at.selectbox(key="authoring:base").set_value("tf-gradients-03").run()
    text = '---\ntitle: "Draft lesson"\n---\nThe English body.\n'
    paste(at, text)
    assert "Draft lesson" in [title.value for title in at.title]
    assert "초안이에요. 학습자에게는 보이지 않아요." in [w.value for w in at.warning]
    at.button(key="authoring:publish").click().run()
    written = app_env / "lessons" / "tf-gradients" / "03-draft.en.md"
    assert written.read_text(encoding="utf-8") == text
    assert load_catalog().lesson("tf-gradients-03").text("en").body == "The English body."


def test_a_translation_may_not_set_structural_keys(open_page_as):
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.radio(key="authoring:lang").set_value("en").run()
    paste(at, '---\ntitle: "First"\nxp: 5\n---\nBody\n')
    assert problem_lines(at) == [
        "lessons/tf-gradients/01-first.en.md:3: `xp` cannot be set in a translation: structural keys come from "
        "the Korean file; a translation may set only title and summary",
    ]


def test_an_uploaded_file_fills_the_box_and_previews(open_page_as):
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.file_uploader(key="authoring:upload").set_value(("04-new.md", NEW_LESSON.encode("utf-8"), "text/markdown"))
    at.run()
    assert at.text_area(key="authoring:text").value == NEW_LESSON
    assert "새로 쓴 레슨" in [title.value for title in at.title]


def test_a_file_that_is_not_utf8_is_refused_and_the_typed_text_stays(open_page_as):
    at = paste(open_page_as("instructor", AUTHORING_PAGE), NEW_LESSON)
    at.file_uploader(key="authoring:upload").set_value(("bad.md", "제목".encode("euc-kr"), "text/markdown"))
    at.run()
    assert "올린 파일을 UTF-8 텍스트로 읽을 수 없어요. UTF-8로 저장해서 다시 올려 주세요." in [e.value for e in at.error]
    assert at.text_area(key="authoring:text").value == NEW_LESSON


def test_an_exercise_listed_twice_is_reported_with_its_line_and_not_published(open_page_as, app_env):
    text = NEW_LESSON.replace("minutes: 6", "minutes: 6\nexercises: [tape-watch-persistent, tape-watch-persistent]")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), text, slug="twice")
    assert problem_lines(at) == [
        "lessons/tf-gradients/04-twice.md:8: exercise 'tape-watch-persistent' is listed twice",
    ]
    at.button(key="authoring:publish").click().run()
    assert "고칠 것이 남아 있어서 저장하지 않았어요. 입력한 내용은 그대로 있어요." in [e.value for e in at.error]
    assert not (app_env / "lessons" / "tf-gradients" / "04-twice.md").exists()
    # `catalog check` says the same of that file on disk, on the same line.
    (app_env / "lessons" / "tf-gradients" / "04-twice.md").write_text(text, encoding="utf-8")
    assert [f"{p.line}: {p.message}" for p in load_catalog().problems if p.path.name == "04-twice.md"] == [
        "8: exercise 'tape-watch-persistent' is listed twice"]


def test_a_new_lesson_may_list_an_exercise_written_for_it_before_it_was_published(open_page_as, app_env):
    import re
    import shutil

    exercises = app_env / "exercises"
    shutil.copytree(exercises / "tape-watch-persistent", exercises / "new-ex")
    main = exercises / "new-ex" / "exercise.md"
    text = re.sub(r"^id: .*$", "id: new-ex", main.read_text(encoding="utf-8"), count=1, flags=re.M)
    main.write_text(re.sub(r"^lesson: .*$", "lesson: tf-gradients-04", text, count=1, flags=re.M), encoding="utf-8")
    assert "new-ex" not in load_catalog().exercises  # its lesson is not there yet, so the catalog holds it back

    lesson = NEW_LESSON.replace("minutes: 6", "minutes: 6\nexercises: [new-ex]")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), lesson, slug="with-exercise")
    assert not problem_lines(at)
    at.button(key="authoring:publish").click().run()
    assert "`lessons/tf-gradients/04-with-exercise.md`에 저장했어요. 카탈로그에 바로 보여요." in texts(at)
    catalog = load_catalog()
    assert catalog.problems == []
    assert catalog.lesson("tf-gradients-04").exercises == ("new-ex",)
    assert catalog.exercise("new-ex").lesson == "tf-gradients-04"


def test_overwriting_another_lesson_takes_its_english_text_away_too(open_page_as, app_env):
    course = app_env / "lessons" / "tf-gradients"
    old_english = course / "02-second.en.md"
    assert old_english.is_file()
    text = NEW_LESSON.replace("order: 4", "order: 2")
    at = paste(open_page_as("instructor", AUTHORING_PAGE), text, slug="second")
    warning = " ".join(w.value for w in at.warning)
    assert "`lessons/tf-gradients/02-second.md`에는 다른 레슨(`tf-gradients-02`)이 있어요." in warning
    assert "그 레슨의 번역 `lessons/tf-gradients/02-second.en.md`도 지워요." in warning  # named, as it goes too
    at.checkbox(key="authoring:confirm").check().run()
    at.button(key="authoring:publish").click().run()
    assert (course / "02-second.md").read_text(encoding="utf-8") == text
    assert not old_english.exists()
    lesson = load_catalog().lesson("tf-gradients-04")
    # No translation yet: English readers get the new Korean text, not the old lesson's English one.
    assert lesson.text("en").title == "새로 쓴 레슨"
    assert "Second lesson on clipping" not in [l.text("en").title for l in load_catalog().lessons]
