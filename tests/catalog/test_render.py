"""to_blocks: lesson markdown becomes Markdown, Code, Callout and Tabs blocks the UI draws."""
from __future__ import annotations

import textwrap

import pytest

from catalog.render import Callout, Code, Html, Markdown, Tabs, to_blocks


def blocks(markdown: str):
    return to_blocks(textwrap.dedent(markdown).lstrip("\n"))


def test_plain_markdown_stays_one_block_with_its_source_text():
    source = "# 제목\n\n문단 *강조*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- 하나\n- 둘"
    assert to_blocks(source) == [Markdown(source)]


def test_fenced_code_with_title():
    assert blocks('''
        앞 문단

        ```python title="Clip by global norm"
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        ```

        뒤 문단
    ''') == [
        Markdown("앞 문단"),
        Code("grads, _ = tf.clip_by_global_norm(grads, 1.0)", "python", "Clip by global norm"),
        Markdown("뒤 문단"),
    ]


@pytest.mark.parametrize(("info", "language", "title"), [
    ("python", "python", ""),
    ("", "", ""),
    ("python title='Single quotes'", "python", "Single quotes"),
    ('title="No language"', "", "No language"),
    ('{.python title="Braces"}', "python", "Braces"),
    ('python linenums="1" title="After another attribute"', "python", "After another attribute"),
])
def test_fence_info_string(info, language, title):
    assert to_blocks(f"```{info}\nx = 1\n```") == [Code("x = 1", language, title)]


def test_admonition_with_title_and_nested_blocks():
    assert blocks('''
        !!! note "Tape는 한 번만"
            `tape.gradient`는 한 번만 부를 수 있어.

            ```python
            tape = tf.GradientTape(persistent=True)
            ```
    ''') == [Callout("note", "Tape는 한 번만", [
        Markdown("`tape.gradient`는 한 번만 부를 수 있어."),
        Code("tape = tf.GradientTape(persistent=True)", "python", ""),
    ])]


def test_admonition_without_title_leaves_the_title_to_the_ui():
    assert blocks("!!! warning\n    조심해.\n") == [Callout("warning", "", [Markdown("조심해.")])]


def test_blank_lines_inside_a_box_do_not_end_it():
    # PEP 8 puts two blank lines between functions; an editor strips their indentation.
    code = "def f():\n    return 1\n\n\ndef g():\n    return 2"
    indented = "\n".join(("    " + line) if line else "" for line in f"```python\n{code}\n```".split("\n"))
    assert to_blocks("!!! example\n" + indented + "\n\n뒤 문단") == [
        Callout("example", "", [Code(code, "python", "")]),
        Markdown("뒤 문단"),
    ]


def test_collapsible_closed_and_open():
    assert blocks('''
        ??? tip "정답 보기"
            `persistent=True`

        ???+ note "펼쳐진 상태"
            열려 있어.
    ''') == [
        Callout("tip", "정답 보기", [Markdown("`persistent=True`")], collapsible=True, expanded=False),
        Callout("note", "펼쳐진 상태", [Markdown("열려 있어.")], collapsible=True, expanded=True),
    ]


@pytest.mark.parametrize("kind", ["NOTE", "TIP", "WARNING", "IMPORTANT", "CAUTION"])
def test_github_alerts(kind):
    assert blocks(f'''
        > [!{kind}]
        > 첫 줄
        > 둘째 줄
    ''') == [Callout(kind.lower(), "", [Markdown("첫 줄\n둘째 줄")])]


def test_alert_with_code_inside():
    assert blocks('''
        > [!TIP]
        > 이렇게 해 봐:
        >
        > ```python
        > x = tf.Variable(1.0)
        > ```
    ''') == [Callout("tip", "", [Markdown("이렇게 해 봐:"), Code("x = tf.Variable(1.0)", "python", "")])]


def test_ordinary_quote_and_unknown_alert_stay_markdown():
    assert to_blocks("> 그냥 인용") == [Markdown("> 그냥 인용")]
    assert to_blocks("> [!SHOUT]\n> 모르는 종류") == [Markdown("> [!SHOUT]\n> 모르는 종류")]


def test_consecutive_tabs_form_one_block_with_nested_code():
    assert blocks('''
        === "TensorFlow"

            ```python title="tf"
            tf.reduce_sum(x)
            ```

        === "NumPy"
            넘파이로는:

            ```python
            np.sum(x)
            ```

            !!! tip
                둘 다 같아.

        뒤 문단
    ''') == [
        Tabs([
            ("TensorFlow", [Code("tf.reduce_sum(x)", "python", "tf")]),
            ("NumPy", [Markdown("넘파이로는:"), Code("np.sum(x)", "python", ""), Callout("tip", "", [Markdown("둘 다 같아.")])]),
        ]),
        Markdown("뒤 문단"),
    ]


def test_text_between_tabs_or_bang_starts_a_new_tab_group():
    assert blocks('''
        === "A"
            a

        사이 문단

        === "B"
            b
        ===! "C"
            c
    ''') == [
        Tabs([("A", [Markdown("a")])]),
        Markdown("사이 문단"),
        Tabs([("B", [Markdown("b")])]),
        Tabs([("C", [Markdown("c")])]),
    ]


def test_tabs_inside_an_admonition():
    assert blocks('''
        !!! example "두 방법"
            === "eager"
                e
            === "graph"
                g
    ''') == [Callout("example", "두 방법", [Tabs([("eager", [Markdown("e")]), ("graph", [Markdown("g")])])])]


def test_raw_html_is_rendered_through_the_allowlist_and_a_script_goes_with_its_text():
    # Issue 17: HTML in a lesson used to be shown as literal tags; now the safe subset renders, nothing runs.
    assert to_blocks("<script>alert(1)</script>\n\n<b onclick=\"x()\">굵게</b>") == [
        Html("<div><p><b>굵게</b></p></div>"),
    ]


def test_markers_inside_code_are_code():
    source = "```markdown\n!!! note\n    not a box\n=== \"not a tab\"\n> [!NOTE]\n```"
    assert to_blocks(source) == [Code('!!! note\n    not a box\n=== "not a tab"\n> [!NOTE]', "markdown", "")]


def test_reference_links_work_in_every_piece():
    assert blocks('''
        [공식 문서][tf]를 봐.

        ```python
        x = 1
        ```

        다시 [tf] 링크.

        [tf]: https://www.tensorflow.org "TensorFlow"
    ''') == [
        Markdown('[공식 문서][tf]를 봐.\n\n[TF]: <https://www.tensorflow.org> "TensorFlow"'),
        Code("x = 1", "python", ""),
        Markdown('다시 [tf] 링크.\n\n[TF]: <https://www.tensorflow.org> "TensorFlow"'),
    ]


def test_indented_code_block_and_empty_input():
    assert to_blocks("    x = 1\n    y = 2") == [Code("x = 1\ny = 2", "", "")]
    assert to_blocks("") == []
    assert to_blocks("\r\n문단\r\n") == [Markdown("문단")]
