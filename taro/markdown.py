"""The one Markdown pipeline: Python-Markdown, then the nh3 allow-list sanitizer.

Everything a person wrote (questions, answers, bios, previews) and every guide goes through
`render_markdown`. Pages store its output and mark only that stored output safe; they never
render Markdown on read.
"""
from dataclasses import dataclass, field

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
# Anything else (javascript:, data:, vbscript:, ...) is dropped, whatever its spelling.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
USER_LINK_REL = "nofollow ugc noopener"
BASE_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
# Column alignment is dropped: Markdown would emit style= or the obsolete align=.
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}


DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def _drop_disguised_schemes(tag: str, attribute: str, value: str) -> str | None:
    """Defence in depth after nh3's scheme check: a URL that spells a dangerous scheme once
    whitespace and control characters are removed (Markdown turns tabs into spaces) is dropped."""
    if attribute in {"href", "src"}:
        squashed = "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()
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
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=USER_LINK_REL if user_content else None,
        strip_comments=True,
        attribute_filter=_drop_disguised_schemes,
    )


def _without_nul(source: str | None) -> str:
    # Markdown turns NUL into U+FFFD, which can hide a scheme ("javas\0cript:"); PostgreSQL can't store it anyway.
    return (source or "").replace("\x00", "")


def render_markdown(source: str, *, user_content: bool = True) -> str:
    """Markdown written by a person, as safe HTML. Headings get no ids: they would clash with the page's own."""
    html = markdown.markdown(_without_nul(source), extensions=BASE_EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return sanitize_html(html, user_content=user_content)


def render_document(source: str) -> RenderedDocument:
    """A guide: like render_markdown, plus heading anchors and a table of contents."""
    md = markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, "toc"],
        extension_configs={**EXTENSION_CONFIGS, "toc": {"toc_depth": "2-3"}},
    )
    html = md.convert(_without_nul(source))
    return RenderedDocument(html=sanitize_html(html, user_content=False), toc=_flatten_toc(md.toc_tokens))


def _flatten_toc(tokens: list[dict]) -> list[dict]:
    entries = []
    for token in tokens:
        entries.append({"id": token["id"], "name": token["name"], "level": token["level"]})
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries
