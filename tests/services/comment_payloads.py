"""Hostile comment bodies shared by the service, render, page and browser tests.

Each script-shaped payload tries a side effect the browser test watches for: an alert/confirm/prompt dialog,
`window.__xss = 1`, or a changed document.title. `visible` is a piece of the payload a reader must still see
as text (None where the payload is a link whose text is what shows).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    body: str
    visible: str | None


_TABLE_ROW = "|<img src=x onerror=alert(7)>|[x](javascript:alert(8))|cell|\n"
HUGE_TABLE = "|a|b|c|\n|-|-|-|\n" + _TABLE_ROW * ((2000 - 16) // len(_TABLE_ROW))

XSS = [
    Payload("script tag", "<script>window.__xss=1;document.title='pwned'</script>", "<script>window.__xss=1"),
    Payload("img onerror", '<img src=x onerror="window.__xss=1;alert(1)">', "<img src=x onerror="),
    Payload("svg onload", "<svg onload=alert(2)><circle r=9 /></svg>", "<svg onload=alert(2)>"),
    Payload("javascript link", "[click me](javascript:window.__xss=1)", "click me"),
    Payload("mixed-case scheme", "[case](JaVaScRiPt:alert(3))", "case"),
    Payload("tab inside scheme", "[tab](java&#x09;script:alert(4))", "tab"),
    Payload("raw anchor", '<a href="javascript:alert(5)">raw anchor</a>', '<a href="javascript:alert(5)">'),
    Payload("data URL link", "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)", "data"),
    Payload("data URL image", "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "pic"),
    Payload("iframe", '<iframe src="javascript:alert(9)"></iframe>', "<iframe src="),
    Payload("entity-escaped script", "&lt;script&gt;window.__xss=1&lt;/script&gt;", "<script>window.__xss=1"),
    Payload("numeric entities", "&#60;img src=x onerror=alert(10)&#62;", "<img src=x onerror=alert(10)>"),
    Payload("style url", '<div style="background:url(javascript:alert(11))">styled</div>', "<div style="),
    Payload("details ontoggle", "<details open ontoggle=alert(12)>open</details>", "ontoggle=alert(12)"),
    Payload("attribute breakout", '"><script>alert(13)</script>', '"><script>alert(13)</script>'),
    Payload("onclick on a good link", '<a href="https://example.com" onclick="alert(14)">ok</a>', 'onclick="alert(14)"'),
    Payload("quote in markdown link", '[q](https://example.com" onmouseover="alert(15))', "onmouseover"),
    Payload("mutation XSS", "<math><mtext><table><mglyph><style><img src=x onerror=alert(16)>", "<math><mtext>"),
    Payload("form action", '<form action="javascript:alert(17)"><button>go</button></form>', "<form action="),
    Payload("object data", '<object data="data:text/html,<script>alert(18)</script>"></object>', "<object data="),
    Payload("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(19)">', "http-equiv"),
    Payload("style block", "<style>body{display:none}</style>hidden page?", "<style>body{display:none}</style>"),
    Payload("autolink breakout", '<https://example.com/"onmouseover="alert(20)>', "onmouseover"),
    Payload("html comment", "<!--<script>alert(21)</script>-->", "<!--<script>alert(21)"),
    Payload("vbscript link", "[vb](vbscript:msgbox(22))", "vb"),
    Payload("nested image link", "[![x](javascript:alert(23))](javascript:alert(24))", "javascript:alert(23)"),
    Payload("split script", "<<script>script>alert(25)<</script>/script>", "script>alert(25)"),
    Payload("code span", "`<script>alert(26)</script>`", "<script>alert(26)</script>"),
    Payload("fenced code", "```html\n<script>alert(27)</script>\n\n<img src=x onerror=alert(28)>\n```",
            "<img src=x onerror=alert(28)>"),
    Payload("streamlit directives", ":red[**red**] :material/warning: $x$ <span>", ":red["),
    Payload("huge table", HUGE_TABLE, "cell"),
]

SQL = [
    "'; DROP TABLE comments; --",
    "1' OR '1'='1",
    "Robert'); DROP TABLE learners;--",
    "'; SELECT pg_sleep(5); --",
    "%' OR 1=1 --",
    "\\'; DELETE FROM notifications; --",
]
