"""Reports straight into the table (as many as a test needs), with random tokens."""

import random
import secrets

from outcomes.models import CHOICE_FIELDS, Report


def add_reports(count: int, *, seed: int = 0, made_up: bool = False, **fixed) -> None:
    """`fixed` gives a field one value ("sde1") or the values to draw from (["sde1", "sde2"])."""
    rng = random.Random(seed)
    Report.objects.bulk_create(
        Report(
            token=secrets.token_hex(32),
            cycle=2025,
            manager_changed=rng.random() < 0.3,
            made_up=made_up,
            **{
                name: _pick(rng, fixed.get(name, choices.values))
                for name, choices in CHOICE_FIELDS.items()
            },
        )
        for _ in range(count)
    )


def _pick(rng, value):
    return rng.choice(value) if isinstance(value, list | tuple) else value
