"""Citations in guides (the syntax is in docs/guides.md): `[^id]` after a claim, and one line
per source under the last heading, `## Sources`:

    [^id]: Title | Publisher | YYYY-MM-DD or YYYY-MM | https://url | checked YYYY-MM-DD

Two steps around the one Markdown pipeline. Before it, `prepare` takes the definition lines out
of the Markdown and turns each reference into a marker made of two private-use characters and
a number: Markdown leaves those alone (no Markdown syntax, no HTML) and so does the sanitizer,
which still sees every character the writer typed. After it, `finish` turns the markers into
numbered links and appends the Sources list: fixed markup around text it escapes itself, as
guides/rendering.py adds heading anchors.
"""

import datetime
import html
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from taro.markdown import ANY_TAG

REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
DEFINITION_RE = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING_LINE_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
INLINE_CODE_RE = re.compile(r"(`+).+?\1")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
CHECKED_RE = re.compile(r"^checked (\S+)$")
FIELD_SEPARATOR = " | "
FIELDS = ("title", "publisher", "date", "URL", "checked date")
SOURCES_HEADING = "Sources"

# A reference, between Markdown and the finished HTML. Private-use characters: no writer types
# them (prepare removes any that are there), Markdown and nh3 pass them through untouched.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK_RE = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
PRIVATE_MARKS_RE = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")


@dataclass(frozen=True)
class Source:
    """One definition line, read as far as it goes; `problems` says what is wrong with it."""

    id: str
    title: str = ""
    publisher: str = ""
    published: datetime.date | None = None
    published_has_day: bool = True
    url: str = ""
    checked: datetime.date | None = None
    in_sources_section: bool = True
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Use:
    id: str
    heading: str  # the heading of the section it is in ("" before the first heading)


@dataclass
class PreparedBody:
    markdown: str  # for the Markdown pipeline: markers instead of references, no definitions
    sources: dict[str, Source] = field(default_factory=dict)  # by id, in definition order
    numbers: dict[str, int] = field(default_factory=dict)  # id -> its number, by first use
    uses: list[Use] = field(default_factory=list)  # every reference, defined or not
    duplicate_ids: list[str] = field(default_factory=list)
    cited_headings: list[str] = field(default_factory=list)  # headings that held a reference
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text), in order

    @property
    def numbered_sources(self) -> list[Source]:
        """The defined sources in the order of their numbers: cited ones by first use, then the
        ones nothing cites (the check reports those), so the list shows every definition."""
        cited = sorted(self.numbers, key=lambda i: self.numbers[i])
        return [self.sources[i] for i in cited] + [
            source for i, source in self.sources.items() if i not in self.numbers
        ]


def prepare(body: str) -> PreparedBody:
    lines = PRIVATE_MARKS_RE.sub("", body).split("\n")
    prepared = PreparedBody(markdown="")
    kept = _take_definitions(lines, prepared)
    prepared.markdown = "\n".join(_mark_references(kept, prepared))
    return prepared


def _outside_fences(lines: list[str]):
    """(line, in_fence) for each line; the fence lines themselves count as inside."""
    fence = None
    for line in lines:
        opener = FENCE_RE.match(line)
        if fence is None and opener:
            fence = opener.group(1)
            yield line, True
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            yield line, True
        else:
            yield line, False


def _take_definitions(lines: list[str], prepared: PreparedBody) -> list[str]:
    kept, in_sources = [], False
    for line, in_fence in _outside_fences(lines):
        heading = None if in_fence else HEADING_LINE_RE.match(line)
        if heading:
            in_sources = len(heading.group(1)) == 2 and heading.group(2) == SOURCES_HEADING
        definition = None if in_fence else DEFINITION_RE.match(line)
        if definition is None:
            kept.append(line)
            continue
        source = parse_definition(*definition.groups(), in_sources_section=in_sources)
        if source.id in prepared.sources:
            prepared.duplicate_ids.append(source.id)
        else:
            prepared.sources[source.id] = source
    return kept


