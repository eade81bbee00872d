"""The money map's arithmetic: frozen inputs in, frozen results out. No database, no clock, no
randomness: the same inputs always give the same numbers (a shared URL shows what its sender
saw). Everything is Decimal money rounded to cents at the end of each step.

The work is O(quarters × vesting tranches): at most 20 quarters and a few dozen tranches, so any
input computes in well under a millisecond."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
MONTHS_SHOWN = 48  # four years: the span of the hire grant and the two sign-on years
YEARS_SHOWN = MONTHS_SHOWN // 12


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Schedule:
    """How a grant vests: a percent per year, paid once at the end of each early year (the
    cliffs) and every `later_cadence_months` in the later years."""

    year_percents: tuple[Decimal, ...] = (Decimal(5), Decimal(15), Decimal(40), Decimal(40))
    later_cadence_months: int = 6
    cliff_years: int = 2

    def tranches(self) -> tuple[tuple[int, Decimal], ...]:
        """(month after the grant, percent of the grant) for every vesting event."""
        events = []
        for index, percent in enumerate(self.year_percents):
            year_end = 12 * (index + 1)
            cadence = 12 if index < self.cliff_years else self.later_cadence_months
            steps = 12 // cadence
            for step in range(1, steps + 1):
                events.append((year_end - 12 + cadence * step, percent / steps))
        return tuple(events)


@dataclass(frozen=True)
class Grant:
    """Shares granted `month` months after the start (0 = the hire grant)."""

    shares: Decimal
    month: int = 0


@dataclass(frozen=True)
class Assumed:
    """The defaults that come from reporting (money.Assumption rows) rather than from the
    person: the values a result used, listed under it."""

    model_growth: Decimal = Decimal(15)  # percent a year in Amazon's target-compensation model
    base_cap: Decimal = Decimal(350_000)
    signon_months: int = 12  # each year's sign-on is earned over twelve months
    signon1_upfront: bool = True  # year 1's paid in its first month (False: monthly)
    signon2_upfront: bool = False  # year 2's paid monthly (True: in its first month)
    pivot_payout: Decimal = Decimal(30_000)
    failed_pivot_fraction: Decimal = Decimal(1) / Decimal(3)
    # Where the reported pay guideline puts a rating in the pay range (percent of the range),
    # keyed like the assumption rows, and the position Taro takes an offer's target to hold.
    rating_positions: tuple[tuple[str, Decimal], ...] = (
        ("rating-top-first", Decimal(70)),
        ("rating-top-repeat", Decimal(90)),
        ("rating-high", Decimal(40)),
        ("rating-middle-down", Decimal(20)),
        ("rating-middle-up", Decimal(10)),
        ("rating-low", Decimal(0)),
    )
    rating_reference: Decimal = Decimal(50)
    low_rating_exit: Decimal = Decimal(6)  # percent of office staff moved out a year (reported)

    def rating_position(self, key: str) -> Decimal:
        return dict(self.rating_positions)[key]


@dataclass(frozen=True)
class Scenario:
    base: Decimal  # yearly salary
    grant_price: Decimal  # the share price the hire grant was valued at
    grants: tuple[Grant, ...]
    signon1: Decimal = ZERO
    signon2: Decimal = ZERO
    growth: Decimal = Decimal(15)  # the person's expected yearly stock growth, percent
    schedule: Schedule = field(default_factory=Schedule)
    leave_month: int | None = None
    pivot_payout: Decimal | None = None  # None: the reported figure in Assumed
    assumed: Assumed = field(default_factory=Assumed)
    rating: str | None = None  # the last rating tier as the person understands it (RATINGS)
    rating_before: str | None = None  # the one before it, if known


@dataclass(frozen=True)
class Quarter:
    number: int  # 1..16
    base: Decimal
    signon: Decimal
    shares: Decimal
    stock: Decimal

    @property
    def year(self) -> int:
        return (self.number - 1) // 4 + 1

    @property
    def total(self) -> Decimal:
        return self.base + self.signon + self.stock


@dataclass(frozen=True)
class Year:
    number: int
    base: Decimal
    signon: Decimal
    shares: Decimal
    stock: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.signon + self.stock


@dataclass(frozen=True)
class Exit:
    key: str
    label: str
    received: Decimal  # pay, sign-on and vested stock up to the exit
    repayment: Decimal  # sign-on handed back
    payout: Decimal  # severance
    forfeited: Decimal  # unvested stock and unpaid sign-on given up, at the exit's price

    @property
    def worth(self) -> Decimal:
        return self.received - self.repayment + self.payout


@dataclass(frozen=True)
class RatedRefresh:
    """Taro's rule of thumb for a rated year: the target model's gap scaled by where the
    reported guideline puts the rating in the pay range, relative to the offer's assumed
    position. `key` is the assumption row it used."""

    key: str
    position: Decimal  # percent of the pay range
    multiplier: Decimal
    refreshers: tuple[Decimal, ...]  # years 3 and 4


@dataclass(frozen=True)
class Result:
    quarters: tuple[Quarter, ...]
    years: tuple[Year, ...]
    year5: Year
    refreshers: tuple[Decimal, ...]  # what the target model would top up in years 3 and 4
    exits: tuple[Exit, ...]
    flags: tuple[str, ...]
    rating: RatedRefresh | None = None  # only when a rating tier was given

    @property
    def four_year_total(self) -> Decimal:
        return sum((year.total for year in self.years), ZERO)

    @property
    def peak_year_total(self) -> Decimal:
        return max(year.total for year in (*self.years, self.year5))


def price_at(grant_price: Decimal, growth: Decimal, month: int) -> Decimal:
    """The share price `month` months after the start when it grows `growth` percent a year:
    exact on whole years, compounded monthly in between."""
    yearly = 1 + growth / HUNDRED
    whole_years, months = divmod(month, 12)
    return grant_price * yearly**whole_years * _monthly_factor(yearly) ** months


@functools.lru_cache(maxsize=64)
def _monthly_factor(yearly: Decimal) -> Decimal:
    """The twelfth root of a year's growth: a non-integer Decimal power is slow, so it is taken
    once per growth rate (pure: caching it changes no result)."""
    return yearly ** (Decimal(1) / 12)


def vesting_events(scenario: Scenario) -> list[tuple[int, Decimal]]:
    """(month after the start, shares) for every grant's every tranche."""
    events = []
    for grant in scenario.grants:
        for month, percent in scenario.schedule.tranches():
            events.append((grant.month + month, grant.shares * percent / HUNDRED))
    return events


