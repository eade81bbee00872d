"""A realistic six-month work log for one demo member (`manage.py load_demo`), so a newcomer
sees the workbench filled in: entries across the scopes, peers, one practice feedback. Our own
invented content. Idempotent: a member who already has entries is left alone."""

import datetime

from django.utils import timezone

from workbench import services
from workbench.models import Entry

DEMO_OWNER = "maya_sde1"

# (days ago, title, what I did, impact, scopes (the primary first), principles, links)
ENTRIES = [
    (
        176,
        "Took over the flaky checkout integration tests",
        "Nobody owned the checkout integration suite; it failed one run in five. I grouped the "
        "failures by cause, found two shared fixtures leaking state between tests, and rewrote "
        "them so each test builds its own data.",
        "Flaky runs went from about 20% to under 1%. The team stopped re-running pipelines by "
        "hand (roughly 3 hours a week back).",
        ["execution", "impact"],
        ["ownership", "highest-standards"],
        "",
    ),
    (
        150,
        "Design doc: idempotent retries for the payment callback",
        "Wrote my first design doc. Compared three options (client tokens, a dedupe table, "
        "conditional writes) with their failure modes and costs, and defended the dedupe table "
        "in the review with two senior engineers.",
        "Approved with minor changes; it became the pattern two other callbacks now follow.",
        ["complexity", "scope"],
        ["dive-deep", "are-right-a-lot"],
        "https://example.com/docs/idempotent-retries",
    ),
    (
        128,
        "Shipped the dedupe table behind a feature flag",
        "Built the dedupe table and the cleanup job, rolled it out to 1%, 10% and 100% of "
        "traffic over two weeks with dashboards and a rollback switch.",
        "Duplicate charges reported by customers dropped from 14 a month to zero since launch.",
        ["execution", "impact"],
        ["customer-obsession", "deliver-results"],
        "",
    ),
    (
        104,
        "Turned 'make refunds faster' into a plan",
        "The ask arrived as one sentence. I mapped the refund path end to end, measured where "
        "the time went, and wrote a one-page plan with three milestones that the team adopted "
        "for the quarter.",
        "Refund latency p50 went from 41 s to 9 s after the first two milestones.",
        ["ambiguity", "impact"],
        ["bias-for-action", "invent-and-simplify"],
        "",
    ),
    (
        82,
        "Root-caused the Sunday-night latency spikes",
        "On call, I traced weekly p99 spikes to a batch job sharing a connection pool with the "
        "API. Proved it with pool metrics, moved the job to its own pool and added an alarm on "
        "pool saturation.",
        "No spike in the nine weeks since; two pages a month fewer for the rotation.",
        ["complexity"],
        ["dive-deep", "ownership"],
        "",
    ),
    (
        60,
        "Onboarded two new engineers to the payments service",
        "Wrote the missing local-setup guide, paired with each new hire on their first change, "
        "and ran a walkthrough of the service's failure modes.",
        "Both shipped to production in their first week.",
        ["scope"],
        ["hire-and-develop", "earn-trust"],
        "",
    ),
    (
        33,
        "Cut the nightly report job's cost",
        "The nightly report scanned every order ever placed. I made it incremental, with a "
        "watermark and a weekly full run to catch drift.",
        "Runtime 3 h 10 min to 12 min; compute cost down about 85%.",
        ["impact", "complexity"],
        ["frugality", "invent-and-simplify"],
        "",
    ),
    (
        12,
        "Led the migration of the callback service to the new queue",
        "Planned the cut-over with the platform team, wrote the runbook, and ran the migration "
        "on a Tuesday morning with a tested way back.",
        "",
        ["execution"],
        ["deliver-results"],
        "",
    ),
    (
        3,
        "Reviewed the partner team's retry design",
        "Left a review pointing out a retry storm risk in their proposal and suggested jittered "
        "backoff; they changed the design.",
        "",
        [],
        [],
        "",
    ),
]

PEERS = [
    ("Kwame", "Dedupe table rollout", "promotion", 40, 33, ["deliver-results", "ownership"]),
    ("Priya", "Refunds plan", "promotion", 40, 30, ["bias-for-action"]),
    ("Elena", "Design doc review", "promotion", 38, None, ["dive-deep", "are-right-a-lot"]),
]

# (level, relationship, team) for each of PEERS
PEER_DETAILS = [("L5", "peer", "same"), ("L6", "pm", "other"), ("L6", "senior", "same")]


def load(users: dict) -> int:
    """Entries written for the demo owner (0 when they already have a log)."""
    owner = users.get(DEMO_OWNER)
    if owner is None or Entry.objects.filter(owner=owner).exists():
        return 0
    today = timezone.localdate()
    for days, title, did, impact, scopes, principles, links in ENTRIES:
        services.add_entry(
            owner=owner,
            date=today - datetime.timedelta(days=days),
            title=title,
            did=did,
            impact=impact,
            links=links,
            scopes=scopes,
            primary_scope=scopes[0] if scopes else "",
            principles=principles,
        )
    for (name, worked_on, purpose, asked, received, principles), (level, knows, team) in zip(
        PEERS, PEER_DETAILS, strict=True
    ):
        services.save_peer(
            owner=owner,
            name=name,
            worked_on=worked_on,
            purpose=purpose,
            level=level,
            relationship=knows,
            team=team,
            asked_on=today - datetime.timedelta(days=asked),
            received_on=today - datetime.timedelta(days=received) if received else None,
            principles=principles,
        )
    services.save_feedback(
        owner=owner,
        about="Kwame",
        superpowers=(
            "Kwame makes launches boring in the best way: his rollout plan for the dedupe table "
            "had a dashboard and a rollback switch before a line of code shipped."
        ),
        improvement=(
            "Share designs before they're finished. Reviewers found two issues late that an "
            "early one-pager would have caught."
        ),
        championed=["deliver-results", "highest-standards"],
        to_improve=["earn-trust"],
    )
    services.set_move(owner=owner, move="sde1-sde2")
    services.set_readiness(
        owner=owner,
        readiness={
            "scope": "partly",
            "ambiguity": "partly",
            "complexity": "operating",
            "execution": "operating",
            "impact": "operating",
        },
    )
    return len(ENTRIES)
