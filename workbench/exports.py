"""Everything a person stored in the workbench, as JSON and as one Markdown file: their data,
theirs to take. A fixed number of queries whatever the size of the log."""

from django.utils import timezone

from workbench import catalog, drafts, selectors
from workbench.models import Draft


def _day(value) -> str | None:
    return value.isoformat() if value else None


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
            "why_now": plan.why_now,
            "level_start": _day(plan.level_start),
            "feedback_requests_on": _day(plan.feedback_requests_on),
            "self_review_due": _day(plan.self_review_due),
            "calibration_on": _day(plan.calibration_on),
            "manager_name": plan.manager_name,
            "skip_level_name": plan.skip_level_name,
            "accomplishment_ids": plan.accomplishment_ids,
            "reminder_day": plan.reminder_day,
            "reminder_last_sent_on": _day(plan.reminder_last_sent_on),
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
                "primary_scope": e.primary_scope,
                "principles": e.principles,
                "situation": e.situation,
                "metric": {
                    "name": e.metric_name,
                    "from": e.metric_from,
                    "to": e.metric_to,
                    "unit": e.metric_unit,
                },
                "audience": e.audience,
                "started_on": e.started_on.isoformat() if e.started_on else None,
                "next": e.next_step,
                "evidence": {"strength": e.strength, "missing": e.strength_missing},
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
                "level": p.level,
                "relationship": p.relationship,
                "team": p.team,
                "will_support": p.will_support,
                "entries": [e.pk for e in p.entries.all()],
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
        "growth_areas": [
            {
                "theme": g.theme,
                "cycle": g.cycle,
                "entries": [e.pk for e in g.entries.all()],
            }
            for g in selectors.growth_areas(owner)
        ],
        "goals": [
            {"text": g.text, "agreed_on": _day(g.agreed_on), "due_on": _day(g.due_on)}
            for g in selectors.goals(owner)
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
    plan = data["plan"]
    if plan:
        lines += [f"Target: {plan['move_label']}", ""]
        for label, key in (
            ("Why now", "why_now"),
            ("In level since", "level_start"),
            ("Feedback requests", "feedback_requests_on"),
            ("Self-review due", "self_review_due"),
            ("Calibration", "calibration_on"),
            ("Manager", "manager_name"),
            ("Skip-level", "skip_level_name"),
        ):
            if plan[key]:
                lines += [f"{label}: {plan[key]}", ""]
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
    titles = {entry.pk: entry.title for entry in entries}
    lines += ["## Feedback providers", ""]
    for peer in data["peers"]:
        spoken = ", ".join(labels[k] for k in peer["principles"])
        seen = "; ".join(titles[pk] for pk in peer["entries"] if pk in titles)
        about = ", ".join(v for v in (peer["level"], peer["relationship"], peer["team"]) if v)
        lines.append(
            f"- {peer['name']} ({peer['purpose']}{'; ' + about if about else ''}): "
            f"{peer['worked_on'] or '—'}; "
            f"asked {peer['asked_on'] or '—'}, received {peer['received_on'] or '—'}"
            + (f"; can speak to {spoken}" if spoken else "")
            + (f"; saw {seen}" if seen else "")
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
    lines += ["", "## Growth-area ledger", ""]
    for area in data["growth_areas"]:
        answers = "; ".join(titles[pk] for pk in area["entries"] if pk in titles) or "—"
        lines.append(f"- {area['theme']} ({area['cycle'] or '—'}): answered by {answers}")
    lines += ["", "## Goals agreed with my manager", ""]
    for goal in data["goals"]:
        lines.append(
            f"- {goal['text']} (agreed {goal['agreed_on'] or '—'}, due {goal['due_on'] or '—'})"
        )
    lines.append("")
    for draft in data["drafts"]:
        lines += [f"## Saved draft: {draft['kind']}", "", draft["text"], ""]
    return "\n".join(lines).rstrip() + "\n"
