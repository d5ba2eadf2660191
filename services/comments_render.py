"""A comment's markdown as safe, bounded HTML: markdown-it without raw HTML, then nh3 with a small allowlist.

Why HTML at all (st.markdown(..., unsafe_allow_html=True) on this output only): Streamlit's own markdown
renderer decides by itself which links and images it shows, so "only http/https links, no images" would be
a hope, not a rule we test. Here every tag, attribute and URL that can reach the browser is chosen by this
module and checked by tests/services/test_comments_render.py, two layers deep:
1. markdown-it runs with html=False, so any `<tag>` the learner types comes out as escaped text, and its
   validateLink refuses javascript:, vbscript:, file: and data: links. Images and headings are switched off.
2. nh3 (ammonia) re-parses that HTML and keeps only ALLOWED_TAGS; links keep an href only when it is an
   absolute http(s) URL, and get rel="nofollow noopener noreferrer".
The result is one HTML block with no raw newlines, so Streamlit's markdown pass treats it as a single piece
of HTML and never re-reads the learner's text as markdown (no second interpretation of escaped text).
"""
from __future__ import annotations

import functools
from html import escape, unescape
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

# Bodies are capped at this length when posted; rendering caps again so a row written some other way
# (an import, an older limit) still renders in bounded time and size.
MAX_RENDER_CHARS = 2000
# markdown-it turns a 2,000-character table into at most ~25 KB of HTML; this is a backstop, not a budget.
MAX_HTML_CHARS = 60_000

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
# Table alignment is the only style markdown-it writes; anything else in a style attribute is dropped.
ALIGNMENTS = {"text-align:left", "text-align:center", "text-align:right"}
SCHEMES = {"http", "https"}
LINK_REL = "nofollow noopener noreferrer"
# A wide table scrolls inside its card instead of stretching the page; replies sit indented under their comment.
CARD_STYLE = "overflow-x:auto"
REPLY_STYLE = "overflow-x:auto;margin-left:2rem"
# The comment an inbox link points at stands out, so the learner finds it in a long thread.
LINKED_STYLE = ";border-left:4px solid #ff4b4b;padding-left:0.5rem"

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable(["table", "strikethrough"])
    # No images (tracking pixels, huge pictures) and no headings (a comment should not shout over the lesson).
    .disable(["image", "heading", "lheading"])
)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if is_safe_url(value) else None
    if attribute == "style":
        return value if value.replace(" ", "") in ALIGNMENTS else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() and len(value) <= 6 else None
    return value


def is_safe_url(url: str) -> bool:
    """An absolute http(s) URL with a host: the only kind a comment may link to."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SCHEMES and bool(parts.netloc)


@functools.lru_cache(maxsize=512)
def render_comment(body: str) -> str:
    """Safe HTML for one comment body (cached: the same comment is drawn on every rerun)."""
    html = _md.render(body[:MAX_RENDER_CHARS])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=SCHEMES,
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )
    if len(clean) > MAX_HTML_CHARS:
        # Unreachable with the length cap above; if it ever happens, show the words, not a page-long table.
        clean = "<p>" + escape(body[:MAX_RENDER_CHARS]) + "</p>"
    # A character reference instead of a raw newline keeps <pre> lines apart while the block stays one line,
    # so Streamlit's markdown parser cannot end the HTML block early and read the rest as markdown.
    # Newlines between tags are dropped outright; the rest are inside text (<pre> above all).
    return clean.strip().replace(">\n<", "><").replace("\n", "&#10;")


def plain_text(body: str) -> str:
    """A comment's words without its markdown (`code`, **bold**, [links](…) read as their text), for excerpts."""
    html = _md.render(body[:MAX_RENDER_CHARS])
    text = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"}, strip_comments=True)
    return " ".join(unescape(text).split())


def render_card(
    anchor: str, author: str, meta: str, body_html: str, *, reply: bool = False, linked: bool = False
) -> str:
    """One comment as a block of HTML: an anchor for inbox links, the author's name and the rendered body.

    `author` and `meta` are plain text (a display name is the learner's own input too), escaped here;
    `body_html` must come from render_comment or a fixed locale string escaped by the caller.
    """
    style = (REPLY_STYLE if reply else CARD_STYLE) + (LINKED_STYLE if linked else "")
    return (
        f'<div class="stream-comment" id="{escape(anchor)}" style="{style}">'
        f"<p><strong>{escape(author)}</strong> <small>{escape(meta)}</small></p>{body_html}</div>"
    )


def paragraph(text: str, *, tag: str | None = None) -> str:
    """Plain text (a name, a placeholder, a reason) as one escaped HTML paragraph, optionally <em> or <small>."""
    inner = escape(text)
    if tag in ("em", "small", "strong"):
        inner = f"<{tag}>{inner}</{tag}>"
    return f"<p>{inner}</p>"


def render_notification(headline: str, when: str, excerpt: str, *, gone: bool) -> str:
    """An inbox entry: who replied and when, then the first words of the reply (all plain text, escaped)."""
    body = paragraph(excerpt, tag="em" if gone else None)
    return f"<p><strong>{escape(headline)}</strong> <small>{escape(when)}</small></p>{body}"
