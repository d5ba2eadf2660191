"""Lesson blocks become the right Streamlit elements: alerts by kind, expanders, tabs, titled code."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def draw(markdown: str, lang: str = "ko") -> AppTest:
    def script(markdown: str, lang: str) -> None:
        import streamlit as st

        from catalog.render import to_blocks
        from ui.blocks import render_blocks

        st.session_state.lang = lang
        render_blocks(to_blocks(markdown))

    at = AppTest.from_function(script, kwargs={"markdown": markdown, "lang": lang})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_titled_code_gets_a_caption_like_the_seed():
    at = draw('```python title="Gradient clipping — two strategies"\nx = 1\n```\n')
    assert [c.value for c in at.caption] == ["Gradient clipping — two strategies · python"]
    assert at.code[0].value == "x = 1" and at.code[0].language == "python"


def test_untitled_code_has_no_caption():
    at = draw("```\nplain\n```\n")
    assert not at.caption and at.code[0].value == "plain"


def test_alerts_by_kind_with_their_title():
    at = draw("> [!WARNING] 폭발 주의\n> gradient가 커져.\n\n> [!TIP]\n> clipnorm을 써 봐.\n")
    assert at.warning[0].value == "**폭발 주의**\n\ngradient가 커져."
    assert at.info[0].value == "**팁**\n\nclipnorm을 써 봐."  # no title given: the kind's name


def test_untitled_callout_title_follows_the_language():
    at = draw("> [!TIP]\n> Use clipnorm.\n", lang="en")
    assert at.info[0].value.startswith("**Tip**")


def test_collapsible_callout_is_an_expander_holding_its_blocks():
    at = draw('??? note "더 알아보기"\n    안쪽 글.\n\n    ```python\n    y = 2\n    ```\n')
    assert [e.label for e in at.expander] == ["더 알아보기"]
    assert at.expander[0].code[0].value == "y = 2"


def test_callout_with_code_is_a_bordered_box():
    at = draw('!!! warning "조심"\n    글.\n\n    ```python\n    z = 3\n    ```\n')
    assert not at.warning  # an alert cannot hold a code block
    assert "**조심**" in at.markdown[0].value and at.code[0].value == "z = 3"


def test_tabs():
    at = draw('=== "Keras"\n    fit을 써.\n\n=== "직접"\n    tape을 써.\n')
    assert [tab.label for tab in at.tabs] == ["Keras", "직접"]
    assert at.tabs[1].markdown[0].value == "tape을 써."


def test_raw_html_stays_text():
    at = draw("<script>alert(1)</script>\n")
    assert not any(m.proto.allow_html for m in at.markdown)
