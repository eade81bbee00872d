"""Reading a guide file: a `---` front-matter header of `key: value` lines, then Markdown.

A deliberately small format (no YAML dependency): every key is known, every value is checked,
and every problem is reported as "<file>: <problem>" so a broken file is easy to find.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

REQUIRED_KEYS = ("title", "slug", "summary", "topics", "order", "last_reviewed")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LENGTHS = {"title": 200, "summary": 400, "slug": 100}
# Bump when the stored HTML would change for an unchanged file (new anchors, table wrapping,
# ...): it is part of the checksum, so the next sync re-renders every guide.
RENDER_VERSION = "6"  # 6: table cards copy citation links without their ids (5: citations)


class GuideSourceError(ValueError):
    """A guide file that cannot be synced; the message names the file and the problem."""


@dataclass(frozen=True)
class GuideSource:
    filename: str
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    order: int
    last_reviewed: datetime.date
    body: str
    checksum: str


def read_guide_file(path: Path) -> GuideSource:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise GuideSourceError(
            f"{path.name}: not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        return parse_guide(text, filename=path.name, checksum=source_checksum(raw))
    except _Problem as problem:
        raise GuideSourceError(f"{path.name}: {problem}") from None


def source_checksum(raw: bytes) -> str:
    return hashlib.sha256(f"render-v{RENDER_VERSION}\n".encode() + raw).hexdigest()


def parse_guide(text: str, *, filename: str, checksum: str) -> GuideSource:
    header, body = _split_front_matter(text)
    fields = _parse_header(header)
    if not body.strip():
        raise _Problem("the guide has no body after the front matter")
    return GuideSource(
        filename=filename,
        slug=_slug(fields["slug"]),
        title=_text(fields, "title"),
        summary=_text(fields, "summary"),
        topics=_topics(fields["topics"]),
        order=_order(fields["order"]),
        last_reviewed=_date(fields["last_reviewed"]),
        body=body.strip("\n") + "\n",
        checksum=checksum,
    )


class _Problem(Exception):
    """One thing wrong with a file; read_guide_file adds the file name."""


def _split_front_matter(text: str) -> tuple[list[str], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise _Problem("missing front matter: the file must start with a '---' line")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return lines[1:index], "\n".join(lines[index + 1 :])
    raise _Problem("front matter is not closed: add a '---' line after the header")


def _parse_header(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon:
            raise _Problem(f"line {number}: expected 'key: value', got {line.strip()!r}")
        if key not in REQUIRED_KEYS:
            raise _Problem(
                f"line {number}: unknown front-matter key {key!r} "
                f"(allowed: {', '.join(REQUIRED_KEYS)})"
            )
        if key in fields:
            raise _Problem(f"line {number}: front-matter key {key!r} is given twice")
        fields[key] = value.strip()
    missing = [key for key in REQUIRED_KEYS if key not in fields]
    if missing:
        raise _Problem(f"missing required front-matter key(s): {', '.join(missing)}")
    empty = [key for key in REQUIRED_KEYS if not fields[key]]
    if empty:
        raise _Problem(f"empty front-matter value(s): {', '.join(empty)}")
    return fields


def _text(fields: dict[str, str], key: str) -> str:
    value = fields[key]
    if len(value) > MAX_LENGTHS[key]:
        raise _Problem(f"{key} is {len(value)} characters long; the limit is {MAX_LENGTHS[key]}")
    return value


def _slug(value: str) -> str:
    if not SLUG_RE.match(value) or len(value) > MAX_LENGTHS["slug"]:
        raise _Problem(f"slug {value!r} must be lowercase letters, digits and single hyphens")
    return value


def _topics(value: str) -> tuple[str, ...]:
    slugs = [item.strip() for item in value.split(",")]
    if any(not slug for slug in slugs):
        raise _Problem(f"topics {value!r} must be a comma-separated list of topic slugs")
    if len(set(slugs)) != len(slugs):
        raise _Problem(f"topics {value!r} lists a topic twice")
    return tuple(slugs)


def _order(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,4}", value):
        raise _Problem(f"order {value!r} must be a whole number from 0 to 9999")
    return int(value)


def _date(value: str) -> datetime.date:
    try:
        if not DATE_RE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Problem(f"last_reviewed {value!r} is not a date in the form YYYY-MM-DD") from None
