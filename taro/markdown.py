"""The one Markdown pipeline: a Markdown parser, then the nh3 allow-list sanitizer.

Everything a person wrote (questions, answers, bios, previews) goes through `render_markdown`:
cmark-gfm (GitHub's C parser, through cmarkgfm), linear in its input, so no text the forms
accept can hold a worker (Python-Markdown took tens of seconds on 19,000 "[": quadratic).
Guides, our own files in the repo, go through `render_document`: Python-Markdown, for its
heading anchors and table of contents, at sync time only. Both end in the same sanitizer. Pages
store the output and mark only that stored output safe; they never render Markdown on read.
"""

import html as html_lib
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

import cmarkgfm
import markdown
import nh3
from cmarkgfm.cmark import Options
from django.core.exceptions import ValidationError

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
USER_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
# Guides' headings keep the anchors the pipeline gives them. People's text keeps no id at all:
# a raw <h1 id="main"> or id="answer-12" would hijack the page's own anchors.
GUIDE_ATTRIBUTES = {**USER_ATTRIBUTES, **{f"h{n}": {"id"} for n in range(1, 7)}}
# Anything else (javascript:, data:, vbscript:, ...) is dropped, whatever its spelling.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
USER_LINK_REL = "nofollow ugc noopener"
BASE_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
# GitHub's dialect for people's text. Raw HTML is passed through to nh3 (CMARK_OPT_UNSAFE): the
# sanitizer, not the parser, is the one place that decides what survives, as for guides.
USER_EXTENSIONS = ["table", "strikethrough", "autolink"]
USER_OPTIONS = Options.CMARK_OPT_UNSAFE
# Column alignment is dropped: Markdown would emit style= or the obsolete align=.
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def _drop_disguised_schemes(tag: str, attribute: str, value: str) -> str | None:
    """Defence in depth after nh3's scheme check: a URL that spells a dangerous scheme once
    percent-escapes are decoded (cmark writes a tab as %09) and whitespace and control
    characters are removed is dropped."""
    if attribute in {"href", "src"}:
        decoded = unquote(value)
        squashed = "".join(ch for ch in decoded if ch.isprintable() and not ch.isspace()).lower()
        if squashed.startswith(DANGEROUS_SCHEMES):
            return None
    return value


@dataclass
class RenderedDocument:
    html: str
    toc: list[dict] = field(default_factory=list)


def sanitize_html(html: str, *, user_content: bool = True) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=USER_ATTRIBUTES if user_content else GUIDE_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=USER_LINK_REL if user_content else None,
        strip_comments=True,
        attribute_filter=_drop_disguised_schemes,
    )


def _without_nul(source: str | None) -> str:
    # Markdown turns NUL into U+FFFD, which can hide a scheme ("javas\0cript:"); PostgreSQL can't
    # store it anyway.
    return (source or "").replace("\x00", "")


def render_markdown(source: str, *, user_content: bool = True) -> str:
    """Markdown written by a person, as safe HTML. Headings get no ids: they would clash with the
    page's own."""
    source = _without_nul(source)
    html = cmarkgfm.markdown_to_html_with_extensions(
        source, options=USER_OPTIONS, extensions=USER_EXTENSIONS
    )
    if nests_deeper_than(html, MAX_NESTING):
        html = _as_plain_text(source)
    return images_as_links(sanitize_html(html.strip(), user_content=user_content))


# Markdown can make far more HTML than it is given: an <a> with its rel for each bare "www.a.co",
# a cell for each "|" of a wide table (a 20,000-character body made a 309 KB page, 15 times its
# size). Measured on 20,000 characters: prose renders at 1.0x, a list of full links 3.5-3.7x, a
# real table 3.1x, emphasis everywhere 2.8x; bare short domains 7.4x, empty table cells 9.8x.
# Past RENDERED_RATIO times its length (short texts get RENDERED_FLOOR) a text is refused with
# a form error, and kept in the form.
RENDERED_RATIO = 6
RENDERED_FLOOR = 50_000


def rendered_size_limit(source: str) -> int:
    return max(RENDERED_FLOOR, RENDERED_RATIO * len(source))


