"""The documents the log becomes, as Markdown, each shaped like the real artefact:

- the manager input pack (the promotion case as the manager, who writes and submits the real
  document, needs it): summary, scope of role, stories per scope, providers, Leadership
  Principles highlights, growth areas, risks and rebuttals;
- the accomplishments for the review: the 3–5 picked entries with impact, principles, next;
- the self-review by Leadership Principle, each entry once.

Plain functions of rows already loaded (no queries), so the page, the download and the print view
give the same text. The template's own words are headings, *italic guidance* and **Labels:**;
everything else is the person's, and only that is counted (person_words).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from workbench import catalog
from workbench.models import Draft, Entry, GrowthArea, Peer, Plan

TITLES: dict[str, str] = {
    Draft.Kind.PROMOTION: "Manager input pack",
    Draft.Kind.SELF_REVIEW: "Self-review",
    Draft.Kind.ACCOMPLISHMENTS: "Accomplishments",
}


@dataclass
class Case:
    """Everything the documents are built from, for one owner."""

    entries: list[Entry]  # work entries, newest first
    move: catalog.Move
    plan: Plan | None = None
    providers: list[Peer] = field(default_factory=list)
    growth_areas: list[GrowthArea] = field(default_factory=list)


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


def _month(entry: Entry) -> str:
    if entry.started_on and entry.started_on.strftime("%Y%m") != entry.date.strftime("%Y%m"):
        return f"{entry.started_on:%B %Y} – {entry.date:%B %Y}"
    return f"{entry.date:%B %Y}"


def result_line(entry: Entry) -> str:
    """What got better: the metric, then the stated impact, each said once."""
    parts = [entry.metric_line] if entry.metric_line else []
    if entry.impact_source.strip():
        parts.append(one_line(entry.impact_source))
    if entry.audience:
        parts.append(f"Used by {entry.audience}.")
    return " ".join(p if p.endswith((".", "!", "?", "…")) else f"{p}." for p in parts)


def short_result(entry: Entry) -> str:
    """A line's worth: the result, or else the start of what was done."""
    return result_line(entry) or clip_words(first_sentence(entry.did_source), 25)


def _italic(text: str) -> str:
    return f"*{text}*"


def entry_markdown(entry: Entry) -> str:
    """One entry as a block (the export and the "new since your last edit" list): the result,
    then what was done, then its tags and links."""
    parts = [f"**{one_line(entry.title)}** ({_month(entry)})", ""]
    if result_line(entry):
        parts += [f"**Impact:** {result_line(entry)}", ""]
    if entry.situation.strip():
        parts += [f"**Situation:** {one_line(entry.situation)}", ""]
    parts += [entry.did_source.strip(), ""]
    if entry.principle_labels:
        parts += [_italic(f"Leadership Principles: {', '.join(entry.principle_labels)}"), ""]
    if entry.link_list:
        parts += [_italic("Links:"), "", *(f"- <{link}>" for link in entry.link_list), ""]
    return "\n".join(parts)


def _strongest_first(entries: list[Entry]) -> list[Entry]:
    """Strongest evidence first; newest first among equals."""
    return sorted(entries, key=lambda e: (-e.strength_score, -e.date.toordinal(), -e.pk))


# --- the manager input pack ----------------------------------------------------------------


def _summary(case: Case) -> list[str]:
    lines = ["## Summary: why now", ""]
    why = case.plan.why_now.strip() if case.plan else ""
    if why:
        return [*lines, why, ""]
    guidance = (
        f"Why you are ready for {case.move.to_level} now, in three or four sentences: the "
        "scope you already operate at, the two results that show it, and what the next level "
        "lets you do. Write it on the Plan page."
    )
    return [*lines, _italic(guidance), ""]


def _scope_of_role(case: Case) -> list[str]:
    lines = [
        "## Scope of role",
        "",
        _italic(
            "Where you operate today, scope by scope: each entry under its primary scope, one "
            "line each. The full stories follow."
        ),
        "",
    ]
    for key, label, question in catalog.SCOPES:
        placed = _strongest_first([e for e in case.entries if e.primary_scope == key])
        lines += [f"### {label}", "", _italic(question), ""]
        if not placed:
            lines += [_italic("Nothing logged with this as its primary scope yet."), ""]
            continue
        for entry in placed:
            lines.append(
                f"- **{one_line(entry.title)}** ({entry.date:%b %Y}): {short_result(entry)}"
            )
        lines.append("")
    return lines


