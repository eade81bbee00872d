"""The sourcing check on guide files (`manage.py sync_guides --check`; rules in docs/guides.md).

Every problem is one line, `<file>: <section heading>: <problem>`, so a writer can go straight
to it. The sections are read from the rendered HTML (the same pipeline the page uses), so what
counts as a section's "own text" is what a reader sees under that heading: link addresses,
fenced code, table header rows and the legal notice are not part of it.
"""

import datetime
import re

from guides import citations
from guides.frontmatter import GuideSource
from guides.rendering import split_sections
from taro.markdown import render_document

# Guides about law and money: they open with the legal notice (GUIDES.md).
NOTICE_REQUIRED = frozenset({"pip", "compensation", "layoffs-and-severance", "visa-clocks"})
WHAT_CHANGED = "What changed"
EXEMPT_SECTIONS = {WHAT_CHANGED.lower(), citations.SOURCES_HEADING.lower()}
INTRO = "(intro)"
WHOLE_GUIDE = "(guide)"

NUMBER_RE = re.compile(r"\S*\d\S*|\bpercent\b|%", re.I)
RULE_WORDS = ("must", "required", "policy", "rule", "eligible", "allowed", "limit")
RULE_RE = re.compile(rf"\b(?:{'|'.join(RULE_WORDS)})\b", re.I)
EXEMPT_HTML_RE = re.compile(
    r"<pre>.*?</pre>|<thead>.*?</thead>|" + citations.NOTICE_RE.pattern, re.S
)
ENTRY_RE = re.compile(r"^[-*+][ \t]+(\d[\d-]*):[ \t]+\S")
NOTICE_LINE = f"> **{citations.LEGAL_NOTICE}**"


def check_sources(sources: list[GuideSource]) -> list[str]:
    return [problem for source in sources for problem in check_guide(source)]


def check_guide(source: GuideSource) -> list[str]:
    prepared = citations.prepare(source.body)
    found = [
        *_definition_problems(prepared),
        *_stray_source_lines(source),
        *_reference_problems(prepared),
        *_unsourced_sections(prepared),
        *_what_changed_problems(source),
        *_notice_problems(source),
    ]
    return [f"{source.filename}: {heading or INTRO}: {problem}" for heading, problem in found]


def _definition_problems(prepared: citations.PreparedBody):
    sources_heading = citations.SOURCES_HEADING
    h2s = [text for level, text in prepared.headings if level == 2]
    if sources_heading not in h2s:
        yield WHOLE_GUIDE, f"no '## {sources_heading}' section: the guide must end with one"
    elif h2s[-1] != sources_heading:
        yield sources_heading, f"'## {sources_heading}' must be the last section of the guide"
    for source in prepared.sources.values():
        label = f"[^{source.id}]"
        for problem in source.problems:
            yield sources_heading, f"{label}: {problem}"
        if not source.in_sources_section:
            yield sources_heading, f"{label} is defined outside the '## {sources_heading}' section"
        if source.id not in prepared.numbers:
            yield sources_heading, f"{label} is defined but never cited"
    for source_id in dict.fromkeys(prepared.duplicate_ids):
        yield sources_heading, f"[^{source_id}] is defined more than once"


def _stray_source_lines(source: GuideSource):
    """Text under `## Sources` that is not a definition (a definition wrapped onto two lines,
    a bullet in front of one) would show above the list as a loose paragraph."""
    for line in _section_lines(source.body, citations.SOURCES_HEADING) or []:
        if line.strip() and not citations.DEFINITION_RE.match(line):
            yield (
                citations.SOURCES_HEADING,
                f"{line.strip()[:60]!r} is not a source definition: one source a line, "
                "starting with [^id]:",
            )


def _reference_problems(prepared: citations.PreparedBody):
    reported = set()
    for use in prepared.uses:
        if use.id not in prepared.sources and (use.heading, use.id) not in reported:
            reported.add((use.heading, use.id))
            yield use.heading, f"[^{use.id}] is cited but not defined under '## Sources'"
    for heading in prepared.cited_headings:
        yield heading, "a citation in a heading is dropped: put it in the text under the heading"


def _unsourced_sections(prepared: citations.PreparedBody):
    """Sections whose own text states a number, a percentage or a rule and cites nothing."""
    fragment = EXEMPT_HTML_RE.sub("", render_document(prepared.markdown).html)
    # A section citing an undefined id is reported for that; not a second time here.
    undefined = {use.heading for use in prepared.uses if use.id not in prepared.sources}
    exempt = False
    for section in split_sections(fragment):
        if section["level"] == 2:
            exempt = section["heading"].lower() in EXEMPT_SECTIONS
        text = section["text"]
        if exempt or citations.MARK_RE.search(text) or section["heading"] in undefined:
            continue
        fact = NUMBER_RE.search(text) or RULE_RE.search(text)
        if fact:
            yield (
                section["heading"],
                f"states a fact ({fact.group(0)!r}) but cites no source: add a [^id] "
                "after the claim",
            )


def _what_changed_problems(source: GuideSource):
    lines = _section_lines(source.body, WHAT_CHANGED)
    if lines is None:
        yield WHOLE_GUIDE, f"no '## {WHAT_CHANGED}' section (dated entries, newest first)"
        return
    dates = []
    for line in lines:
        entry = ENTRY_RE.match(line)
        if not line.strip() or line.startswith((" ", "\t")):
            continue
        if entry is None:
            yield WHAT_CHANGED, f"{line.strip()!r} is not an entry '- YYYY-MM-DD: what changed'"
            continue
        try:
            dates.append(datetime.date.fromisoformat(entry.group(1)))
        except ValueError:
            yield WHAT_CHANGED, f"{entry.group(1)!r} in {line.strip()!r} is not a YYYY-MM-DD date"
    if not dates:
        yield WHAT_CHANGED, "no dated entries ('- YYYY-MM-DD: what changed')"
        return
    if dates != sorted(dates, reverse=True):
        yield WHAT_CHANGED, "entries must be newest first"
    if source.last_reviewed != max(dates):
        yield (
            WHAT_CHANGED,
            f"last_reviewed {source.last_reviewed} must equal the newest entry's date, "
            f"{max(dates)}",
        )


def _section_lines(body: str, heading: str) -> list[str] | None:
    """The lines under `## heading` up to the next h1/h2, or None without that heading."""
    found, taken = False, []
    for line in body.split("\n"):
        match = citations.HEADING_LINE_RE.match(line)
        if match and len(match.group(1)) <= 2:
            if found:
                break
            found = len(match.group(1)) == 2 and match.group(2).lower() == heading.lower()
            continue
        if found:
            taken.append(line)
    return taken if found else None


def _notice_problems(source: GuideSource):
    if source.slug not in NOTICE_REQUIRED:
        return
    intro = f"\n{source.body}".split("\n## ", 1)[0]
    if not any(line.startswith(NOTICE_LINE) for line in intro.split("\n")):
        yield (
            INTRO,
            f"this guide needs the legal notice before its first '##': a blockquote starting "
            f"'{NOTICE_LINE}'",
        )
