"""Each kind of broken file gives the instructor `file:line: message` and leaves the good lessons loading."""
from __future__ import annotations

import pytest

from tests.catalog.conftest import problem_lines

GOOD_ID = "basics-01"

# (file to write under lessons/basics/, its text, the exact problem line)
BROKEN_LESSONS = [
    pytest.param("02-bad.md", "# 제목만 있어요\n",
                 "lessons/basics/02-bad.md:1: no front matter: the file must start with a line '---', "
                 "then `key: value` lines, then another '---'", id="no-front-matter"),
    pytest.param("02-bad.md", "---\nid: basics-02\norder: 2\n본문\n",
                 "lessons/basics/02-bad.md:1: front matter is not closed: add a line '---' after the last key",
                 id="unclosed-front-matter"),
    pytest.param("02-bad.md", "---\nid: basics-02\norder: 2\ntitle: [안 닫힌 목록\n---\n본문\n",
                 "lessons/basics/02-bad.md:4: bad YAML in front matter: did not find expected ',' or ']' "
                 "(while parsing a flow sequence)", id="bad-yaml"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: \"안 닫힌 따옴표\norder: 2\n---\n본문\n",
                 "lessons/basics/02-bad.md:3: bad YAML in front matter: found unexpected end of stream "
                 "(while scanning a quoted scalar)", id="unclosed-quote"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\n- 목록\n---\n본문\n",
                 "lessons/basics/02-bad.md:4: bad YAML in front matter: did not find expected key "
                 "(while parsing a block mapping that starts on line 2)", id="bad-yaml-block"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\n  order: 2\n---\n본문\n",
                 "lessons/basics/02-bad.md:4: bad YAML in front matter: mapping values are not allowed in this context",
                 id="bad-yaml-indent"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\nxp: lots\n---\n본문\n",
                 "lessons/basics/02-bad.md:5: `xp` must be a whole number, not 'lots'", id="wrong-type"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\nxp: -5\n---\n본문\n",
                 "lessons/basics/02-bad.md:5: `xp` must be at least 0, not -5", id="negative-xp"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: \"2\"\n---\n본문\n",
                 "lessons/basics/02-bad.md:4: `order` must be a whole number, not '2'", id="quoted-number"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\nstatus: done\n---\n본문\n",
                 "lessons/basics/02-bad.md:5: `status` must be one of 'draft' or 'published', not 'done'",
                 id="bad-status"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\ntags:\n  - ok\n  - 3\n---\n본문\n",
                 "lessons/basics/02-bad.md:7: `tags[1]` must be text, not 3 (put it in quotes)", id="bad-list-item"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\nauther: kim\n---\n본문\n",
                 "lessons/basics/02-bad.md:5: unknown key `auther` (allowed: id, title, order, status, tags, xp, "
                 "minutes, summary, exercises)", id="extra-key"),
    pytest.param("02-bad.md", "---\nid: basics-02\norder: 2\n---\n본문\n",
                 "lessons/basics/02-bad.md:1: `title` is missing", id="missing-title"),
    pytest.param("02-bad.md", "---\nid: Basics 02\ntitle: 제목\norder: 2\n---\n본문\n",
                 "lessons/basics/02-bad.md:2: `id` must be lowercase letters, digits and '-' (like tf-basics-01), "
                 "not 'Basics 02'", id="bad-id"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 하나\norder: 2\ntitle: 둘\n---\n본문\n",
                 "lessons/basics/02-bad.md:5: `title` is set twice (first on line 3)", id="duplicate-key"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\nexercises:\n  - no-such\n---\n본문\n",
                 "lessons/basics/02-bad.md:6: exercise 'no-such' does not exist (no exercises/no-such/exercise.md)",
                 id="unknown-exercise"),
    pytest.param("02-bad.md", "---\nid: basics-02\ntitle: 제목\norder: 2\n---\n\n",
                 "lessons/basics/02-bad.md:1: the lesson has no text below the front matter", id="empty-body"),
    pytest.param("lesson-two.md", "---\nid: basics-02\ntitle: 제목\norder: 2\n---\n본문\n",
                 "lessons/basics/lesson-two.md:1: not a lesson file name: use NN-slug.md (like 01-tensors.md), "
                 "and NN-slug.en.md for its English translation", id="bad-file-name"),
    pytest.param("03-orphan.en.md", "---\ntitle: Orphan\n---\nBody\n",
                 "lessons/basics/03-orphan.en.md:1: translation without a Korean lesson: 03-orphan.md is missing",
                 id="translation-without-korean"),
]


@pytest.mark.parametrize(("name", "text", "expected"), BROKEN_LESSONS)
def test_broken_lesson_is_reported_and_left_out(content, name, text, expected):
    content.course("basics")
    content.lesson("basics", "01-good.md", GOOD_ID, 1)
    content.write(f"lessons/basics/{name}", text)
    catalog = content.load()
    assert problem_lines(catalog, content) == [expected]
    assert [lesson.id for lesson in catalog.course("basics").lessons] == [GOOD_ID]


def test_problem_str_is_path_line_message(content):
    content.course("basics")
    path = content.write("lessons/basics/01-a.md", "---\nid: a\norder: 1\n---\n본문\n")
    problem = content.load().problems[0]
    assert (problem.path, problem.line) == (path, 1)
    assert str(problem) == f"{path}:1: `title` is missing"