def signon_earned(scenario: Scenario, through_month: int) -> Decimal:
    """Sign-on earned by working months 1..through_month: each year's amount month by month."""
    months = scenario.assumed.signon_months
    year1 = scenario.signon1 * min(through_month, months) / months
    year2 = scenario.signon2 * min(max(through_month - months, 0), months) / months
    return year1 + year2


def signon_paid(scenario: Scenario, through_month: int) -> Decimal:
    """Sign-on paid by the end of month `through_month`: each year's either up front in its
    first month or monthly (as earned), as the assumptions say."""
    assumed, months = scenario.assumed, scenario.assumed.signon_months
    if assumed.signon1_upfront:
        year1 = scenario.signon1 if through_month >= 1 else ZERO
    else:
        year1 = scenario.signon1 * min(through_month, months) / months
    if assumed.signon2_upfront:
        year2 = scenario.signon2 if through_month > months else ZERO
    else:
        year2 = scenario.signon2 * min(max(through_month - months, 0), months) / months
    return year1 + year2


def signon_repayment(scenario: Scenario, leave_month: int) -> Decimal:
    """Leaving after `leave_month` months hands back what was paid but not yet earned: the
    months left in the sign-on year, pro rata (as reported). Nothing when it is paid monthly."""
    owed = signon_paid(scenario, leave_month) - signon_earned(scenario, leave_month)
    return cents(max(owed, ZERO))


def _quarter(scenario: Scenario, number: int, events, growth: Decimal) -> Quarter:
    first, last = 3 * number - 2, 3 * number
    shares = ZERO
    stock = ZERO
    for month, vested in events:
        if first <= month <= last:
            shares += vested
            stock += vested * price_at(scenario.grant_price, growth, month)
    signon = signon_paid(scenario, last) - signon_paid(scenario, first - 1)
    return Quarter(number, cents(scenario.base / 4), cents(signon), shares, cents(stock))


def quarters(scenario: Scenario, growth: Decimal | None = None, count: int = 16):
    growth = scenario.growth if growth is None else growth
    events = vesting_events(scenario)
    return tuple(_quarter(scenario, n, events, growth) for n in range(1, count + 1))


