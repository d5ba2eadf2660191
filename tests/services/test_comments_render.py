"""Comment markdown renders to inert HTML: only allowlisted tags, no event handlers, only http(s) links."""
from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from services.comments_render import (
    ALLOWED_TAGS,
    MAX_RENDER_CHARS,
    paragraph,
    render_card,
    render_comment,
    render_notification,
)
from tests.services.comment_payloads import HUGE_TABLE, XSS


class Parsed(HTMLParser):
    """Every tag with its attributes, and the text a reader would see."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"an HTML comment reached the page: {data!r}")


def _assert_inert(html: str) -> Parsed:
    parsed = Parsed(html)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS | {"div", "small"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name in {"href", "rel", "target", "style", "start", "class", "id"}, (tag, name)
            if name == "href":
                assert value.startswith(("http://", "https://")), value
            if name == "style":
                assert value.split(";border-left")[0] in {"text-align:left", "text-align:center", "text-align:right", "overflow-x:auto",
                             "overflow-x:auto;margin-left:2rem"}
    lowered = html.lower()
    for raw in ("<script", "<iframe", "<img", "<svg", "<object", "<style", "<form", "<meta", "<math", "<details"):
        assert raw not in lowered, raw
    return parsed


@pytest.mark.parametrize("payload", XSS, ids=[p.name for p in XSS])
def test_each_payload_renders_inert_and_readable(payload):
    parsed = _assert_inert(render_comment(payload.body))
    if payload.visible:
        assert payload.visible in "".join(parsed.text)


def test_there_are_at_least_twenty_payloads():
    assert len(XSS) >= 20


def test_typed_html_is_shown_escaped_not_interpreted():
    html = render_comment("<b>bold?</b> &lt;i&gt;")
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html  # the learner's tag, as text
    assert "&lt;i&gt;" in html  # an entity they typed stays an escaped character, never becomes a tag
    assert "<b>" not in html and "<i>" not in html


def test_markdown_still_works_and_links_are_safe_and_open_elsewhere():
    html = render_comment("**bold** _em_ `code` ~~gone~~\n\n- one\n- two\n\n> quoted\n\n[docs](https://www.tensorflow.org/)")
    parsed = _assert_inert(html)
    assert {tag for tag, _ in parsed.tags} >= {"strong", "em", "code", "s", "ul", "li", "blockquote", "a"}
    (link,) = [attrs for tag, attrs in parsed.tags if tag == "a"]
    assert link == {"href": "https://www.tensorflow.org/", "target": "_blank", "rel": "nofollow noopener noreferrer"}


@pytest.mark.parametrize("url", ["/relative", "lesson?lesson=x", "ftp://example.com/f", "mailto:a@b.c", "//evil.example/x"])
def test_links_other_than_absolute_http_keep_their_text_and_lose_the_target(url):
    parsed = _assert_inert(render_comment(f"[name]({url})"))
    assert "name" in "".join(parsed.text)
    assert all("href" not in attrs for _, attrs in parsed.tags)


def test_images_and_headings_are_text():
    parsed = _assert_inert(render_comment("# Shout\n\n![pixel](https://tracker.example/p.gif)"))
    text = "".join(parsed.text)
    assert "# Shout" in text
    assert all(tag != "img" for tag, _ in parsed.tags)


def test_code_blocks_keep_their_lines_without_a_raw_newline():
    # A raw blank line would end Streamlit's HTML block and let its markdown parser re-read the rest.
    html = render_comment("```\nfirst\n\nthird <b>\n```")
    assert "\n" not in html
    assert "".join(Parsed(html).text) == "first\n\nthird <b>\n"


def test_a_huge_table_renders_bounded_and_fast():
    started = time.perf_counter()
    html = render_comment.__wrapped__(HUGE_TABLE)
    elapsed = time.perf_counter() - started
    parsed = _assert_inert(html)
    assert sum(tag == "tr" for tag, _ in parsed.tags) > 20  # it really is a table
    assert len(html) < 40 * len(HUGE_TABLE)
    assert elapsed < 0.5


def test_a_body_over_the_limit_renders_only_its_first_part():
    html = render_comment("a" * MAX_RENDER_CHARS + "TAIL")
    assert "TAIL" not in html and "a" * MAX_RENDER_CHARS in html


def test_the_card_escapes_the_authors_name():
    card = render_card("comment-5", '<img src=x onerror=alert(1)>"', "2026-05-04 12:00", render_comment("hi"))
    parsed = _assert_inert(card)
    assert parsed.tags[0] == ("div", {"class": "stream-comment", "id": "comment-5", "style": "overflow-x:auto"})
    assert '<img src=x onerror=alert(1)>"' in "".join(parsed.text)


def test_plain_text_pieces_are_escaped_never_markup():
    note = render_notification('<script>alert(1)</script>"', "2026-05-04", "[x](javascript:alert(1)) <b>", gone=False)
    parsed = _assert_inert(note)
    assert "<script>alert(1)</script>\"" in "".join(parsed.text) and "<b>" in "".join(parsed.text)
    assert [tag for tag, _ in Parsed(paragraph("<i>gone</i>", tag="em")).tags] == ["p", "em"]