def story_markdown(entry: Entry) -> list[str]:
    """An entry in situation–action–result form."""
    situation = one_line(entry.situation) or _italic("Add the situation: the problem before.")
    result = result_line(entry) or _italic("Add the result: what got measurably better.")
    lines = [
        f"**{one_line(entry.title)}** ({_month(entry)})",
        "",
        f"- **Situation:** {situation}",
        f"- **Action:** {one_line(entry.did_source)}",
        f"- **Result:** {result}",
    ]
    tags = []
    if entry.secondary_scope_labels:
        tags.append(f"Also shows: {', '.join(entry.secondary_scope_labels)}")
    if entry.principle_labels:
        tags.append(f"Leadership Principles: {', '.join(entry.principle_labels)}")
    if tags:
        lines.append(f"- {_italic('. '.join(tags))}")
    lines += [f"- <{link}>" for link in entry.link_list]
    return [*lines, ""]


def _stories(case: Case) -> list[str]:
    lines = ["## Stories", ""]
    if not case.entries:
        return [*lines, _italic("Your stories appear here as you log work."), ""]
    for key, label, _ in catalog.SCOPES:
        placed = _strongest_first([e for e in case.entries if e.primary_scope == key])
        if placed:
            lines += [f"### {label}", ""]
            for entry in placed:
                lines += story_markdown(entry)
    untagged = [e for e in case.entries if not e.primary_scope]
    if untagged:
        lines += ["### Not yet given a primary scope", ""]
        for entry in _strongest_first(untagged):
            lines += story_markdown(entry)
    return lines


def _cell(text: str) -> str:
    return one_line(text).replace("|", "/") or "—"


def _providers(case: Case) -> list[str]:
    lines = ["## Feedback providers", ""]
    providers = [p for p in case.providers if p.purpose == Peer.Purpose.PROMOTION]
    if not providers:
        return [*lines, _italic("No providers recorded yet: add them under Feedback about me."), ""]
    lines += [
        "| Name | Level | Relationship | Team | Can speak to |",
        "| --- | --- | --- | --- | --- |",
    ]
    for peer in providers:
        spoken = "; ".join(e.title for e in peer.entries.all()) or ", ".join(peer.principle_labels)
        lines.append(
            f"| {_cell(peer.name)} | {_cell(peer.get_level_display())} | "
            f"{_cell(peer.get_relationship_display())} | {_cell(peer.get_team_display())} | "
            f"{_cell(spoken)} |"
        )
    return [*lines, ""]


def _principle_highlights(case: Case) -> list[str]:
    lines = ["## Leadership Principles highlights", ""]
    counts = Counter(key for e in case.entries for key in e.principles)
    if not counts:
        return [*lines, _italic("Tag entries with the principles they show."), ""]
    order = {key: n for n, key in enumerate(catalog.PRINCIPLE_KEYS)}
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))[:5]:
        shown = _strongest_first([e for e in case.entries if key in e.principles])[:2]
        titles = "; ".join(one_line(e.title) for e in shown)
        label = catalog.PRINCIPLE_LABELS[key]
        lines.append(f"- **{label}:** {titles} {_italic(f'({count} in the log)')}")
    return [*lines, ""]


def repeated_themes(growth_areas: list[GrowthArea]) -> set[str]:
    """Theme keys raised in more than one cycle: the ones a reviewer will look for first."""
    cycles: dict[str, set[str]] = {}
    for area in growth_areas:
        cycles.setdefault(area.theme_key, set()).add(area.cycle.casefold().strip())
    return {key for key, seen in cycles.items() if len(seen) > 1}


def _unique_themes(growth_areas: list[GrowthArea]) -> list[tuple[GrowthArea, list[Entry]]]:
    """One line per theme (a repeated theme once), with every entry that answers it."""
    merged: dict[str, tuple[GrowthArea, list[Entry]]] = {}
    for area in growth_areas:
        _first, entries = merged.setdefault(area.theme_key, (area, []))
        entries += [e for e in area.entries.all() if e not in entries and e.kind == "work"]
    return list(merged.values())


def _growth(case: Case) -> list[str]:
    lines = ["## Growth areas", ""]
    themes = _unique_themes(case.growth_areas)
    if not themes:
        return [*lines, _italic("Themes from past feedback go in the growth-area ledger."), ""]
    repeated = repeated_themes(case.growth_areas)
    for area, _ in themes:
        flag = (
            f" {_italic('(raised in more than one cycle)')}" if area.theme_key in repeated else ""
        )
        lines.append(f"- {one_line(area.theme)}{flag}")
    lines += ["", "## Risks and rebuttals", ""]
    for area, entries in themes:
        lines += [f"### {one_line(area.theme)}", ""]
        if not entries:
            lines += [_italic("Nothing in the log answers this yet: the first thing to fix."), ""]
            continue
        for entry in _strongest_first(entries):
            lines.append(
                f"- **{one_line(entry.title)}** ({entry.date:%b %Y}): {short_result(entry)}"
            )
        lines.append("")
    return lines


