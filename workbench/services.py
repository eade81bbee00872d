"""Every write to the workbench. Each takes the owner and touches only the owner's rows: a row
of someone else's is never found (Http404 from the views, DoesNotExist here). Nothing here moves
a cache version: no cached page shows workbench data (every workbench page is private, no-store
and rendered per request)."""

from django.db import transaction
from django.utils import timezone

from taro.confidentiality import confidential_findings
from taro.markdown import render_markdown
from taro.text import clean_line, clean_text
from workbench import catalog
from workbench.models import TITLE_MAX, Draft, Entry, FeedbackDraft, Peer, Plan


def _fill_entry(
    entry: Entry, *, date, title, did, impact="", links="", scopes=(), principles=()
) -> Entry:
    entry.date = date
    entry.title = clean_line(title)[:TITLE_MAX]
    entry.did_source = clean_text(did)
    entry.impact_source = clean_text(impact)
    entry.links = clean_text(links)
    entry.did_html = render_markdown(entry.did_source)
    entry.impact_html = render_markdown(entry.impact_source) if entry.impact_source else ""
    entry.scopes = [key for key in catalog.SCOPE_KEYS if key in set(scopes)]
    entry.principles = [key for key in catalog.PRINCIPLE_KEYS if key in set(principles)]
    entry.warnings = confidential_findings(
        "\n".join([entry.title, entry.did_source, entry.impact_source, entry.links])
    )
    entry.updated_at = timezone.now()
    entry.save()
    return entry


def add_entry(*, owner, date=None, kind=Entry.Kind.WORK, **fields) -> Entry:
    """fields: title, did and, optionally, impact, links, scopes, principles."""
    entry = Entry(owner=owner, kind=kind)
    return _fill_entry(entry, date=date or timezone.localdate(), **fields)


def update_entry(entry: Entry, **fields) -> Entry:
    """fields: date, title, did, impact, links, scopes, principles (as add_entry)."""
    return _fill_entry(entry, **fields)


def delete_entry(entry: Entry) -> None:
    entry.delete()


def save_note(*, owner, title: str, text: str, source_url: str = "") -> Entry:
    """A piece of advice kept from elsewhere on Taro (an answer): a note, not work, so it never
    counts towards readiness or lands in a draft."""
    entry = Entry(owner=owner, kind=Entry.Kind.NOTE, source_url=source_url[:500])
    return _fill_entry(entry, date=timezone.localdate(), title=title, did=text)


def set_move(*, owner, move: str) -> Plan:
    if move not in catalog.MOVES_BY_KEY:
        raise ValueError(f"Unknown promotion move: {move}")
    plan, _ = Plan.objects.get_or_create(owner=owner, defaults={"move": move})
    plan.move = move
    plan.updated_at = timezone.now()
    plan.save()
    return plan


def set_readiness(*, owner, readiness: dict) -> Plan:
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


def save_peer(
    *, owner, peer: Peer | None = None, name, worked_on, purpose, asked_on, received_on, principles
) -> Peer:
    peer = peer or Peer(owner=owner)
    peer.name = clean_line(name)
    peer.worked_on = clean_line(worked_on)
    peer.purpose = purpose
    peer.asked_on = asked_on
    peer.received_on = received_on
    peer.principles = [key for key in catalog.PRINCIPLE_KEYS if key in set(principles)]
    peer.save()
    return peer


def word_count(text: str) -> int:
    return len(text.split())


def save_feedback(
    *,
    owner,
    draft: FeedbackDraft | None = None,
    about,
    superpowers,
    improvement,
    championed,
    to_improve,
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


def save_draft(*, owner, kind: str, text: str, entry_ids) -> Draft:
    """Keep the owner's edited document; `entry_ids` are the entries it was built from, so the
    page can tell what is new or gone since this edit."""
    draft, _ = Draft.objects.get_or_create(owner=owner, kind=kind, defaults={"text": ""})
    draft.text = clean_text(text)
    draft.edited_at = timezone.now()
    draft.entry_ids = sorted(set(entry_ids))
    draft.save()
    return draft


def reset_draft(*, owner, kind: str) -> None:
    """Drop the edits: the page goes back to the document assembled from the log."""
    Draft.objects.filter(owner=owner, kind=kind).delete()


@transaction.atomic
def delete_everything(*, owner) -> dict:
    """Every workbench row of this person, in one transaction: what was deleted, by table."""
    return {
        "entries": Entry.objects.filter(owner=owner).delete()[0],
        "peers": Peer.objects.filter(owner=owner).delete()[0],
        "feedback": FeedbackDraft.objects.filter(owner=owner).delete()[0],
        "drafts": Draft.objects.filter(owner=owner).delete()[0],
        "plan": Plan.objects.filter(owner=owner).delete()[0],
        "money_scenarios": owner.money_scenarios.all().delete()[0],  # the money map's
    }