def test_several_field_errors_are_all_reported(content):
    content.course("basics")
    content.write("lessons/basics/01-a.md", "---\nid: a\ntitle: 3\norder: 0\nxp: 1.5\n---\n본문\n")
    assert problem_lines(content.load(), content) == [
        "lessons/basics/01-a.md:3: `title` must be text, not 3 (put it in quotes)",
        "lessons/basics/01-a.md:4: `order` must be at least 1, not 0",
        "lessons/basics/01-a.md:5: `xp` must be a whole number, not 1.5",
    ]


def test_duplicate_id_names_both_files_and_drops_both(content):
    content.course("basics", order=1)
    content.course("advanced", order=2)
    content.lesson("basics", "01-a.md", "shared", 1)
    content.lesson("basics", "02-b.md", "basics-02", 2)
    content.lesson("advanced", "01-a.md", "shared", 1)
    content.lesson("advanced", "02-b.md", "advanced-02", 2)
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "lessons/advanced/01-a.md:2: id 'shared' is also used by lessons/basics/01-a.md:2",
        "lessons/basics/01-a.md:2: id 'shared' is also used by lessons/advanced/01-a.md:2",
    ]
    assert [lesson.id for lesson in catalog.lessons] == ["basics-02", "advanced-02"]


def test_gap_in_order_is_one_course_problem_and_lessons_stay(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)
    content.lesson("basics", "02-b.md", "b", 2)
    content.lesson("basics", "05-e.md", "e", 5)
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "lessons/basics/course.yaml:1: course 'basics': lesson order must run 1..5 without gaps; "
        "no lesson has order 3, 4",
    ]
    assert [lesson.id for lesson in catalog.course("basics").lessons] == ["a", "b", "e"]


def test_duplicate_order_reports_each_lesson_and_keeps_the_rest(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)
    content.lesson("basics", "02-b.md", "b", 2)
    content.lesson("basics", "02-c.md", "c", 2)
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "lessons/basics/02-b.md:4: order 2 is also used by lessons/basics/02-c.md",
        "lessons/basics/02-c.md:4: order 2 is also used by lessons/basics/02-b.md",
    ]
    assert [lesson.id for lesson in catalog.course("basics").lessons] == ["a"]


def test_translation_with_structural_key_is_dropped_and_korean_stays(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)
    content.write("lessons/basics/01-a.en.md", "---\ntitle: A\norder: 3\n---\nEnglish\n")
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "lessons/basics/01-a.en.md:3: `order` cannot be set in a translation: structural keys come from the "
        "Korean file; a translation may set only title and summary",
    ]
    assert catalog.lesson("a").text("en").title == "a 제목"


@pytest.mark.parametrize(("course_yaml", "expected"), [
    pytest.param("title: {ko: 제목}\n",
                 "lessons/broken/course.yaml:1: `description` is missing", id="missing-description"),
    pytest.param("title: {ko: 제목, kr: 제목}\ndescription: {ko: 설명}\n",
                 "lessons/broken/course.yaml:1: unknown key `title.kr` (allowed: ko, en)", id="unknown-language"),
    pytest.param("title: 제목\ndescription: {ko: 설명}\n",
                 "lessons/broken/course.yaml:1: `title` must be `key: value` lines (like `ko: …`), not '제목'",
                 id="title-not-a-mapping"),
    pytest.param("title:\n  ko: 제목\ndescription: {ko: 설명\n",
                 "lessons/broken/course.yaml:3: bad YAML: did not find expected ',' or '}' "
                 "(while parsing a flow mapping)", id="bad-yaml"),
])
def test_bad_course_yaml_leaves_that_course_out(content, course_yaml, expected):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)
    content.write("lessons/broken/course.yaml", course_yaml)
    content.lesson("broken", "01-b.md", "b", 1)
    catalog = content.load()
    assert problem_lines(catalog, content) == [expected]
    assert [course.id for course in catalog.courses] == ["basics"]


def test_missing_course_yaml(content):
    content.lesson("loose", "01-a.md", "a", 1)
    catalog = content.load()
    assert problem_lines(catalog, content) == [
        "lessons/loose/course.yaml:1: missing: every course folder needs a course.yaml with title and description",
    ]
    assert catalog.courses == []


def test_lessons_of_a_broken_course_are_still_checked(content):
    content.write("lessons/broken/course.yaml", "title: {ko: 제목}\n")
    content.write("lessons/broken/01-a.md", "---\nid: a\ntitle: 제목\norder: one\n---\n본문\n")
    assert problem_lines(content.load(), content) == [
        "lessons/broken/01-a.md:4: `order` must be a whole number, not 'one'",
        "lessons/broken/course.yaml:1: `description` is missing",
    ]


def test_problems_are_sorted_by_file_and_line(content):
    content.course("basics")
    content.write("lessons/basics/02-b.md", "no front matter\n")
    content.write("lessons/basics/01-a.md", "---\nid: a\ntitle: t\norder: 1\nxp: x\nminutes: y\n---\nb\n")
    lines = problem_lines(content.load(), content)
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert len(lines) == 3


def test_broken_lesson_is_not_reported_again_as_a_gap(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1)
    content.write("lessons/basics/02-b.md", "---\nid: b\ntitle: B\norder: 2\nxp: many\n---\n본문\n")
    content.lesson("basics", "03-c.md", "c", 3)
    catalog = content.load()
    assert problem_lines(catalog, content) == ["lessons/basics/02-b.md:5: `xp` must be a whole number, not 'many'"]
    assert [lesson.order for lesson in catalog.course("basics").lessons] == [1, 3]