def _mark_references(lines: list[str], prepared: PreparedBody) -> list[str]:
    out, current = [], ""
    for line, in_fence in _outside_fences(lines):
        if in_fence:
            out.append(line)
            continue
        heading = HEADING_LINE_RE.match(line)
        if heading:
            text = REF_RE.sub("", heading.group(2)).strip()
            if REF_RE.search(heading.group(2)):
                prepared.cited_headings.append(text)
                line = f"{heading.group(1)} {text}"  # a heading holds no reference
            current = text
            prepared.headings.append((len(heading.group(1)), text))
            out.append(line)
            continue
        out.append(_mark_line(line, current, prepared))
    return out


def _mark_line(line: str, heading: str, prepared: PreparedBody) -> str:
    """References outside inline code become markers; undefined ones stay as typed."""

    def mark(match: re.Match) -> str:
        source_id = match.group(1)
        prepared.uses.append(Use(source_id, heading))
        if source_id not in prepared.sources:
            return match.group(0)
        number = prepared.numbers.setdefault(source_id, len(prepared.numbers) + 1)
        return f"{MARK_OPEN}{number}{MARK_CLOSE}"

    parts, last = [], 0
    for code in INLINE_CODE_RE.finditer(line):
        parts += [REF_RE.sub(mark, line[last : code.start()]), code.group(0)]
        last = code.end()
    return "".join(parts) + REF_RE.sub(mark, line[last:])


def parse_definition(source_id: str, text: str, *, in_sources_section: bool = True) -> Source:
    problems = []
    if not ID_RE.match(source_id):
        problems.append("the id must be lowercase letters, digits and single hyphens")
    fields = [part.strip() for part in text.split(FIELD_SEPARATOR.strip())]
    if len(fields) > len(FIELDS):  # a "|" inside the title: the last four fields are fixed
        fields = [" | ".join(fields[: len(fields) - 4]), *fields[-4:]]
    fields += [""] * (len(FIELDS) - len(fields))
    title, publisher, published_text, url, checked_text = fields
    missing = [name for name, value in zip(FIELDS, fields, strict=True) if not value]
    if missing:
        problems.append(
            f"missing {', '.join(missing)} (the line needs five fields separated by ' | ': "
            "title | publisher | YYYY-MM-DD | https://... | checked YYYY-MM-DD)"
        )
    published, has_day = _published(published_text, problems)
    checked = _checked(checked_text, problems)
    if url and not is_https_url(url):
        problems.append(f"URL {url!r} must be a full https:// address")
    return Source(
        id=source_id,
        title=title,
        publisher=publisher,
        published=published,
        published_has_day=has_day,
        url=url if is_https_url(url) else "",
        checked=checked,
        in_sources_section=in_sources_section,
        problems=tuple(problems),
    )


def _published(text: str, problems: list[str]) -> tuple[datetime.date | None, bool]:
    if not text:
        return None, True
    try:
        if DAY_RE.match(text):
            return datetime.date.fromisoformat(text), True
        if MONTH_RE.match(text):
            return datetime.date.fromisoformat(f"{text}-01"), False
    except ValueError:
        pass
    problems.append(f"date {text!r} must be YYYY-MM-DD, or YYYY-MM when only the month is known")
    return None, True


def _checked(text: str, problems: list[str]) -> datetime.date | None:
    if not text:
        return None
    match = CHECKED_RE.match(text)
    try:
        if match and DAY_RE.match(match.group(1)):
            return datetime.date.fromisoformat(match.group(1))
    except ValueError:
        pass
    problems.append(f"{text!r} must read 'checked YYYY-MM-DD'")
    return None


def is_https_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and bool(parts.netloc)
        and not any(ch.isspace() or ch in "\"'<>`" for ch in url)
    )


# After the Markdown pipeline ---------------------------------------------------------------


def strip_markers(fragment: str) -> str:
    """The HTML without references: what search indexes and what words are counted in."""
    return MARK_RE.sub("", fragment)