def check_rendered_size(source: str) -> str:
    """The text's HTML (render_markdown), or ValidationError when it is too big for its length."""
    html = render_markdown(source)
    limit = rendered_size_limit(source)
    if len(html) > limit:
        raise ValidationError(
            f"Formatted, this text makes a page of {len(html) // 1000:,} KB, more than the "
            f"{limit // 1000:,} KB allowed for its length. Very wide tables with empty cells or "
            "long runs of bare links cause this: shorten them or write the links as a list.",
            code="rendered_too_large",
        )
    return html


def validate_rendered_size(source: str) -> None:
    """check_rendered_size() as a form field's validator (validators return nothing)."""
    check_rendered_size(source)


# People's text embeds no remote image: an image from another server is fetched by every reader's
# browser, so whoever runs that server learns each reader's IP address and when they read (a
# tracking pixel on a PIP question). Images become links to them, which load only when clicked.
# This runs on the sanitizer's output, where every attribute is double-quoted and escaped.
TAG_A_OR_IMG = re.compile(r"<(/?)(a|img)\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')


def images_as_links(html: str) -> str:
    parts, last, in_link = [], 0, 0
    for match in TAG_A_OR_IMG.finditer(html):
        closing, name, attributes = match.groups()
        if name == "a":
            in_link = max(0, in_link - 1) if closing else in_link + 1
            continue
        found = dict(ATTRIBUTE.findall(attributes))
        label = f"Image: {found['alt']}" if found.get("alt") else "Image"
        # Inside a link the image's own address can't be a second link: its label stays.
        link = found.get("src") and not in_link
        parts += [
            html[last : match.start()],
            f'<a href="{found["src"]}" rel="{USER_LINK_REL}">{label}</a>' if link else label,
        ]
        last = match.end()
    return "".join(parts) + html[last:]


# The HTML parser inside nh3 slows down quadratically with the depth of the tree (20,000 nested
# blockquotes, from 20,000 ">" characters, took 2.7 s; 5,000 unclosed <ul> 140 ms). No real post
# nests that deep, so one that does is shown as the text its author typed.
MAX_NESTING = 64
TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def nests_deeper_than(html: str, limit: int) -> bool:
    """Whether the tags in `html` open more than `limit` deep (unclosed tags count as open);
    stops at the first tag past the limit."""
    depth = 0
    for closing, name, self_closing in (match.groups() for match in TAG_RE.finditer(html)):
        if name.lower() in VOID_TAGS or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > limit:
            return True
    return False


def _as_plain_text(source: str) -> str:
    return "<p>" + html_lib.escape(source).replace("\n", "<br>\n") + "</p>"


def render_document(source: str) -> RenderedDocument:
    """A guide: like render_markdown, plus heading anchors and a table of contents."""
    md = markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, "toc"],
        extension_configs={**EXTENSION_CONFIGS, "toc": {"toc_depth": "2-3"}},
    )
    html = md.convert(_without_nul(source))
    return RenderedDocument(
        html=sanitize_html(html, user_content=False), toc=_flatten_toc(md.toc_tokens)
    )


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    entries = []
    for token in tokens:
        entries.append({"id": token["id"], "name": token["name"], "level": token["level"]})
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries


# Where one block of text ends and the next begins: a line break in the plain text, so words on
# either side never run together ("end.</p><p>Next" reads "end. Next", table cells stay apart).
BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|blockquote|pre|tr|table|ul|ol)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE
)
CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
# Any tag of sanitized HTML: text there never holds "<" (it is escaped), and quoted attribute
# values may hold ">".
ANY_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def plain_text(html: str) -> str:
    """Sanitized HTML as the words a reader sees, without markup: links keep their text, lists
    and table cells stay apart, entities are decoded. Stored beside the HTML when a post is saved
    (search indexes and quotes it), and used for guide sections at sync time."""
    marked = CELL_END.sub(" \u00b7 ", BLOCK_END.sub("\n", " ".join(html.split())))
    # Tags are dropped by pattern, not by an HTML parser: a parser would move the row and cell
    # breaks written between table tags out of the table.
    text = html_lib.unescape(ANY_TAG.sub("", marked))
    lines = (" ".join(line.split()).strip(" \u00b7") for line in text.splitlines())
    return "\n".join(line for line in lines if line)
