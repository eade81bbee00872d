"""The one Markdown pipeline: hostile input must come out with nothing executable in it."""
import re

import pytest

from taro.markdown import render_document, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x oNeRrOr=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object>",
    "<embed src=x>",
    '<form action="https://evil.example"><input name=p></form>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "<<script>script>alert(1)<</script>/script>",
    "<img src=`x`onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=https://evil.example/>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "[x](<javascript:alert(1)>)",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "<details open ontoggle=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<a href=\"jav\tascript:alert(1)\">x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

EXECUTABLE = [
    re.compile(r"<\s*(script|style|iframe|object|embed|form|svg|math|meta|base|link|input|details)\b", re.I),
    re.compile(r"\son\w+\s*=", re.I),
    re.compile(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.I),
    re.compile(r"\sstyle\s*=", re.I),
]


def assert_inert(html: str) -> None:
    for pattern in EXECUTABLE:
        assert not pattern.search(html), f"{pattern.pattern!r} survived in {html!r}"


def test_corpus_has_at_least_thirty_payloads():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_is_inert(payload):
    assert_inert(render_markdown(payload))
    assert_inert(render_document(payload).html)


def test_user_links_get_nofollow_ugc_noopener():
    html = render_markdown("[site](https://example.com)")
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_guides_render_tables_and_heading_ids():
    document = render_document("## OLR ratings\n\n| Rating | Share |\n|---|---|\n| TT | 1–2% |\n")
    assert '<h2 id="olr-ratings">' in document.html
    assert "<table>" in document.html and "<td>TT</td>" in document.html
    assert document.toc == [{"id": "olr-ratings", "name": "OLR ratings", "level": 2}]


def test_user_content_keeps_useful_markdown():
    html = render_markdown("**bold** and `code`\n\n- one\n- two\n\n```\nx = 1\n```")
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<li>one</li>" in html and "<pre><code>x = 1" in html


def test_entities_stay_text():
    html = render_markdown("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "&lt;script&gt;" in html and "<script" not in html