def link_references(fragment: str) -> str:
    """Markers in text become `[N]` links to the Nth source, each use with its own id. Markers
    inside a tag (a reference in a link's title or an image's alt text) are dropped: markup
    there would break out of the attribute."""
    seen: dict[str, int] = {}

    def link(match: re.Match) -> str:
        number = match.group(1)
        seen[number] = seen.get(number, 0) + 1
        return (
            f'<sup class="cite"><a href="#source-{number}" id="cite-{number}-{seen[number]}">'
            f"[{number}]</a></sup>"
        )

    parts, last = [], 0
    for tag in ANY_TAG.finditer(fragment):
        parts += [MARK_RE.sub(link, fragment[last : tag.start()]), strip_markers(tag.group(0))]
        last = tag.end()
    return "".join(parts) + MARK_RE.sub(link, fragment[last:])


H2_RE = re.compile(r'<h2 id="[^"<>]+">.*?</h2>', re.S)


def add_checked_dates(fragment: str, prepared: PreparedBody) -> str:
    """After each h2, when its section (h3s included) cites anything, the oldest date on which
    one of those sources was checked: the age of the section's weakest evidence."""
    by_number = {number: prepared.sources[i] for i, number in prepared.numbers.items()}
    headings = list(H2_RE.finditer(fragment))
    parts, last = [], 0
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(fragment)
        dates = [
            checked
            for n in MARK_RE.findall(fragment[heading.end() : end])
            if int(n) in by_number and (checked := by_number[int(n)].checked)
        ]
        parts.append(fragment[last : heading.end()])
        if dates:
            parts.append(f'\n<p class="sources-checked">Sources checked on {_time(min(dates))}</p>')
        last = heading.end()
    return "".join(parts) + fragment[last:]


def sources_list(prepared: PreparedBody) -> str:
    """The numbered list that ends the guide, under its `## Sources` heading."""
    items = []
    for number, source in enumerate(prepared.numbered_sources, start=1):
        title = html.escape(source.title or source.id)
        if source.url:
            url = html.escape(source.url)
            host = html.escape(urlsplit(source.url).hostname or "")
            title = (
                f'<a href="{url}" rel="nofollow noopener">{title}</a> '
                f'<span class="source-host">({host})</span>'
            )
        details = [html.escape(source.publisher)] if source.publisher else []
        if source.published:
            details.append(_time(source.published, with_day=source.published_has_day))
        checked = f" Checked on {_time(source.checked)}." if source.checked else ""
        items.append(
            f'<li id="source-{number}"><span class="source-title">{title}</span>'
            f"{'. ' + ', '.join(details) if details else ''}."
            f'<span class="source-checked">{checked}</span></li>'
        )
    joined = "\n".join(items)
    return f'\n<ol class="sources">\n{joined}\n</ol>' if items else ""


def _time(day: datetime.date, *, with_day: bool = True) -> str:
    if with_day:
        return f'<time datetime="{day:%Y-%m-%d}">{day.day} {day:%b %Y}</time>'
    return f'<time datetime="{day:%Y-%m}">{day:%b %Y}</time>'


def finish(fragment: str, prepared: PreparedBody) -> str:
    """The sanitized HTML with numbered references, checked dates and the Sources list."""
    return link_references(add_checked_dates(fragment, prepared)) + sources_list(prepared)


# The notice on guides about law and money (GUIDES.md): a blockquote that opens with this text in
# bold becomes a note box.
LEGAL_NOTICE = "US rules; not legal, tax or immigration advice."
NOTICE_RE = re.compile(
    r"<blockquote>(\s*<p><strong>" + re.escape(html.escape(LEGAL_NOTICE)) + r"</strong>.*?)"
    r"</blockquote>",
    re.S,
)


def style_notices(fragment: str) -> str:
    return NOTICE_RE.sub(r'<aside class="notice" role="note">\1</aside>', fragment)
