"""Guide HTML, finished at sync time: the shared Markdown pipeline plus page furniture.

`taro.markdown.render_document` gives sanitized HTML and the toc; around it, guides/citations.py
turns `[^id]` references into numbered links to the Sources list it appends and styles the legal
notice, and here we add permalink anchors to h2/h3 headings, wrap tables so they scroll, and
follow each wide table with a stacked copy of its rows that phones show instead
(static/css/taro.css). The input is our own sanitized output (nh3 normalises it), so matching
its tags with regular expressions is reliable, and the added markup is fixed text plus ids and
text that the sanitizer or guides/citations.py already escaped.
"""

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from guides import citations
from taro.markdown import plain_text as text_of_html
from taro.markdown import render_document

WORDS_PER_MINUTE = 230
HEADING_RE = re.compile(r'<h([23]) id="([^"<>]+)">(.*?)</h\1>', re.S)
HEADING_OR_TABLE_RE = re.compile(r'<h[23] id="[^"<>]+">(?P<heading>.*?)</h[23]>|<table>', re.S)
TAG_RE = re.compile(r"<[^>]+>")
WORD_RE = re.compile(r"\w+(?:['’.-]\w+)*")


@dataclass(frozen=True)
class RenderedGuide:
    html: str
    toc: list[dict]
    word_count: int
    reading_minutes: int
    sections: Sequence[dict[str, Any]] = ()


def render_guide(source: str) -> RenderedGuide:
    prepared = citations.prepare(source)
    document = render_document(prepared.markdown)
    # Search and the word count see the words, not the "[3]"s nor the source lines.
    text_only = citations.strip_markers(document.html)
    words = count_words(text_only)
    body = citations.style_notices(citations.finish(document.html, prepared))
    return RenderedGuide(
        sections=split_sections(text_only),
        html=add_heading_anchors(wrap_tables(add_table_cards(body))),
        # Stored as plain text (the pipeline hands back entity-escaped names); templates escape it.
        toc=[{**entry, "name": html.unescape(entry["name"])} for entry in document.toc],
        word_count=words,
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)),
    )


def split_sections(fragment: str) -> list[dict]:
    """The guide cut at each h2/h3 heading: [{anchor, heading, level, text}] in document order,
    the text before the first heading (if any) first, with no anchor. Text is plain words
    (taro.markdown.plain_text): what search indexes and quotes."""
    sections, start, current = [], 0, {"anchor": "", "heading": "", "level": 1}
    for match in HEADING_RE.finditer(fragment):
        sections.append({**current, "text": text_of_html(fragment[start : match.start()])})
        level, anchor, inner = match.groups()
        current = {"anchor": anchor, "heading": plain_text(inner), "level": int(level)}
        start = match.end()
    sections.append({**current, "text": text_of_html(fragment[start:])})
    return [s for s in sections if s["anchor"] or s["text"]]


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(TAG_RE.sub(" ", fragment)).split())


def count_words(fragment: str) -> int:
    return len(WORD_RE.findall(plain_text(fragment)))


def add_heading_anchors(fragment: str) -> str:
    def anchor(match: re.Match) -> str:
        level, slug, inner = match.groups()
        link = f'<a class="anchor" href="#{slug}" aria-label="Link to this section">#</a>'
        return f'<h{level} id="{slug}">{inner} {link}</h{level}>'

    return HEADING_RE.sub(anchor, fragment)


def wrap_tables(fragment: str) -> str:
    """Wrap each table in a focusable, scrollable region named after the heading above it.

    Region names must differ (axe: landmark-unique), so a repeated name gets a number.
    """
    state = {"heading": ""}
    used: set[str] = set()

    def replace(match: re.Match) -> str:
        if match.group("heading") is not None:
            state["heading"] = plain_text(match.group("heading"))
            return match.group(0)
        label = _unique_label(f"Table: {state['heading']}" if state["heading"] else "Table", used)
        return (
            '<div class="table-scroll" tabindex="0" role="region" '
            f'aria-label="{html.escape(label)}"><table>'
        )

    wrapped = HEADING_OR_TABLE_RE.sub(replace, fragment)
    return wrapped.replace("</table>", "</table></div>")


TABLE_RE = re.compile(r"<table>(?P<inner>.*?)</table>", re.S)
THEAD_RE = re.compile(r"<thead>(.*?)</thead>", re.S)
TH_RE = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW_RE = re.compile(r"<tr>(.*?)</tr>", re.S)
TD_RE = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)
# From this many columns a table is too wide for a phone: it gets a stacked copy there.
STACK_FROM_COLUMNS = 3


def add_table_cards(fragment: str) -> str:
    """After each wide table (3+ columns), the same rows as cards: one `<dl>` per row, each
    value under its column's name. CSS shows the cards instead of the table at narrow widths
    (static/css/taro.css), so no cell is off-screen; the hidden one is hidden from assistive
    technology too, and each keeps its own semantics (a real table, real term/value pairs)."""

    def cards(match: re.Match) -> str:
        inner = match.group("inner")
        head = THEAD_RE.search(inner)
        names = [plain_text(cell) for cell in TH_RE.findall(head.group(1))] if head else []
        if head is None or len(names) < STACK_FROM_COLUMNS:
            return match.group(0)
        rows = []
        for row in ROW_RE.findall(inner[head.end() :]):
            pairs = [
                f"<div><dt>{html.escape(name)}</dt><dd>{_without_ids(value)}</dd></div>"
                for name, value in zip(names, TD_RE.findall(row), strict=False)
                if value.strip()
            ]
            rows.append(f'<dl class="table-card">{"".join(pairs)}</dl>')
        return f'{match.group(0)}<div class="table-cards">{"".join(rows)}</div>'

    return TABLE_RE.sub(cards, fragment)


ID_ATTRIBUTE_RE = re.compile(r'\s+id="[^"]*"')


def _without_ids(cell: str) -> str:
    """A cell's copy for the cards: its citation links keep their target but not their own
    id, which the table's cell already carries (an id must be unique on the page)."""
    return ID_ATTRIBUTE_RE.sub("", cell)


def _unique_label(label: str, used: set[str]) -> str:
    candidate, number = label, 2
    while candidate in used:
        candidate, number = f"{label} ({number})", number + 1
    used.add(candidate)
    return candidate
