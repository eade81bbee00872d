"""Reads for the money map: the assumption rows (one query) turned into the computation's
defaults, and a member's own saved scenarios."""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import QuerySet

from money.compute import Assumed, Schedule
from money.models import Assumption, SavedScenario

VALID_CADENCES = (1, 2, 3, 4, 6, 12)  # months that divide a year
YEAR_KEYS = ("vest-year-1", "vest-year-2", "vest-year-3", "vest-year-4")


def assumptions() -> dict[str, Assumption]:
    return {row.key: row for row in Assumption.objects.all()}


def _value(rows: Mapping[str, Assumption], key: str, fallback: Decimal) -> Decimal:
    row = rows.get(key)
    return row.value if row is not None else fallback


def assumed(rows: Mapping[str, Assumption]) -> Assumed:
    """The computation's reported defaults, from the rows (a missing row keeps the built-in
    default, so a deleted row never breaks the page)."""
    base = Assumed()
    positions = tuple((key, _value(rows, key, value)) for key, value in base.rating_positions)
    return Assumed(
        model_growth=_value(rows, "model-growth", base.model_growth),
        base_cap=_value(rows, "base-cap", base.base_cap),
        signon_months=int(_value(rows, "signon-months", Decimal(base.signon_months))) or 12,
        signon1_upfront=bool(_value(rows, "signon1-upfront", Decimal(base.signon1_upfront))),
        signon2_upfront=bool(_value(rows, "signon2-upfront", Decimal(base.signon2_upfront))),
        pivot_payout=_value(rows, "pivot-payout", base.pivot_payout),
        failed_pivot_fraction=1 / (_value(rows, "failed-pivot-divisor", Decimal(3)) or Decimal(3)),
        rating_positions=positions,
        rating_reference=_value(rows, "rating-reference", base.rating_reference)
        or base.rating_reference,
        low_rating_exit=_value(rows, "low-rating-exit", base.low_rating_exit),
    )


def default_schedule(rows: Mapping[str, Assumption]) -> Schedule:
    base = Schedule()
    percents = tuple(
        _value(rows, key, default) for key, default in zip(YEAR_KEYS, base.year_percents)
    )
    cadence = int(_value(rows, "vest-cadence", Decimal(base.later_cadence_months)))
    if cadence not in VALID_CADENCES:  # a mistyped row falls back rather than miscounting
        cadence = base.later_cadence_months
    return Schedule(year_percents=percents, later_cadence_months=cadence)


def saved_scenarios(owner: User) -> QuerySet[SavedScenario]:
    return SavedScenario.objects.filter(owner=owner)
