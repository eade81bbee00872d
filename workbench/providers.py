"""Feedback providers for a promotion case: what the case still lacks (warnings) and a short
brief each provider can be sent. Plain functions of rows already loaded (no queries)."""

from dataclasses import dataclass
from datetime import date

from workbench import catalog, drafts
from workbench.models import Entry, Peer


@dataclass(frozen=True)
class Warning:
    key: str  # "level", "outside", "stale"
    text: str


def promotion_providers(peer_list: list[Peer]) -> list[Peer]:
    return [p for p in peer_list if p.purpose == Peer.Purpose.PROMOTION]


def warnings(peer_list: list[Peer], move: catalog.Move, today: date) -> list[Warning]:
    """What a promotion case's providers lack, against the community rules of thumb."""
    providers = promotion_providers(peer_list)
    found = []
    needed = catalog.PEERS_FOR_PROMOTION_MIN
    senior = [p for p in providers if catalog.at_or_above(p.level, move.to_grade)]
    if len(senior) < needed:
        found.append(
            Warning(
                "level",
                f"{len(senior)} of your providers {'is' if len(senior) == 1 else 'are'} at or "
                f"above {move.to_grade} (the level you're going for); cases usually have at "
                f"least {needed}.",
            )
        )
    if providers and not any(p.is_outside_team for p in providers):
        found.append(
            Warning(
                "outside",
                "None of your providers is outside your team: a voice from another team shows "
                "the reach of your work.",
            )
        )
    for peer in peer_list:
        if peer.asked_on and not peer.received_on:
            waited = (today - peer.asked_on).days
            if waited > catalog.STALE_ASK_DAYS:
                found.append(
                    Warning(
                        "stale",
                        f"You asked {peer.name} {waited} days ago and nothing has come back: "
                        "a friendly nudge, with the brief below, helps.",
                    )
                )
    return found


def _brief_line(entry: Entry, words: int) -> str:
    result = entry.metric_line or drafts.first_sentence(entry.impact_source) or ""
    result = drafts.clip_words(result, words)
    line = f"- {drafts.clip_words(entry.title, 12)} ({entry.date:%b %Y})"
    if result:
        line += f": {result}"
    if entry.link_list:
        line += f" {entry.link_list[0]}"
    return line


def brief_entries(peer: Peer) -> list[Entry]:
    """The 2–3 entries to remind them of: the strongest evidence first, then the newest."""
    chosen = sorted(
        (e for e in peer.entries.all() if e.kind == Entry.Kind.WORK),
        key=lambda e: (-e.strength_score, -e.date.toordinal(), -e.pk),
    )
    return chosen[: catalog.BRIEF_ENTRIES]


def brief(peer: Peer, move: catalog.Move) -> str:
    """A request ready to paste: who, what for, and the entries they saw with dates and links,
    always under BRIEF_WORD_LIMIT words (each result is clipped until it fits)."""
    entries = brief_entries(peer)
    name = drafts.clip_words(peer.name, 4)
    opening = (
        f"Hi {name}, I'm preparing my promotion case for {move.to_level} and would value "
        "your feedback on work you saw up close:"
    )
    closing = "A few concrete examples of what you saw would help most. Thank you!"
    if not entries:
        closing = "Which of my work could you speak to? " + closing
    for words in (25, 15, 8, 0):
        lines = [_brief_line(entry, words) for entry in entries]
        text = "\n".join([opening, *lines, closing])
        if len(text.split()) < catalog.BRIEF_WORD_LIMIT:
            return text
    return "\n".join([opening, *(_brief_line(e, 0) for e in entries[:2]), closing])
