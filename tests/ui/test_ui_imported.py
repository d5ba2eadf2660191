"""Imported lessons on the lesson page (AppTest): no literal HTML, every image inlined, outputs drawn as output,
the title once; and a notebook uploaded on the authoring page goes through the same importer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.importer import plan_import, write_plan
from tests.catalog.import_fixtures import (KERAS_TITLE, MKDOCS_TITLES, NOTEBOOK_TITLE, keras_guides, mkdocs_project,
                                           notebook)
from tests.ui.conftest import LESSON_PAGE

AUTHORING_PAGE = "ui/pages/authoring.py"
TAG = re.compile(r"</?(?:div|span|pre|img|br|p|b|a|table|details|summary|font|iframe|script)\b[^>]*>", re.I)
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)


@pytest.fixture
def imported(app_env: Path, tmp_path: Path) -> dict[str, str]:
    """The three sources imported (published) into the app's lessons folder: {lesson id: title}."""
    lessons = app_env / "lessons"
    found = {}
    for source in (keras_guides(tmp_path / "src"), mkdocs_project(tmp_path / "src"), notebook(tmp_path / "src")):
        plan = plan_import(source, lessons, "imported", publish=True)
        write_plan(plan)
        for lesson in plan.lessons:
            found[lesson.lesson_id] = re.search(r'^title: "(.*)"$', lesson.text, re.M).group(1)
    assert sorted(found.values()) == sorted([KERAS_TITLE, *MKDOCS_TITLES, NOTEBOOK_TITLE])
    return found


def _assets_named(at) -> list[str]:
    return [m for md in at.markdown for m in re.findall(r'src="(data:image/[^;]+;base64,[^"]{8})', md.value)]


def test_imported_lessons_show_no_literal_html_every_image_and_one_title(open_page, imported, app_env):
    for lesson_id, title in imported.items():
        at = open_page(LESSON_PAGE, lesson=lesson_id, lang="en")
        assert [t.value for t in at.title] == [title]
        escaped = [md.value for md in at.markdown if not md.proto.allow_html]
        for text in escaped:  # Streamlit shows these as written: a tag here would be read as text
            assert not TAG.search(CODE.sub("", text)), (lesson_id, text)
            assert not re.search(rf"^#+\s+{re.escape(title)}\s*$", text, re.M), (lesson_id, text)
        raw = [md.value for md in at.markdown if md.proto.allow_html]
        for html in raw:  # what reaches the browser as HTML came through the allowlist
            assert not re.search(r"<script|<style|<iframe|\son\w+=|javascript:", html, re.I), html
            assert 'src="assets/' not in html  # every course image was inlined
        body = (app_env / "lessons" / "imported").glob("*.md")
        text = next(p for p in body if f"id: {lesson_id}\n" in p.read_text(encoding="utf-8")).read_text()
        referenced = re.findall(r"assets/[\w.-]+", text)
        assert len(_assets_named(at)) == len(referenced), (lesson_id, referenced)


def test_outputs_are_drawn_as_output_not_as_code(open_page, imported):
    notebook_id = next(i for i, t in imported.items() if t == NOTEBOOK_TITLE)
    at = open_page(LESSON_PAGE, lesson=notebook_id, lang="en")
    outputs = [md.value for md in at.markdown if 'class="stream-output"' in md.value]
    assert len(outputs) == 3 and "step 2: loss 1.331" in outputs[0] and ">Output<" in outputs[0]
    assert not any("step 0: loss" in code.value for code in at.code)  # no copy button, no highlighting
    assert any("for step in range(3):" in code.value for code in at.code)  # the code stays code
    keras_id = next(i for i, t in imported.items() if t == KERAS_TITLE)
    at = open_page(LESSON_PAGE, lesson=keras_id, lang="en")
    assert any("Epoch 1/2" in md.value and "stream-output" in md.value for md in at.markdown)
    summary = next(md.value for md in at.markdown if "Layer (type)" in md.value)
    assert "white-space:pre" in summary and "&#10;" in summary and "color:#0087ff" in summary


def test_a_notebook_uploaded_on_the_authoring_page_previews_and_publishes_with_its_images(open_page_as, app_env,
                                                                                             tmp_path):
    source = notebook(tmp_path / "src")
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.file_uploader(key="authoring:upload").set_value((source.name, source.read_bytes(), "application/json"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = at.text_area(key="authoring:text").value
    assert text.startswith("---\nid: tf-gradients-04\n") and f'title: "{NOTEBOOK_TITLE}"' in text
    assert f"# {NOTEBOOK_TITLE}" not in text
    assert NOTEBOOK_TITLE in [t.value for t in at.title]
    assert len(_assets_named(at)) == 2  # the attachment and the plot, shown before they are written
    assert not [w for w in at.warning if "쓴 대로" in w.value]  # those images count as there, nothing is amiss
    course = app_env / "lessons" / "tf-gradients"
    assert not (course / "assets").exists()
    at.button(key="authoring:publish").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert (course / "04-loss-fall.md").read_text(encoding="utf-8") == text
    assert sorted(p.name for p in (course / "assets").iterdir()) == ["loss-fall-cell-6.png", "loss-fall-setup.png"]


def test_a_file_that_is_not_a_notebook_is_refused_and_the_text_stays(open_page_as):
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.text_area(key="authoring:text").input("내가 쓴 글").run()
    at.file_uploader(key="authoring:upload").set_value(("broken.ipynb", b"{ not json", "application/json"))
    at.run()
    assert any(e.value.startswith("노트북을 읽을 수 없어요. broken.ipynb:1: not a Jupyter notebook") for e in at.error)
    assert at.text_area(key="authoring:text").value == "내가 쓴 글"


def test_the_authoring_preview_warns_like_check(open_page_as):
    text = ('---\nid: tf-gradients-04\ntitle: "경고 레슨"\norder: 4\n---\n# 경고 레슨\n\n'
            "[API](/api/layers/)를 봐.\n\n![그림](assets/none.png)\n")
    at = open_page_as("instructor", AUTHORING_PAGE)
    at.text_area(key="authoring:text").input(text).run()
    at.text_input(key="authoring:slug").input("warned").run()
    assert [w.value for w in at.warning][0].startswith("레슨은 보이지만 쓴 대로 보이지 않는 곳이 3개 있어요.")
    lines = next(code.value for code in at.code if "warning:" in code.value).splitlines()
    assert [line.split(": warning: ")[0] for line in lines] == ["lessons/tf-gradients/04-warned.md:6",
                                                                 "lessons/tf-gradients/04-warned.md:8",
                                                                 "lessons/tf-gradients/04-warned.md:10"]
    assert "경고 레슨" in [t.value for t in at.title]  # a warning does not stop the preview
