"""catalog.publish: the in-app publish agrees with the loader, and a replacement takes the old translation along."""
from __future__ import annotations

import pytest

from catalog import publish


def _plan(content, text: str, slug: str = ""):
    catalog = content.load()
    course = catalog.course("basics")
    checked = publish.validate_lesson_text(text, course.path / "lesson.md", course.id)
    assert checked.lesson is not None, checked.problems
    return publish.plan_lesson(catalog, course, checked, slug)


@pytest.fixture
def basics(content):
    content.course("basics")
    content.lesson("basics", "01-first.md", "basics-01", 1)
    content.write("lessons/basics/01-first.en.md", '---\ntitle: "Old English title"\n---\nOld English body.\n')
    return content


NEW = '---\nid: basics-new\ntitle: "새 레슨"\norder: {order}\nexercises: {exercises}\n---\n새 본문\n'


def test_an_exercise_listed_twice_blocks_publish_with_its_line(basics):
    basics.exercise("ex", "basics-new")
    text = NEW.format(order=2, exercises="\n  - ex\n  - ex")
    plan = _plan(basics, text, "new")
    assert [(p.line, p.message) for p in plan.problems] == [(7, "exercise 'ex' is listed twice")]
    with pytest.raises(publish.PublishRefused, match="listed twice"):
        publish.publish(plan, text)
    # What the loader says of the same file on disk, on the same line.
    basics.write("lessons/basics/02-new.md", text)
    assert [(p.line, p.message) for p in basics.load().problems if p.path.name == "02-new.md"] == [
        (7, "exercise 'ex' is listed twice")]


def test_an_exercise_naming_the_unpublished_lesson_may_be_listed(basics):
    basics.exercise("ex", "basics-new")
    assert "ex" not in basics.load().exercises  # held back until its lesson exists
    text = NEW.format(order=2, exercises="[ex]")
    plan = _plan(basics, text, "new")
    assert plan.problems == []
    publish.publish(plan, text)
    catalog = basics.load()
    assert catalog.problems == [] and catalog.lesson("basics-new").exercises == ("ex",)
    assert _plan(basics, NEW.format(order=2, exercises="[nope]"), "new").problems[0].message == (
        "exercise 'nope' does not exist (no exercises/nope/exercise.md)")


def test_replacing_another_lesson_removes_its_translation(basics):
    text = NEW.format(order=1, exercises="[]")
    plan = _plan(basics, text, "first")
    assert plan.replaces == "basics-01"
    assert [path.name for path in plan.stale] == ["01-first.en.md"]
    with pytest.raises(publish.PublishRefused, match="its translation lessons/basics/01-first.en.md"):
        publish.publish(plan, text)
    publish.publish(plan, text, confirmed=True)
    folder = basics.lessons_dir / "basics"
    assert sorted(path.name for path in folder.iterdir()) == ["01-first.md", "course.yaml"]
    lesson = basics.load().lesson("basics-new")
    assert lesson.text("en").title == "새 레슨"  # falls back to Korean, not the old lesson's English


def test_a_failed_replacement_keeps_the_old_lesson_whole(basics, monkeypatch):
    before = (basics.lessons_dir / "basics" / "01-first.md").read_text(encoding="utf-8")
    plan = _plan(basics, NEW.format(order=1, exercises="[]"), "first")

    def full_disk(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "write_atomically", full_disk)
    with pytest.raises(OSError):
        publish.publish(plan, NEW.format(order=1, exercises="[]"), confirmed=True)
    folder = basics.lessons_dir / "basics"
    assert sorted(path.name for path in folder.iterdir()) == ["01-first.en.md", "01-first.md", "course.yaml"]
    assert (folder / "01-first.md").read_text(encoding="utf-8") == before
    assert basics.load().lesson("basics-01").text("en").title == "Old English title"
