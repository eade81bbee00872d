"""Every write to the workbench. Each takes the owner and touches only the owner's rows: a row
of someone else's is never found (Http404 from the views, DoesNotExist here). Nothing here moves
a cache version: no cached page shows workbench data (every workbench page is private, no-store
and rendered per request)."""

import datetime
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from taro.confidentiality import confidential_findings
from taro.markdown import render_markdown
from taro.text import clean_line, clean_text
from workbench import catalog, evidence
from workbench.models import (
    SUPPORT_CHOICES,
    TEAM_CHOICES,
    TITLE_MAX,
    Draft,
    Entry,
    FeedbackDraft,
    Goal,
    GrowthArea,
    Peer,
    Plan,
)


class PrimaryScopeMissing(ValueError):
    """An entry with scopes must say which one is primary: the documents place it there."""


def _scopes(primary: str, scopes: Iterable[str]) -> tuple[str, list[str]]:
    chosen = set(scopes) | ({primary} if primary else set())
    ordered = [key for key in catalog.SCOPE_KEYS if key in chosen]
    if primary and primary not in catalog.SCOPE_KEYS:
        raise ValueError(f"Unknown scope: {primary}")
    if ordered and not primary:
        if len(ordered) > 1:
            raise PrimaryScopeMissing("Pick the primary scope: the one this entry shows most.")
        primary = ordered[0]  # a single scope is its own primary
    return primary, ordered


def _fill_evidence(entry: Entry, fields: Mapping[str, Any]) -> None:
    entry.situation = clean_text(fields.get("situation", ""))
    for name in ("metric_name", "metric_from", "metric_to", "metric_unit", "audience"):
        setattr(entry, name, clean_line(fields.get(name, "")))
    entry.next_step = clean_line(fields.get("next_step", ""))
    entry.started_on = fields.get("started_on")
    strength = evidence.assess(
        title=entry.title,
        situation=entry.situation,
        did=entry.did_source,
        impact=entry.impact_source,
        links=entry.link_list,
        metric_from=entry.metric_from,
        metric_to=entry.metric_to,
        metric_unit=entry.metric_unit,
        audience=entry.audience,
        started_on=entry.started_on,
    )
    entry.strength_score, entry.strength_missing = strength.score, list(strength.missing)


