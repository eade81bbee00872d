"""The closed vocabulary of a report: every answer is one of these keys, nothing else.

Kept as data so the form, the database check constraints and the published tables read the same
lists. Buckets are coarse on purpose: fine values (exact months, exact counts) make a report
easier to recognise.
"""

from django.db import models


class Level(models.TextChoices):
    SDE1 = "sde1", "SDE 1 (L4)"
    SDE2 = "sde2", "SDE 2 (L5)"
    SDE3 = "sde3", "SDE 3 (L6)"
    PRINCIPAL = "principal", "Principal (L7)"


class Org(models.TextChoices):
    AWS = "aws", "AWS"
    STORES = "stores", "Stores"
    DEVICES = "devices", "Devices"
    ADS = "ads", "Ads"
    OTHER = "other", "Other"


class Tier(models.TextChoices):
    TOP = "top", "Top"
    HIGH = "high", "High"
    MIDDLE = "middle", "Middle"
    LOW = "low", "Low"
    UNKNOWN = "unknown", "Don't know"


class Promotion(models.TextChoices):
    NOT_ATTEMPTED = "none", "Not attempted"
    PROMOTED = "promoted", "Attempted and promoted"
    NOT_PROMOTED = "denied", "Attempted and not promoted"


class MonthsInLevel(models.TextChoices):
    UNDER_12 = "lt12", "Under 12 months"
    FROM_12 = "12-23", "12–23 months"
    FROM_24 = "24-35", "24–35 months"
    FROM_36 = "36plus", "36 months or more"


class Providers(models.TextChoices):
    UP_TO_3 = "0-3", "0–3"
    FOUR_OR_FIVE = "4-5", "4–5"
    SIX_PLUS = "6plus", "6 or more"


class Focus(models.TextChoices):
    NONE = "none", "None"
    FOCUS = "focus", "Focus"
    PIVOT = "pivot", "Pivot or PIP"


class Outcome(models.TextChoices):
    STAYED = "stayed", "Stayed"
    TRANSFERRED = "transferred", "Transferred"
    LEFT = "left", "Left by choice"
    MANAGED_OUT = "managed_out", "Left through Pivot, PIP or layoff"


# A review cycle is a year. The database accepts any plausible year; the form offers the last
# three (outcomes.forms.reportable_cycles).
FIRST_CYCLE = 2000
LAST_CYCLE = 2100
CYCLES_OFFERED = 3