def _for_the_manager(case: Case) -> list[str]:
    plan = case.plan
    lines = ["## For the manager", ""]
    facts = []
    if plan and plan.manager_name:
        facts.append(f"Manager: {plan.manager_name}")
    if plan and plan.skip_level_name:
        facts.append(f"Skip-level: {plan.skip_level_name}")
    for label, when in (
        ("feedback requests", plan.feedback_requests_on if plan else None),
        ("self-review due", plan.self_review_due if plan else None),
        ("calibration", plan.calibration_on if plan else None),
    ):
        if when:
            facts.append(f"{label.capitalize()}: {when:%-d %B %Y}")
    if facts:
        lines += [_italic(". ".join(facts) + "."), ""]
    lines += [
        _italic(
            "Your manager writes and submits the promotion document: this pack is the material. "
            "Their assessment and recommendation are theirs to write."
        ),
        "",
    ]
    return lines


def manager_pack_markdown(case: Case) -> str:
    lines = [
        f"# Promotion case: {case.move.label}",
        "",
        _italic("Manager input pack, assembled from my work log."),
        "",
    ]
    for part in (
        _summary,
        _scope_of_role,
        _stories,
        _providers,
        _principle_highlights,
        _growth,
        _for_the_manager,
    ):
        lines += part(case)
    return "\n".join(lines).rstrip() + "\n"


# --- accomplishments -----------------------------------------------------------------------


def picked(case: Case) -> list[Entry]:
    """The entries picked for the review, in the order picked; before any pick, the strongest
    five (the page starts from these)."""
    by_id = {e.pk: e for e in case.entries}
    ids = case.plan.accomplishment_ids if case.plan else []
    chosen = [by_id[pk] for pk in ids if pk in by_id]
    return chosen or _strongest_first(case.entries)[: catalog.ACCOMPLISHMENTS_MAX]


