"""Self-check guide files against the citation rules in GUIDES.md (a writer's aid, stricter than
the real check: any digit anywhere in a section, links included, counts as a stated number).

Usage: python scripts/check_guide_citations.py guides/content/promotion.md [...]
Exits 1 and prints one line per problem when a file breaks a rule.
"""

import re
import sys
from pathlib import Path

HEADING = re.compile(r"^(#{2,3}) (.+?)\s*$")
REF = re.compile(r"\[\^([^\]]+)\](?!:)")
DEFINITION = re.compile(r"^\[\^([^\]]+)\]: (.*)$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
CHECKED = re.compile(r"^checked \d{4}-\d{2}-\d{2}$")
CHANGE = re.compile(r"^- (\d{4}-\d{2}-\d{2}): \S")
FACT_WORDS = re.compile(
    r"\b(must|required|polic(?:y|ies)|rules?|eligib\w*|allowed|limit\w*)\b", re.IGNORECASE
)
EXEMPT = {"What changed", "Sources"}
REQUIRED_HEADINGS = {
    "promotion": [
        "How long the document runs",
        "Time in level: how long SDE 1 to SDE 2 takes",
        "Peer feedback for promotion",
    ],
    "internal-transfers": [
        "Who can transfer",
        "Transfers during Focus or a PIP",
        "Notice periods",
        "Ratings and promotion after a move",
    ],
    "managing-your-manager": [
        "When your manager changes mid-cycle",
        "Reorgs",
        "Skip-level meetings",
        "Written goals",
    ],
}


def sections(body: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each h2/h3, fenced code removed; text before the first is "intro"."""
    found, name, lines, fenced = [], "intro", [], False
    for line in body:
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        match = HEADING.match(line)
        if match:
            found.append((name, lines))
            name, lines = match.group(2), []
        else:
            lines.append(line)
    found.append((name, lines))
    return found


def check(path: Path) -> list[str]:
    text = path.read_text()
    _, header, body = text.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in header.strip().splitlines())
    problems = []
    parts = sections(body.splitlines())
    names = [name for name, _ in parts]
    if names[-1] != "Sources" or names[-2] != "What changed":
        problems.append("the last two headings must be 'What changed' then 'Sources'")
    for heading in REQUIRED_HEADINGS.get(meta["slug"], []):
        if heading not in names:
            problems.append(f"missing heading {heading!r}")
    defined = {}
    for line in dict(parts).get("Sources", []):
        if not line.strip():
            continue
        match = DEFINITION.match(line)
        if not match:
            problems.append(f"not a source definition: {line[:60]!r}")
            continue
        ident, rest = match.groups()
        fields = rest.split(" | ")
        if len(fields) != 5 or not all(f.strip() for f in fields):
            problems.append(f"{ident}: needs five non-empty fields, has {len(fields)}")
        elif not SOURCE_DATE.match(fields[2]):
            problems.append(f"{ident}: bad date {fields[2]!r}")
        elif not fields[3].startswith("https://"):
            problems.append(f"{ident}: bad URL {fields[3]!r}")
        elif not CHECKED.match(fields[4]):
            problems.append(f"{ident}: bad checked field {fields[4]!r}")
        if not ID.match(ident) or ident in defined:
            problems.append(f"{ident}: bad or repeated id")
        defined[ident] = line
    used = set()
    for name, lines in parts:
        if name == "Sources":
            continue
        own = "\n".join(lines)
        refs = set(REF.findall(own))
        used |= refs
        if name in EXEMPT:
            continue
        states_fact = re.search(r"\d", own) or FACT_WORDS.search(own)
        if states_fact and not refs:
            problems.append(f"section {name!r} states {states_fact.group(0)!r} without a citation")
    for ident in sorted(used - set(defined)):
        problems.append(f"{ident}: used but not defined")
    for ident in sorted(set(defined) - used):
        problems.append(f"{ident}: defined but never used")
    changes = [CHANGE.match(line) for line in dict(parts).get("What changed", []) if line.strip()]
    if not changes or not all(changes):
        problems.append("What changed items must read '- YYYY-MM-DD: ...'")
    else:
        dates = [m.group(1) for m in changes]
        if dates != sorted(dates, reverse=True):
            problems.append("What changed is not newest first")
        if meta["last_reviewed"] != dates[0]:
            problems.append(f"last_reviewed {meta['last_reviewed']} != newest change {dates[0]}")
    return [f"{path.name}: {problem}" for problem in problems]


if __name__ == "__main__":
    all_problems = [p for arg in sys.argv[1:] for p in check(Path(arg))]
    print("\n".join(all_problems) or "OK")
    sys.exit(1 if all_problems else 0)
