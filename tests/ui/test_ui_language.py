"""The language switch: Korean by default, English on demand, remembered in ?lang= across a refresh."""
from __future__ import annotations

from tests.ui.conftest import LESSON_PAGE, texts


def test_korean_by_default_and_switch_to_english(open_page):
    at = open_page(LESSON_PAGE, lesson="tf-gradients-01")
    assert "완료로 표시" in texts(at)
    assert at.query_params["lang"] == "ko"

    at.sidebar.segmented_control(key="sidebar_lang").set_value("en").run()
    assert not at.exception
    assert "Mark complete" in texts(at) and "완료로 표시" not in texts(at)
    assert at.title[0].value == "First lesson"
    assert at.query_params["lang"] == "en"
    assert at.session_state["lang"] == "en"


def test_lang_query_param_survives_a_refresh(open_page):
    # A refresh is a new session that only has the URL.
    at = open_page(LESSON_PAGE, lang="en", lesson="tf-gradients-01")
    assert "Mark complete" in texts(at)
    assert at.sidebar.segmented_control(key="sidebar_lang").value == "en"


def test_unknown_lang_falls_back_to_korean(open_page):
    at = open_page(LESSON_PAGE, lang="fr", lesson="tf-gradients-01")
    assert "완료로 표시" in texts(at)


def test_lesson_links_carry_the_language(open_page):
    at = open_page(LESSON_PAGE, lang="en", lesson="tf-gradients-01")
    nxt = next(link for link in at.get("page_link") if link.proto.label.startswith("Next"))
    assert nxt.proto.query_string in ("lesson=tf-gradients-02&lang=en", "lang=en&lesson=tf-gradients-02")
