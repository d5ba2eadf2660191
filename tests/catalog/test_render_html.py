"""HTML in lessons: the safe subset renders (cleaned by nh3), the rest goes; output fences become Output."""
from __future__ import annotations

import textwrap

import pytest

from catalog.assets import inline_assets
from catalog.render import Callout, Code, Html, Markdown, Output, to_blocks


def blocks(text: str):
    return to_blocks(textwrap.dedent(text).strip("\n"))


@pytest.mark.parametrize("payload", [
    '<img src="https://x.org/a.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<div onmouseover="alert(1)">x</div>',
    "<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<iframe src="https://x.org"></iframe>',
    '<span style="position:fixed;top:0;background:url(https://x.org/t.png)">x</span>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<img src="../../secrets/a.png">',
    '<form action="https://x.org"><input name="p"></form>',
])
def test_nothing_that_runs_or_escapes_the_page_survives(payload):
    html = "".join(b.html for b in to_blocks(f"글 {payload} 끝") if isinstance(b, Html))
    for bad in ("onerror", "onmouseover", "javascript:", "<script", "<style", "<iframe", "position", "url(",
                "data:", "..", "<form", "<input"):
        assert bad not in html, (payload, html)


def test_the_safe_subset_renders_as_html():
    [block] = to_blocks('<span style="color: #00af00; font-weight: bold">144</span> and <b>bold</b>, '
                        '<img src="https://x.org/a.png" alt="a"> <a href="https://keras.io">link</a>')
    assert isinstance(block, Html)
    assert '<span style="color:#00af00;font-weight:bold">144</span>' in block.html
    assert '<img src="https://x.org/a.png" alt="a">' in block.html
    assert 'href="https://keras.io"' in block.html and 'rel="nofollow noopener noreferrer"' in block.html
    assert "\n" not in block.html  # one raw HTML block for st.markdown: markdown never re-reads its text


def test_pre_keeps_its_lines_and_style():
    [block] = blocks('''
        <pre style="white-space:pre;font-family:Menlo,monospace">┏━━┓
        ┃<span style="color: #0087ff">Dense</span>┃
        </pre>
    ''')
    assert "┏━━┓&#10;┃<span" in block.html and "white-space:pre" in block.html and "Menlo" in block.html
    assert "<pre" not in block.html  # Streamlit would redraw a <pre> as a code box, folding its lines


def test_keras_output_wrappers_become_output_with_or_without_blank_lines():
    tight = blocks('''
        <div class="k-default-codeblock">
        ```
        Epoch 1/2
        ```
        </div>
    ''')
    loose = blocks('''
        <div class="k-default-codeblock">

        ```
        Epoch 1/2
        ```

        </div>
    ''')
    assert tight == loose == [Output("Epoch 1/2")]


@pytest.mark.parametrize("fence,expected", [
    ('```text title="출력"\n12.0\n```', Output("12.0", "출력")),
    ('```text title="Output"\n12.0\n```', Output("12.0", "Output")),
    ("```output\n12.0\n```", Output("12.0", "")),
    ('```text title="Data"\n12.0\n```', Code("12.0", "text", "Data")),
    ('```python title="출력"\nprint(1)\n```', Code("print(1)", "python", "출력")),
])
def test_output_fences(fence, expected):
    assert to_blocks(fence) == [expected]


def test_details_becomes_a_collapsible_box_with_markdown_inside():
    assert blocks('''
        <details>
        <summary>정답 보기</summary>

        `tape.watch(x)`를 **먼저** 불러.

        </details>
    ''') == [Callout("details", "정답 보기", [Markdown("`tape.watch(x)`를 **먼저** 불러.")], collapsible=True)]


def test_a_paragraph_with_only_br_stays_markdown_so_math_renders():
    assert to_blocks("**Author:** A<br>\n**Date:** B<br>\n$x^2$ <br> $y$") == [
        Markdown("**Author:** A\\\n**Date:** B\\\n$x^2$\\\n$y$")]


def test_html_written_inside_code_is_code():
    assert to_blocks("```html\n<div>x</div>\n```\n\n`<br>` 태그") == [
        Code("<div>x</div>", "html", ""), Markdown("`<br>` 태그")]


def test_asset_images_are_inlined_and_a_missing_one_leaves_its_alt(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    [shown, missing] = [b.html for b in to_blocks("![plot](assets/plot.png)\n\n![gone](assets/gone.png)")]
    assert 'src="data:image/png;base64,iVBORw0KGgpmYWtl"' in inline_assets(shown, tmp_path)
    assert 'style="max-width:100%;height:auto"' in inline_assets(shown, tmp_path)
    assert inline_assets(missing, tmp_path) == "<div><p><em>gone</em></p></div>"


def test_https_markdown_images_stay_markdown_for_streamlit():
    assert to_blocks("![x](https://x.org/a.png) $a$") == [Markdown("![x](https://x.org/a.png) $a$")]
