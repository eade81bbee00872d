"""The money map's tables: the reported assumptions behind every default (editable by staff,
each with its source) and the scenarios members chose to keep (private to their owner)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

SCENARIO_NAME_MAX = 100
SCENARIO_QUERY_MAX = 1_000


class Assumption(models.Model):
    """One reported figure the simulator uses by default, with where it was reported and when
    it was last checked. The page lists the rows a result used."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. %, $, months, yes/no")
    explanation = models.TextField(blank=True, help_text="Plain text: what is reported, hedged.")
    source_url = models.URLField(max_length=500)
    publisher = models.CharField(max_length=200)
    published = models.DateField(help_text="When the source was published.")
    as_of = models.DateField(help_text="When Taro last checked the figure.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self):
        return self.label

    # What the computation can use, per key: a typo in the admin is refused, not computed.
    ALLOWED = {
        "vest-cadence": {1, 2, 3, 4, 6, 12},
        "signon1-upfront": {0, 1},
        "signon2-upfront": {0, 1},
        "signon-months": set(range(1, 25)),
    }

    def clean(self):
        allowed = self.ALLOWED.get(self.key)
        if allowed is not None and self.value is not None and self.value not in allowed:
            shown = ", ".join(str(v) for v in sorted(allowed))
            raise ValidationError({"value": f"Use one of: {shown}."})
        if self.key.startswith("vest-year-") and self.value is not None:
            if not 0 <= self.value <= 100:
                raise ValidationError({"value": "A vesting share is from 0 to 100 (%)."})
        if self.key == "failed-pivot-divisor" and self.value is not None and self.value < 1:
            raise ValidationError({"value": "Divide by 1 or more."})
        if self.key.startswith("rating-") and self.value is not None:
            # A position in the pay range: the guideline reported up to 110% for four Top Tiers.
            low = 1 if self.key == "rating-reference" else 0
            if not low <= self.value <= 200:
                message = f"A position in the pay range is {low} to 200 (%)."
                raise ValidationError({"value": message})

    @property
    def display(self) -> str:
        """The value as a person reads it: $350,000, 15%, 6 months."""
        value = self.value.normalize()
        if self.unit == "$":
            return f"${value:,.0f}"
        if self.unit.startswith("%"):
            return f"{value:f}{self.unit}"
        if self.unit == "yes/no":
            return "yes" if value else "no"
        return f"{value:f} {self.unit}".strip()


class SavedScenario(models.Model):
    """A scenario a member kept: only its inputs (the query string of the simulator), read only
    through its owner; never shown on any public page."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="money_scenarios"
    )
    name = models.CharField(max_length=SCENARIO_NAME_MAX)
    query = models.CharField(max_length=SCENARIO_QUERY_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="money_scenario_owner")]

    def __str__(self):
        return f"Scenario {self.pk}"  # never the name: the admin does not show members' data
