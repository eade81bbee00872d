"""The outcome ledger's tables.

`Report` is unlinkable by construction: no column refers to an account, a session or an address;
its id is random (uuid4), not a sequence that orders reports by time; there is no timestamp finer
than the cycle. `token` is a keyed HMAC of (account, cycle) with a server secret
(outcomes/tokens.py): it makes one report per person per cycle, and lets the person withdraw it,
but cannot be turned back into the account without the secret. docs/outcomes.md has the threat
model.

`PublishedTable` holds what the public page shows: the figures after suppression and rounding,
rebuilt by `refresh_outcomes` (and the worker), never per request.
"""

import uuid

from django.db import models
from django.db.models import Q

from outcomes.choices import (
    FIRST_CYCLE,
    LAST_CYCLE,
    Focus,
    Level,
    MonthsInLevel,
    Org,
    Outcome,
    Promotion,
    Providers,
    Tier,
)

TOKEN_LENGTH = 64  # hex SHA-256

# field name -> its choices: one check constraint each, so the database refuses what the form does
CHOICE_FIELDS = {
    "level": Level,
    "org": Org,
    "tier": Tier,
    "promotion": Promotion,
    "months_in_level": MonthsInLevel,
    "providers": Providers,
    "focus": Focus,
    "outcome": Outcome,
}


def _in_choices(name: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__in": choices.values}), name=f"outcomes_report_{name}_valid"
    )


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token = models.CharField(max_length=TOKEN_LENGTH, unique=True, editable=False)
    cycle = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=12, choices=Level.choices)
    org = models.CharField(max_length=12, choices=Org.choices)
    tier = models.CharField(max_length=12, choices=Tier.choices)
    promotion = models.CharField(max_length=12, choices=Promotion.choices)
    months_in_level = models.CharField(max_length=12, choices=MonthsInLevel.choices)
    providers = models.CharField(max_length=12, choices=Providers.choices)
    manager_changed = models.BooleanField()
    focus = models.CharField(max_length=12, choices=Focus.choices)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    # Demo reports (`load_demo`) are made up: the page says so while any are published.
    made_up = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cycle__gte=FIRST_CYCLE, cycle__lte=LAST_CYCLE),
                name="outcomes_report_cycle_valid",
            ),
            models.CheckConstraint(
                condition=Q(token__regex=r"^[0-9a-f]{64}$"), name="outcomes_report_token_hex"
            ),
            *(_in_choices(name, choices) for name, choices in CHOICE_FIELDS.items()),
        ]

    def __str__(self):
        return f"Report {self.id}"  # nothing that says whose


class PublishedTable(models.Model):
    """One published table: its cells after suppression and rounding, as the page shows them."""

    key = models.SlugField(max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    figures = models.JSONField()  # see outcomes/publication.py for the shape
    made_up = models.BooleanField(default=False)  # some of its reports are demo data
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.key