def accomplishments_markdown(case: Case) -> str:
    lines = ["# Accomplishments", "", _italic("For the review: each with its impact."), ""]
    entries = picked(case)
    if not entries:
        lines += [_italic("Pick three to five entries from your log."), ""]
    for n, entry in enumerate(entries, start=1):
        result = result_line(entry) or _italic("Add the impact: what got measurably better.")
        principles = ", ".join(entry.principle_labels) or "none tagged yet"
        next_line = one_line(entry.next_step) or _italic("What you'll build on this next.")
        lines += [
            f"**{n}. {one_line(entry.title)}** ({_month(entry)})",
            "",
            f"- **Impact:** {result}",
            f"- **What I did:** {one_line(entry.did_source)}",
            f"- {_italic(f'Leadership Principles: {principles}')}",
            f"- **Next:** {next_line}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


# --- the self-review -----------------------------------------------------------------------


def place_by_principle(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Each entry once, under the principle it shows best: entries with fewer principles are
    placed first (they have less choice), strongest evidence first among those, and each goes
    to the one of its principles with the fewest entries so far, where it adds the most; ties
    go to the catalog's order. Deterministic for the same log."""
    placed: dict[str, list[Entry]] = {key: [] for key in catalog.PRINCIPLE_KEYS}
    tagged = _strongest_first([e for e in entries if e.principles])
    for entry in sorted(tagged, key=lambda e: len(e.principles)):
        home = min(entry.principles, key=lambda key: len(placed[key]))
        placed[home].append(entry)
    return {key: _strongest_first(found) for key, found in placed.items()}


def self_review_markdown(entries: list[Entry]) -> str:
    lines = [
        "# Self-review",
        "",
        _italic(
            "Anchored on the Leadership Principles: each entry once, under the principle it "
            "shows best, with the others it shows after “also”."
        ),
        "",
    ]
    placed = place_by_principle(entries)
    missing = []
    for key, label in catalog.PRINCIPLES:
        if not placed[key]:
            if not any(key in e.principles for e in entries):
                missing.append(label)
            continue
        lines += [f"## {label}", ""]
        for entry in placed[key]:
            lines += [f"**{one_line(entry.title)}** ({_month(entry)})", ""]
            if result_line(entry):
                lines.append(f"- **Impact:** {result_line(entry)}")
            lines.append(f"- **What I did:** {one_line(entry.did_source)}")
            also = [catalog.PRINCIPLE_LABELS[k] for k in entry.principles if k != key]
            if also:
                lines.append(f"- {_italic('Also: ' + ', '.join(also))}")
            lines.append("")
    if missing:
        lines += ["## Principles with nothing logged yet", "", _italic(", ".join(missing)), ""]
    return "\n".join(lines).rstrip() + "\n"


# --- the manager-change handover ------------------------------------------------------------

HANDOVER_TOP = 5


def handover_markdown(case: Case, goals: list, today) -> str:
    """One page for a new manager: where I am, my best work, who can speak to it, and the goals
    agreed with the last manager, with their dates."""
    plan = case.plan
    lines = ["# Handover for my new manager", "", _italic("One page, from my work log."), ""]
    lines += ["## Where I am", ""]
    facts = [f"Working towards {case.move.to_level} (now {case.move.from_level})."]
    if plan and plan.level_start:
        facts.append(f"In level since {plan.level_start:%B %Y}.")
    if plan:
        for name, label in (
            ("self_review_due", "Self-review due"),
            ("calibration_on", "Calibration"),
        ):
            if getattr(plan, name):
                facts.append(f"{label}: {getattr(plan, name):%-d %B %Y}.")
    lines += [" ".join(facts), ""]
    if plan and plan.why_now.strip():
        lines += [one_line(plan.why_now), ""]
    lines += ["## My strongest work", ""]
    top = _strongest_first(case.entries)[:HANDOVER_TOP]
    if not top:
        lines += [_italic("Nothing logged yet."), ""]
    for entry in top:
        scope = f" {_italic(entry.primary_scope_label)}" if entry.primary_scope else ""
        lines.append(
            f"- **{one_line(entry.title)}** ({entry.date:%b %Y}):{scope} {short_result(entry)}"
        )
    lines += ["", *_providers(case)]
    lines += ["## Goals we agreed", ""]
    if not goals:
        lines += [_italic("No goals recorded."), ""]
    for goal in goals:
        dates = []
        if goal.agreed_on:
            dates.append(f"agreed {goal.agreed_on:%-d %b %Y}")
        if goal.due_on:
            overdue = " (past due)" if goal.due_on < today else ""
            dates.append(f"due {goal.due_on:%-d %b %Y}{overdue}")
        when = f" {_italic(', '.join(dates))}" if dates else ""
        lines.append(f"- {one_line(goal.text)}{when}")
    themes = _unique_themes(case.growth_areas)
    if themes:
        lines += ["", "## What I'm working on from past feedback", ""]
        lines += [f"- {one_line(area.theme)}" for area, _ in themes]
    return "\n".join(lines).rstrip() + "\n"


def assemble(kind: str, case: Case) -> str:
    if kind == Draft.Kind.PROMOTION:
        return manager_pack_markdown(case)
    if kind == Draft.Kind.ACCOMPLISHMENTS:
        return accomplishments_markdown(case)
    return self_review_markdown(case.entries)


# --- counting the person's words -----------------------------------------------------------

WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
TEMPLATE_MARKS = (
    re.compile(r"^#{1,6} .*$", re.MULTILINE),  # headings
    re.compile(r"^\|(?: *-+ *\|)+ *$", re.MULTILINE),  # a table's separator row
    re.compile(r"^\| Name \| Level \|.*$", re.MULTILINE),  # the providers table's header
    re.compile(r"\*\*[^*\n]{1,40}:\*\*"),  # **Labels:**
    re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+?\*(?!\*)"),  # *italic guidance*
    re.compile(r"<https?://[^>]+>|https?://\S+"),  # bare link addresses
)


def person_words(markdown_text: str) -> int:
    """Words the person wrote: the template's headings, *italic guidance*, **Labels:**, the
    table's header and bare link addresses are left out, so an empty draft is 0 words."""
    text = markdown_text
    for mark in TEMPLATE_MARKS:
        text = mark.sub(" ", text)
    return len(WORD.findall(text))


word_count = person_words


@dataclass
class SectionLength:
    title: str
    words: int
    budget: int | None

    @property
    def over(self) -> bool:
        return self.budget is not None and self.words > self.budget

    @property
    def excess(self) -> int:
        return self.words - self.budget if self.budget is not None and self.over else 0


def section_lengths(markdown_text: str) -> list[SectionLength]:
    """The person's words per `##` section, against the section's budget where it has one."""
    parts = re.split(r"^## (.+)$", markdown_text, flags=re.MULTILINE)
    return [
        SectionLength(
            title=parts[i].strip(),
            words=person_words(parts[i + 1]),
            budget=catalog.SECTION_BUDGETS.get(parts[i].strip()),
        )
        for i in range(1, len(parts), 2)
    ]


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