def _years(all_quarters) -> tuple[Year, ...]:
    years = []
    for number in range(1, len(all_quarters) // 4 + 1):
        part = [q for q in all_quarters if q.year == number]
        years.append(
            Year(
                number,
                sum((q.base for q in part), ZERO),
                sum((q.signon for q in part), ZERO),
                sum((q.shares for q in part), ZERO),
                sum((q.stock for q in part), ZERO),
            )
        )
    return tuple(years)


def refreshers(scenario: Scenario) -> tuple[Decimal, ...]:
    """What the target-compensation model would add in years 3 and 4, as reported: the offer's
    target is the average of its first two years, every year is projected at the model's assumed
    growth, and a refresher only fills the gap. Zero when the projection already meets it."""
    model_years = _years(quarters(scenario, scenario.assumed.model_growth))
    target = (model_years[0].total + model_years[1].total) / 2
    return tuple(cents(max(target - year.total, ZERO)) for year in model_years[2:4])


# The rating vocabulary (the same words as the outcome ledger's tiers, kept here so the money
# map imports no other app). "unknown" and no answer leave the result unchanged.
RATINGS = ("top", "high", "middle", "low", "unknown")


def rating_key(rating: str | None, before: str | None) -> str | None:
    """Which reported band position a rating history maps to: the guideline reported in 2025
    rewards a repeated Top Tier more than a first one, and a middle rating after a higher one
    more than one reached from below (no history: the lower, first-time figure)."""
    if rating in (None, "", "unknown"):
        return None
    if rating == "top":
        return "rating-top-repeat" if before == "top" else "rating-top-first"
    if rating == "high":
        return "rating-high"
    if rating == "middle":
        return "rating-middle-down" if before in ("top", "high") else "rating-middle-up"
    return "rating-low"


def rated_refresh(scenario: Scenario, refresh: tuple[Decimal, ...]) -> RatedRefresh | None:
    key = rating_key(scenario.rating, scenario.rating_before)
    if key is None:
        return None
    assumed = scenario.assumed
    position = assumed.rating_position(key)
    multiplier = position / assumed.rating_reference if assumed.rating_reference else ZERO
    return RatedRefresh(
        key, position, multiplier, tuple(cents(amount * multiplier) for amount in refresh)
    )


def exits(scenario: Scenario, leave_month: int) -> tuple[Exit, ...]:
    """What each way out is worth at the end of month `leave_month`."""
    events = vesting_events(scenario)
    price = price_at(scenario.grant_price, scenario.growth, leave_month)
    received = _partial_received(scenario, events, leave_month)
    unvested = cents(sum((s for m, s in events if m > leave_month), ZERO) * price)
    unpaid_signon = cents(signon_paid(scenario, 24) - signon_paid(scenario, leave_month))
    repayment = signon_repayment(scenario, leave_month)
    payout = (
        scenario.assumed.pivot_payout if scenario.pivot_payout is None else scenario.pivot_payout
    )
    failed = cents(payout * scenario.assumed.failed_pivot_fraction)
    gone = unvested + unpaid_signon
    return (
        Exit("stay", "Stay", received, ZERO, ZERO, ZERO),
        Exit("resign", f"Resign after month {leave_month}", received, repayment, ZERO, gone),
        Exit("pivot", "Take Pivot's severance", received, repayment, cents(payout), gone),
        Exit("pip", "Fail the PIP (Pivot) and leave", received, repayment, failed, gone),
    )


def _partial_received(scenario: Scenario, events, leave_month: int) -> Decimal:
    """Base and sign-on for every month worked, and every tranche vested by then."""
    base = scenario.base * leave_month / 12
    stock = sum(
        (
            shares * price_at(scenario.grant_price, scenario.growth, month)
            for month, shares in events
            if month <= leave_month
        ),
        ZERO,
    )
    return cents(base) + cents(signon_paid(scenario, leave_month)) + cents(stock)


def _cover(later: int) -> str:
    if later == 0:
        return "no later grant covers"
    if later == 1:
        return "your later grant doesn't cover"
    return f"your {later} later grants don't cover"


def flags(scenario: Scenario, years, year5, refresh, rated=None) -> tuple[str, ...]:
    found = []
    if year5.total < years[-1].total:
        # Every grant (the hire grant and each later one) is in both totals already.
        drop = years[-1].total - year5.total
        later = sum(1 for grant in scenario.grants if grant.month > 0)
        found.append(
            f"Year 5 drops by ${drop:,.0f}: the hire grant has fully vested and "
            f"{_cover(later)} the gap."
        )
    if any(amount == ZERO for amount in refresh):
        found.append(
            "Under the target-compensation model (stock assumed to grow "
            f"{scenario.assumed.model_growth:g}% a year), your refresher for year 3 or 4 would "
            "be zero: the projected value of your grant already meets the offer's target."
        )
    if scenario.base > scenario.assumed.base_cap:
        found.append(
            f"A base salary above ${scenario.assumed.base_cap:,.0f} is over the reported US cap."
        )
    if rated is not None and rated.key == "rating-low":
        found += _low_rating_flags(scenario.assumed)
    return tuple(found)


def _low_rating_flags(assumed: Assumed) -> list[str]:
    return [
        "With a low rating (HV1 or Least Effective), readings of the pay guideline reported in "
        "2025 put pay at the minimum of the range: Taro's estimate assumes no refresher, and "
        "the yearly figures already assume no raise.",
        "A low rating is reported as the way into Focus and Pivot: Amazon aimed to move about "
        f"{assumed.low_rating_exit:g}% of its office staff out each year. The leave-or-stay "
        "comparison (give a month) sets Pivot's severance beside a failed plan.",
    ]


def compute(scenario: Scenario) -> Result:
    five_years = quarters(scenario, count=20)
    shown = five_years[:16]
    years = _years(shown)
    year5 = _years(five_years)[4]
    refresh = refreshers(scenario)
    rated = rated_refresh(scenario, refresh)
    leave = scenario.leave_month
    return Result(
        quarters=shown,
        years=years,
        year5=year5,
        refreshers=refresh,
        exits=exits(scenario, leave) if leave else (),
        flags=flags(scenario, years, year5, refresh, rated),
        rating=rated,
    )
