"""Hostile inputs and the check that what comes out of the pipeline cannot run.

Shared by the Markdown unit tests and the security tests that post through the real forms.
"""

import html
from html.parser import HTMLParser

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
    (
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115'
        '&#0000099&#0000114&#0000105&#0000112&#0000116:alert(1)">x</a>'
    ),
    '<a href=" javascript:alert(1)">x</a>',
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
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
    '<a href="jav\tascript:alert(1)">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # Markdown-specific spellings.
    "[x](javascript&colon;alert(1))",
    "[x](javascript%3Aalert(1))",
    '[x]( javascript:alert(1) "title")',
    "[x](\njavascript:alert(1))",
    "[x](javas\u0000cript:alert(1))",
    "[![img](x)](javascript:alert(1))",
    '![x](https://example.com/x.png"onerror="alert(1))',
    "[ref]\n\n[ref]: <javascript:alert(1)>",
    '[ref][]\n\n[ref]: JAVASCRIPT:alert(1) "t"',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="javascript&#x3A;alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<IMG SRC="jav&#x0A;ascript:alert(1);">',
    '<img src="x" alt="" ONERROR="alert(1)">',
    '<a href="https://ok.example" onmouseover=alert(1)>ok</a>',
    "**bold <script>alert(1)</script>**",
    "> quote <iframe src=javascript:alert(1)>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "- item <svg/onload=alert(1)>",
    "<textarea><script>alert(1)</script></textarea>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
]

# An independent copy of the allow-list on purpose (not imported from taro.markdown): a tag
# wrongly added there must fail here.
ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br code del em h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre s strong sub "
    "sup table tbody td tfoot th thead tr ul".split()
)
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
                url = "".join(
                    ch for ch in html.unescape(value) if ch.isprintable() and not ch.isspace()
                ).lower()
                if ":" in url.split("/")[0] and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"{name}={value!r}")


def assert_inert(output: str) -> None:
    checker = InertChecker()
    checker.feed(output)
    checker.close()
    assert not checker.problems, f"{checker.problems} in {output!r}"
