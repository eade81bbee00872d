"""Everything a person stored in the workbench, as JSON and as one Markdown file: their data,
theirs to take. A fixed number of queries whatever the size of the log."""

from django.utils import timezone

from workbench import catalog, drafts, selectors
from workbench.models import Draft


def as_dict(owner) -> dict:
    plan = selectors.get_plan(owner)
    entries = list(selectors.entries(owner))
    return {
        "exported_at": timezone.now().isoformat(),
        "account": owner.get_username(),
        "plan": {
            "move": plan.move,
            "move_label": catalog.MOVES_BY_KEY[plan.move].label,
            "readiness": plan.readiness,
        }
        if plan
        else None,
        "entries": [
            {
                "id": e.pk,
                "kind": e.kind,
                "date": e.date.isoformat(),
                "title": e.title,
                "what_you_did": e.did_source,
                "impact": e.impact_source,
                "links": e.link_list,
                "scopes": e.scopes,
                "principles": e.principles,
                "source_url": e.source_url,
                "created_at": e.created_at.isoformat(),
                "updated_at": e.updated_at.isoformat(),
            }
            for e in entries
        ],
        "peers": [
            {
                "name": p.name,
                "worked_on": p.worked_on,
                "purpose": p.purpose,
                "asked_on": p.asked_on.isoformat() if p.asked_on else None,
                "received_on": p.received_on.isoformat() if p.received_on else None,
                "principles": p.principles,
            }
            for p in selectors.peers(owner)
        ],
        "feedback_drafts": [
            {
                "about": f.about,
                "superpowers": f.superpowers,
                "areas_of_improvement": f.improvement,
                "championed": f.championed,
                "to_improve": f.to_improve,
                "updated_at": f.updated_at.isoformat(),
            }
            for f in selectors.feedback_drafts(owner)
        ],
        "drafts": [
            {"kind": d.kind, "text": d.text, "edited_at": d.edited_at.isoformat()}
            for d in Draft.objects.filter(owner=owner).order_by("kind")
        ],
        # The money map's saved scenarios (money.SavedScenario), through the reverse relation so
        # the workbench imports nothing of the money app.
        "money_scenarios": [
            {"name": s.name, "inputs": s.query, "saved_at": s.created_at.isoformat()}
            for s in owner.money_scenarios.order_by("-created_at", "-pk")
        ],
    }


def as_markdown(owner) -> str:
    data = as_dict(owner)
    labels = catalog.PRINCIPLE_LABELS
    lines = [f"# My Taro workbench ({data['exported_at'][:10]})", ""]
    if data["plan"]:
        lines += [f"Target: {data['plan']['move_label']}", ""]
    lines += ["## Work log", ""]
    entries = list(selectors.entries(owner))
    if not entries:
        lines += ["*No entries.*", ""]
    for entry in entries:
        lines.append(drafts.entry_markdown(entry))
        if entry.scope_labels:
            lines += [f"*Scopes:* {', '.join(entry.scope_labels)}", ""]
        if entry.is_note:
            lines += [f"*Note saved from:* {entry.source_url or 'Taro'}", ""]
    lines += ["## Peers asked for feedback", ""]
    for peer in data["peers"]:
        spoken = ", ".join(labels[k] for k in peer["principles"])
        lines.append(
            f"- {peer['name']} ({peer['purpose']}): {peer['worked_on'] or '—'}; "
            f"asked {peer['asked_on'] or '—'}, received {peer['received_on'] or '—'}"
            + (f"; can speak to {spoken}" if spoken else "")
        )
    lines += ["", "## Peer feedback drafts", ""]
    for item in data["feedback_drafts"]:
        lines += [
            f"### For {item['about']}",
            "",
            f"**Superpowers:** {item['superpowers']}",
            "",
            f"**Areas of improvement:** {item['areas_of_improvement']}",
            "",
        ]
    for draft in data["drafts"]:
        lines += [f"## Saved draft: {draft['kind']}", "", draft["text"], ""]
    return "\n".join(lines).rstrip() + "\n"
