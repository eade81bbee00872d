"""Made-up outcome reports for `manage.py load_demo` (make run), so the page shows published
tables with their n. Every row is marked `made_up`: the tables built from them carry the "Demo
data: made up" banner, and they are published only where OUTCOMES_PUBLISH_MADE_UP is on (by
default, DEBUG): never in production. Idempotent: a second load adds nothing.

The numbers are invented (a seeded random draw with rough, plausible tendencies), not survey
results: nothing here describes real careers.
"""

import random
import secrets

from outcomes.choices import Focus, Level, MonthsInLevel, Org, Outcome, Promotion, Providers, Tier
from outcomes.cycles import reportable_cycles
from outcomes.models import Report
from outcomes.publication import refresh

DEMO_REPORTS = 900
SEED = 30  # the number: the same made-up ledger on every machine

LEVEL_WEIGHTS = {Level.SDE1: 35, Level.SDE2: 40, Level.SDE3: 20, Level.PRINCIPAL: 5}
TIER_WEIGHTS = {Tier.TOP: 10, Tier.HIGH: 35, Tier.MIDDLE: 40, Tier.LOW: 8, Tier.UNKNOWN: 7}
PROMOTED_CHANCE = {Tier.TOP: 0.7, Tier.HIGH: 0.5, Tier.MIDDLE: 0.25, Tier.LOW: 0.05}


def load() -> int:
    """Add the made-up reports (once) and publish; how many were added."""
    if Report.objects.filter(made_up=True).exists():
        return 0
    rng = random.Random(SEED)
    Report.objects.bulk_create(made_up_report(rng) for _ in range(DEMO_REPORTS))
    refresh()
    return DEMO_REPORTS


def made_up_report(rng: random.Random) -> Report:
    tier = _weighted(rng, TIER_WEIGHTS)
    focus = _focus(rng, tier)
    providers = rng.choice(Providers.values)
    attempted = focus == Focus.NONE and rng.random() < 0.45
    bonus = 0.1 if providers == Providers.SIX_PLUS else 0.0
    promoted = attempted and rng.random() < PROMOTED_CHANCE.get(tier, 0.3) + bonus
    return Report(
        token=secrets.token_hex(32),  # no account behind it
        cycle=rng.choice(reportable_cycles()),
        level=_weighted(rng, LEVEL_WEIGHTS),
        org=rng.choice(Org.values),
        tier=tier,
        promotion=(
            Promotion.PROMOTED
            if promoted
            else Promotion.NOT_PROMOTED
            if attempted
            else Promotion.NOT_ATTEMPTED
        ),
        months_in_level=rng.choice(MonthsInLevel.values),
        providers=providers,
        manager_changed=rng.random() < 0.3,
        focus=focus,
        outcome=_outcome(rng, focus),
        made_up=True,
    )


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _focus(rng, tier) -> str:
    if tier == Tier.LOW:
        return _weighted(rng, {Focus.NONE: 30, Focus.FOCUS: 45, Focus.PIVOT: 25})
    return _weighted(rng, {Focus.NONE: 88, Focus.FOCUS: 8, Focus.PIVOT: 4})


def _outcome(rng, focus) -> str:
    if focus == Focus.NONE:
        weights = {Outcome.STAYED: 80, Outcome.TRANSFERRED: 10, Outcome.LEFT: 8}
        return _weighted(rng, {**weights, Outcome.MANAGED_OUT: 2})
    return _weighted(
        rng,
        {Outcome.STAYED: 35, Outcome.TRANSFERRED: 20, Outcome.LEFT: 20, Outcome.MANAGED_OUT: 25},
    )