def _fill_entry(
    entry: Entry,
    *,
    date: datetime.date,
    title: str,
    did: str,
    impact: str = "",
    links: str = "",
    scopes: Iterable[str] = (),
    primary_scope: str = "",
    principles: Collection[str] = (),
    **structured: Any,
) -> Entry:
    """structured: situation, metric_name, metric_from, metric_to, metric_unit, audience,
    started_on, next_step (each optional)."""
    unknown = set(structured) - set(EVIDENCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown entry fields: {sorted(unknown)}")
    entry.date = date
    entry.title = clean_line(title)[:TITLE_MAX]
    entry.did_source = clean_text(did)
    entry.impact_source = clean_text(impact)
    entry.links = clean_text(links)
    entry.did_html = render_markdown(entry.did_source)
    entry.impact_html = render_markdown(entry.impact_source) if entry.impact_source else ""
    entry.primary_scope, entry.scopes = _scopes(primary_scope, scopes)
    entry.principles = [key for key in catalog.PRINCIPLE_KEYS if key in set(principles)]
    _fill_evidence(entry, structured)
    entry.warnings = confidential_findings(
        "\n".join(
            [entry.title, entry.situation, entry.did_source, entry.impact_source, entry.links]
            + [entry.audience, entry.metric_name, entry.next_step]
        )
    )
    entry.updated_at = timezone.now()
    entry.save()
    return entry


EVIDENCE_FIELDS = (
    "situation",
    "metric_name",
    "metric_from",
    "metric_to",
    "metric_unit",
    "audience",
    "started_on",
    "next_step",
)


def add_entry(
    *, owner: User, date: datetime.date | None = None, kind: str = Entry.Kind.WORK, **fields: Any
) -> Entry:
    """fields: title, did and, optionally, impact, links, scopes, primary_scope, principles and
    the structured evidence (EVIDENCE_FIELDS)."""
    entry = Entry(owner=owner, kind=kind)
    return _fill_entry(entry, date=date or timezone.localdate(), **fields)


def update_entry(entry: Entry, **fields: Any) -> Entry:
    """fields: as add_entry, with date."""
    return _fill_entry(entry, **fields)


def delete_entry(entry: Entry) -> None:
    entry.delete()


def save_note(*, owner: User, title: str, text: str, source_url: str = "") -> Entry:
    """A piece of advice kept from elsewhere on Taro (an answer): a note, not work, so it never
    counts towards readiness or lands in a draft."""
    entry = Entry(owner=owner, kind=Entry.Kind.NOTE, source_url=source_url[:500])
    return _fill_entry(entry, date=timezone.localdate(), title=title, did=text)


def set_move(*, owner: User, move: str) -> Plan:
    if move not in catalog.MOVES_BY_KEY:
        raise ValueError(f"Unknown promotion move: {move}")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": move})
    plan.move = move
    plan.updated_at = timezone.now()
    plan.save()
    return plan


PLAN_FIELDS = (
    "why_now",
    "level_start",
    "feedback_requests_on",
    "self_review_due",
    "calibration_on",
    "manager_name",
    "skip_level_name",
)


def save_plan(*, owner: User, move: str, **fields: Any) -> Plan:
    """The target and the cycle as the owner enters it (PLAN_FIELDS, each optional)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if move not in catalog.MOVES_BY_KEY:
        raise ValueError(f"Unknown promotion move: {move}")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": move})
    plan.move = move
    plan.why_now = clean_text(fields.get("why_now", "")).strip()
    plan.manager_name = clean_line(fields.get("manager_name", ""))
    plan.skip_level_name = clean_line(fields.get("skip_level_name", ""))
    for name in ("level_start", "feedback_requests_on", "self_review_due", "calibration_on"):
        setattr(plan, name, fields.get(name))
    plan.updated_at = timezone.now()
    plan.save()
    return plan


def _own_entries(owner: User, entries: Iterable[Entry]) -> list[Entry]:
    linked = list(entries)
    if any(entry.owner_id != owner.pk for entry in linked):
        raise ValueError("Only the owner's own entries can be linked.")
    return linked


@transaction.atomic
def save_growth_area(
    *,
    owner: User,
    area: GrowthArea | None = None,
    theme: str,
    cycle: str = "",
    entries: Iterable[Entry] = (),
) -> GrowthArea:
    linked = _own_entries(owner, entries)
    area = area or GrowthArea(owner=owner)
    area.theme = clean_line(theme)
    area.cycle = clean_line(cycle)
    if not area.theme:
        raise ValueError("A growth area needs a theme.")
    area.save()
    area.entries.set(linked)
    return area


def add_goal(
    *,
    owner: User,
    text: str,
    agreed_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
) -> Goal:
    goal = Goal(owner=owner, text=clean_line(text), agreed_on=agreed_on, due_on=due_on)
    if not goal.text:
        raise ValueError("A goal needs some words.")
    goal.save()
    return goal


def set_reminder(*, owner: User, day: int | None) -> Plan:
    """Turn the weekly reminder on (a weekday, 0 Monday … 6 Sunday) or off (None)."""
    if day is not None and day not in dict(catalog.WEEKDAYS):
        raise ValueError(f"Not a day of the week: {day}")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": catalog.DEFAULT_MOVE})
    plan.reminder_day = day
    plan.updated_at = timezone.now()
    plan.save(update_fields=["reminder_day", "updated_at"])
    return plan


def stop_reminder(*, owner: User) -> None:
    Plan.objects.filter(owner=owner).update(reminder_day=None)


@transaction.atomic
def capture_week(*, owner: User, answers: Iterable[tuple[str, str, str]]) -> list[Entry]:
    """The weekly capture: one entry per answered prompt, its title the prompt and the start of
    the answer, its primary scope the one the prompt was tagged with."""
    created: list[Entry] = []
    for prompt, answer, scope in answers:
        words = clean_line(answer).split()
        title = f"{prompt.rstrip('?')}: {' '.join(words[:10])}{'…' if len(words) > 10 else ''}"
        created.append(add_entry(owner=owner, title=title, did=answer, primary_scope=scope))
    return created


def pick_accomplishments(*, owner: User, entries: Sequence[Entry]) -> Plan:
    """The entries for the review's accomplishments, in the order given (the owner's own)."""
    if any(entry.owner_id != owner.pk for entry in entries):
        raise ValueError("Only the owner's own entries can be picked.")
    if len(entries) > catalog.ACCOMPLISHMENTS_MAX:
        raise ValueError(f"Pick at most {catalog.ACCOMPLISHMENTS_MAX} entries.")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": catalog.DEFAULT_MOVE})
    plan.accomplishment_ids = [entry.pk for entry in entries]
    plan.updated_at = timezone.now()
    plan.save(update_fields=["accomplishment_ids", "updated_at"])
    return plan


def set_readiness(*, owner: User, readiness: Mapping[str, str]) -> Plan:
    unknown = [
        (scope, value)
        for scope, value in readiness.items()
        if scope not in catalog.SCOPE_KEYS or value not in catalog.READINESS_LABELS
    ]
    if unknown:
        raise ValueError(f"Unknown scope or readiness: {unknown}")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": catalog.DEFAULT_MOVE})
    plan.readiness = {**plan.readiness, **readiness}
    plan.updated_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def save_peer(
    *,
    owner: User,
    peer: Peer | None = None,
    name: str,
    worked_on: str = "",
    purpose: str = Peer.Purpose.PROMOTION,
    asked_on: datetime.date | None = None,
    received_on: datetime.date | None = None,
    principles: Collection[str] = (),
    level: str = "",
    relationship: str = "",
    team: str = "",
    will_support: str = "",
    entries: Sequence[Entry] = (),
) -> Peer:
    """entries: the owner's log entries they can speak to (someone else's are refused)."""
    if any(entry.owner_id != owner.pk for entry in entries):
        raise ValueError("A provider can only speak to the owner's own entries.")
    for value, allowed in (
        (level, catalog.LEVEL_LABELS),
        (relationship, catalog.RELATIONSHIP_LABELS),
        (team, dict(TEAM_CHOICES)),
        (will_support, dict(SUPPORT_CHOICES)),
    ):
        if value and value not in allowed:
            raise ValueError(f"Unknown value: {value}")
    peer = peer or Peer(owner=owner)
    peer.name = clean_line(name)
    peer.worked_on = clean_line(worked_on)
    peer.purpose = purpose
    peer.level, peer.relationship, peer.team = level, relationship, team
    peer.will_support = will_support
    peer.asked_on = asked_on
    peer.received_on = received_on
    peer.principles = [key for key in catalog.PRINCIPLE_KEYS if key in set(principles)]
    peer.save()
    peer.entries.set(entries)
    return peer


def word_count(text: str) -> int:
    return len(text.split())


def save_feedback(
    *,
    owner: User,
    draft: FeedbackDraft | None = None,
    about: str,
    superpowers: str,
    improvement: str,
    championed: Collection[str],
    to_improve: Collection[str],
) -> FeedbackDraft:
    """The form checks these first; the service holds the rule too, so no caller can store
    more than the real form would take."""
    limit, most = catalog.FEEDBACK_WORD_LIMIT, catalog.FEEDBACK_PRINCIPLES_MAX
    if word_count(superpowers) > limit or word_count(improvement) > limit:
        raise ValueError(f"Each section is limited to {limit} words.")
    if len(set(championed)) > most or len(set(to_improve)) > most:
        raise ValueError(f"Tick at most {most} principles in each list.")
    draft = draft or FeedbackDraft(owner=owner)
    draft.about = clean_line(about)
    draft.superpowers = clean_text(superpowers).strip()
    draft.improvement = clean_text(improvement).strip()
    draft.championed = [key for key in catalog.PRINCIPLE_KEYS if key in set(championed)]
    draft.to_improve = [key for key in catalog.PRINCIPLE_KEYS if key in set(to_improve)]
    draft.updated_at = timezone.now()
    draft.save()
    return draft


def save_draft(*, owner: User, kind: str, text: str, entry_ids: Iterable[int]) -> Draft:
    """Keep the owner's edited document; `entry_ids` are the entries it was built from, so the
    page can tell what is new or gone since this edit."""
    draft, _ = Draft.objects.get_or_create(owner=owner, kind=kind, defaults={"text": ""})
    draft.text = clean_text(text)
    draft.edited_at = timezone.now()
    draft.entry_ids = sorted(set(entry_ids))
    draft.save()
    return draft


def reset_draft(*, owner: User, kind: str) -> None:
    """Drop the edits: the page goes back to the document assembled from the log."""
    Draft.objects.filter(owner=owner, kind=kind).delete()


@transaction.atomic
def delete_everything(*, owner: User) -> dict[str, int]:
    """Every workbench row of this person, in one transaction: what was deleted, by table."""
    return {
        "entries": Entry.objects.filter(owner=owner).delete()[0],
        "peers": Peer.objects.filter(owner=owner).delete()[0],
        "feedback": FeedbackDraft.objects.filter(owner=owner).delete()[0],
        "drafts": Draft.objects.filter(owner=owner).delete()[0],
        "growth": GrowthArea.objects.filter(owner=owner).delete()[0],
        "goals": Goal.objects.filter(owner=owner).delete()[0],
        "plan": Plan.objects.filter(owner=owner).delete()[0],
        "money_scenarios": owner.money_scenarios.all().delete()[0],  # the money map's
    }
