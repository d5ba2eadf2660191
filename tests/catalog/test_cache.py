"""load_catalog is cached by every file's (path, mtime, size): edits show without a restart, nothing else rebuilds."""
from __future__ import annotations

import os


def _touch_later(path) -> None:
    """Move mtime forward: some filesystems keep coarse timestamps, and a same-size edit needs a new one."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _basics(content):
    content.course("basics")
    lesson = content.lesson("basics", "01-a.md", "a", 1)
    content.exercise("ex", "a")
    content.write("lessons/basics/01-a.md", lesson.read_text(encoding="utf-8").replace("order: 1\n",
                                                                                      "order: 1\nexercises: [ex]\n"))
    return lesson


def test_warm_call_returns_the_same_object(content):
    _basics(content)
    assert content.load() is content.load()


def test_edited_lesson_shows_its_new_title(content):
    lesson = _basics(content)
    before = content.load()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("a 제목", "새 제목이에요"), encoding="utf-8")
    after = content.load()
    assert after is not before
    assert after.lesson("a").text("ko").title == "새 제목이에요"
    assert before.lesson("a").text("ko").title == "a 제목"  # a catalog already handed out never changes


def test_same_size_edit_is_seen_through_mtime(content):
    lesson = _basics(content)
    content.load()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("a 제목", "b 제목"), encoding="utf-8")
    _touch_later(lesson)
    assert content.load().lesson("a").text("ko").title == "b 제목"


def test_added_and_removed_lessons_show(content):
    _basics(content)
    assert [lesson.id for lesson in content.load().lessons] == ["a"]
    added = content.lesson("basics", "02-b.md", "b", 2)
    assert [lesson.id for lesson in content.load().lessons] == ["a", "b"]
    added.unlink()
    assert [lesson.id for lesson in content.load().lessons] == ["a"]


def test_added_translation_shows(content):
    _basics(content)
    assert "en" not in content.load().lesson("a").texts
    content.write("lessons/basics/01-a.en.md", "---\ntitle: English\n---\nBody\n")
    assert content.load().lesson("a").text("en").title == "English"


def test_edited_starter_and_new_exercise_folder_show(content):
    _basics(content)
    assert content.load().exercise("ex").starter.startswith("def f")
    starter = content.exercises_dir / "ex" / "starter.py"
    starter.write_text("# new starter\n", encoding="utf-8")
    assert content.load().exercise("ex").starter == "# new starter\n"
    (content.exercises_dir / "new").mkdir()
    assert [p.message for p in content.load().problems] == ["missing: every exercise folder needs an exercise.md"]


def test_fixing_a_broken_file_clears_its_problem(content):
    _basics(content)
    broken = content.write("lessons/basics/02-b.md", "---\nid: b\ntitle: B\norder: two\n---\n본문\n")
    assert len(content.load().problems) == 1
    broken.write_text("---\nid: b\ntitle: B\norder: 2\n---\n본문\n", encoding="utf-8")
    catalog = content.load()
    assert catalog.problems == []
    assert catalog.lesson("b").order == 2


def test_editor_swap_files_do_not_rebuild(content):
    _basics(content)
    before = content.load()
    content.write("lessons/basics/.01-a.md.swp", "junk")
    content.write("lessons/basics/01-a.md~", "junk")
    assert content.load() is before
