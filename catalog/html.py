"""The HTML a lesson may contain: one allowlist, applied with nh3 for rendering and read back for `check`.

Lessons are written (or imported from doc sites and notebooks) by instructors, so HTML in them is material to
show, not an attack to expect; still, nothing reaches `st.markdown(..., unsafe_allow_html=True)` that nh3 did
not clean with this allowlist (the same library and approach as services/comments_render.py): no script, no
style sheet, no event handler, links only to http(s), images only from https or the course's assets folder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset({
    "div", "span", "p", "br", "hr", "pre", "code", "kbd", "samp", "b", "strong", "i", "em", "u", "s", "del", "ins",
    "mark", "small", "sub", "sup", "abbr", "a", "img", "figure", "figcaption", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "details", "summary",
})
# Tags whose content goes too: a script's or style sheet's text is not something to show.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed",
                                  "textarea", "select", "title"})
ALLOWED_ATTRIBUTES = {
    "*": {"style", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "details": {"open"},
}
# What terminal colours (rich's `model.summary()` tables), notebooks and doc sites style text with. Layout
# properties (position, display, width, margins) are not here: they could draw over the app itself.
STYLE_PROPERTIES = frozenset({
    "color", "background-color", "font-weight", "font-style", "font-family", "font-size", "text-decoration",
    "text-decoration-color", "text-decoration-line", "text-align", "vertical-align", "white-space", "overflow-x",
    "line-height",
})
ASSETS = "assets/"
_ASSET = re.compile(r"^assets/(?:[\w.-]+/)*[\w-][\w.-]*$")
IMAGE_STYLE = "max-width:100%;height:auto"
LINK_REL = "nofollow noopener noreferrer"


def is_https(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and bool(parts.netloc)


def is_asset(src: str) -> bool:
    """`assets/…`: a file in the course's assets folder (no `..`, no absolute path)."""
    return bool(_ASSET.match(src.strip())) and ".." not in src


def _link_ok(url: str) -> bool:
    url = url.strip()
    if url.startswith("#"):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https", "mailto") and bool(parts.netloc or parts.path)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_https(value) or is_asset(value) else None
    if tag == "a" and attribute == "href":
        return value if _link_ok(value) else None
    if attribute in ("width", "height", "colspan", "rowspan", "start", "span"):
        return value if value.strip().rstrip("%").isdigit() and len(value) <= 6 else None
    return value


def sanitize(html: str) -> str:
    """The HTML with everything outside the allowlist removed (tags unwrapped, attributes dropped)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto"},
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )


# Streamlit draws every <pre> of st.markdown as its own code box, which drops the pre's style and folds its lines;
# a <div> with the same look keeps them (rich's model.summary() tables are drawn with box characters).
PRE_STYLE = ("white-space:pre;overflow-x:auto;font-family:'Source Code Pro',monospace;font-size:.85rem;"
             "line-height:1.4;margin:0 0 1rem 0")
_PRE_OPEN = re.compile(r'<pre(?:\s+style="([^"]*)")?\s*>')


def one_block(html: str) -> str:
    """Sanitised HTML as one line inside a <div>, so Streamlit's markdown pass takes it as a single raw HTML
    block and never reads its text as markdown (a blank line would end the block; `<pre>` keeps its lines as
    `&#10;`)."""
    html = _PRE_OPEN.sub(lambda m: f'<div class="stream-pre" style="{PRE_STYLE};{m.group(1) or ""}">', html)
    html = html.replace("</pre>", "</div>")
    html = html.strip().replace(">\n<", "><").replace("\n", "&#10;")
    return f"<div>{html}</div>"


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based within the fragment
    message: str


def unsafe_parts(fragment: str) -> list[Finding]:
    """What `sanitize` would take away from this raw HTML that a reader would miss, one finding per thing."""
    scanner = _Scanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner.findings


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def _add(self, message: str) -> None:
        self.findings.append(Finding(self.getpos()[0], message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._add(f"<{tag}> is removed with its content: lessons show no {tag} (see lessons/README.md, HTML)")
            return
        if tag not in ALLOWED_TAGS:
            self._add(f"<{tag}> is not in the HTML lessons may use; its text is shown without it")
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"<{tag} {name}=…>: event handlers are removed; nothing runs in a lesson")
            elif tag == "img" and name == "src" and not (is_https(value) or is_asset(value)):
                self._add(f"<img src={_short(value)}> is not shown: use an https:// image or a file in assets/")
            elif tag == "a" and name == "href" and not _link_ok(value) and value:
                self._add(f"<a href={_short(value)}>: only http(s), mailto and #anchor links are kept")

    handle_startendtag = handle_starttag


def _short(value: str) -> str:
    value = value.strip()
    return repr(value if len(value) <= 50 else value[:47] + "...")
