"""The two documents the log becomes, as Markdown: the promotion document, organised by the
five scopes, and the self-review, organised by Leadership Principle. Plain functions of the
entries (no queries), so the page, the download and the print view give the same text."""

import re
from dataclasses import dataclass

from workbench import catalog
from workbench.models import Draft, Entry

TITLES = {
    Draft.Kind.PROMOTION: "Promotion document",
    Draft.Kind.SELF_REVIEW: "Self-review",
}


def one_line(text: str) -> str:
    return " ".join(text.split())


def clip_words(text: str, most: int) -> str:
    """At most `most` words of `text` on one line, with an ellipsis when cut."""
    words = text.split()
    if len(words) <= most:
        return " ".join(words)
    return " ".join(words[:most]).rstrip(",;:.") + "…" if most else ""


def first_sentence(text: str) -> str:
    """The first sentence of some Markdown, on one line."""
    flat = one_line(text)
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return match.group(1) if match else flat


def entry_markdown(entry: Entry, *, heading: str = "###") -> str:
    """One entry as a section: impact first, then what was done, then its links."""
    parts = [f"{heading} {one_line(entry.title)} ({entry.date:%B %Y})", ""]
    if entry.impact_source.strip():
        parts += [f"**Impact:** {entry.impact_source.strip()}", ""]
    parts += [entry.did_source.strip(), ""]
    if entry.principle_labels:
        parts += [f"*Leadership Principles:* {', '.join(entry.principle_labels)}", ""]
    if entry.link_list:
        parts += ["Links:", "", *(f"- <{link}>" for link in entry.link_list), ""]
    return "\n".join(parts)


def _impact_first(entries: list[Entry]) -> list[Entry]:
    """Entries with a stated impact lead; newest first within each group."""
    return sorted(entries, key=lambda e: (not e.impact_source.strip(), -e.date.toordinal(), -e.pk))


def promotion_markdown(entries: list[Entry], move: catalog.Move) -> str:
    lines = [
        f"# Promotion document: {move.label}",
        "",
        "*Assembled from my work log. The five scopes carry the case; each entry leads with its "
        "impact.*",
        "",
    ]
    for key, label, question in catalog.SCOPES:
        lines += [f"## {label}", "", f"*{question}*", ""]
        placed = _impact_first([e for e in entries if e.primary_scope == key])
        if not placed:
            lines += ["*Nothing logged with this as its primary scope yet.*", ""]
        lines += [entry_markdown(entry) for entry in placed]
    untagged = [e for e in entries if not e.primary_scope]
    if untagged:
        lines += ["## Not yet tagged with a scope", ""]
        lines += [entry_markdown(e) for e in _impact_first(untagged)]
    return "\n".join(lines).rstrip() + "\n"


def self_review_markdown(entries: list[Entry]) -> str:
    lines = [
        "# Self-review",
        "",
        "*Anchored on the Leadership Principles: each principle with the work that shows it.*",
        "",
    ]
    missing = []
    for key, label in catalog.PRINCIPLES:
        tagged = _impact_first([e for e in entries if key in e.principles])
        if not tagged:
            missing.append(label)
            continue
        lines += [f"## {label}", ""]
        for entry in tagged:
            impact = f" {one_line(entry.impact_source)}" if entry.impact_source.strip() else ""
            lines.append(
                f"- **{one_line(entry.title)}** ({entry.date:%B %Y}).{impact} "
                f"{one_line(entry.did_source)}"
            )
        lines.append("")
    if missing:
        lines += ["## Principles with nothing logged yet", "", ", ".join(missing), ""]
    return "\n".join(lines).rstrip() + "\n"


def assemble(kind: str, entries: list[Entry], move: catalog.Move) -> str:
    if kind == Draft.Kind.PROMOTION:
        return promotion_markdown(entries, move)
    return self_review_markdown(entries)


WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")


def word_count(markdown_text: str) -> int:
    """Words a reader reads: Markdown marks and bare link addresses left out."""
    text = re.sub(r"<https?://[^>]+>|https?://\S+", " ", markdown_text)
    return len(WORD.findall(text))


@dataclass
class Length:
    words: int
    pages: float
    expected: int | None

    @property
    def share(self) -> int:
        if not self.expected:
            return 0
        return min(100, round(100 * self.pages / self.expected))


def estimate(markdown_text: str, move: catalog.Move, kind: str) -> Length:
    words = word_count(markdown_text)
    expected = move.pages if kind == Draft.Kind.PROMOTION else None
    return Length(words=words, pages=round(words / catalog.WORDS_PER_PAGE, 1), expected=expected)


@dataclass
class Changes:
    new: list  # entries created or changed since the last edit
    removed: int  # entries the edit was built from that are gone


def changes_since(draft: Draft | None, entries: list[Entry]) -> Changes:
    if draft is None:
        return Changes(new=[], removed=0)
    current = {e.pk for e in entries}
    new = [e for e in entries if e.updated_at > draft.edited_at or e.pk not in draft.entry_ids]
    return Changes(new=new, removed=len(set(draft.entry_ids) - current))
