"""The simulator's inputs, read from GET so a scenario is a shareable URL. Every bound is checked
here with a message that says what to change; the view answers 400 and shows the form again
with everything typed kept. Nothing out of these bounds ever reaches money.compute."""

import datetime
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode

from money.compute import RATINGS, Assumed, Grant, Scenario, Schedule
from money.models import SCENARIO_NAME_MAX

MONEY_MAX = Decimal(10_000_000)
SHARES_MAX = Decimal(10_000_000)
PRICE_MAX = Decimal(100_000)
EARLIEST_START = datetime.date(1995, 1, 1)  # the year Amazon's first engineers started
LATEST_START = datetime.date(2040, 12, 31)
LEVELS = [("", "Not given"), *[(f"L{n}", f"L{n}") for n in range(4, 9)]]
CADENCES = [("3", "Every 3 months (quarterly)"), ("6", "Every 6 months"), ("12", "Once a year")]
# The later grants' (shares, month) field pairs. The first keeps the names of the single grant
# the form used to take, so links shared before still open the same scenario.
LATER_GRANTS = (
    ("later_shares", "later_month"),
    ("later2_shares", "later2_month"),
    ("later3_shares", "later3_month"),
    ("later4_shares", "later4_month"),
)
# The outcome ledger's tier words (the money map imports no other app), with the names the
# reported pay guideline uses for them.
RATING_LABELS = {
    "top": "Top (Top Tier)",
    "high": "High (HV3)",
    "middle": "Middle (HV2)",
    "low": "Low (HV1 or Least Effective)",
    "unknown": "Don't know",
}
RATING_CHOICES = [("", "Not given"), *[(key, RATING_LABELS[key]) for key in RATINGS]]


def amount(label, *, required=False, maximum=MONEY_MAX, help_text="", minimum=Decimal(0)):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=maximum,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        error_messages={
            "required": "Enter an amount (0 if none).",
            "invalid": "Enter a number, like 120000 (no currency sign or commas).",
            "min_value": f"Enter at least {minimum:,}.",
            "max_value": f"Enter at most {maximum:,}: larger values are not plausible.",
            "max_digits": "That number is too long.",
            "max_decimal_places": "Use at most two decimals.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def months(label, *, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=48,
        help_text=help_text,
        error_messages={
            "invalid": "Enter a whole number of months, from 1 to 48.",
            "min_value": "Enter a month from 1 to 48.",
            "max_value": "Enter a month from 1 to 48 (the four years shown).",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def rating_field(label: str, *, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=RATING_CHOICES,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": "Choose a rating from the list, or leave it empty."},
    )


class ScenarioForm(forms.Form):
    """One person's offer. `assumed` and `schedule` are the defaults from the assumption rows."""

    level = forms.ChoiceField(choices=LEVELS, required=False, label="Level")
    start = forms.DateField(
        label="Start date",
        required=False,
        help_text="YYYY-MM-DD. Dates the quarters; leave empty to number them.",
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a date as YYYY-MM-DD, like 2026-01-05."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    base = amount("Base salary ($ a year)", required=True)
    grant_shares = amount("Stock grant (shares)", maximum=SHARES_MAX)
    grant_value = amount(
        "…or the grant's value ($)", help_text="Used with the grant price when shares are empty."
    )
    grant_price = amount(
        "Grant price ($ a share)",
        required=True,
        maximum=PRICE_MAX,
        minimum=Decimal("0.01"),
        help_text="The share price the grant was valued at; stock grows from there.",
    )
    signon1 = amount("Sign-on bonus, year 1 ($)")
    signon2 = amount("Sign-on bonus, year 2 ($)")
    vesting = forms.CharField(
        label="Vesting by year (%)",
        required=False,
        max_length=40,
        help_text="Four percentages adding up to 100.",
    )
    cadence = forms.TypedChoiceField(
        label="Vesting in years 3 and 4",
        choices=CADENCES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    growth = forms.DecimalField(
        label="Expected stock growth (% a year)",
        required=False,
        min_value=Decimal(-50),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": "Enter a percentage, like 15 or -5.",
            "min_value": "Enter at least -50 percent a year.",
            "max_value": "Enter at most 100 percent a year.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    later_shares = amount("Later grant 1 (shares)", maximum=SHARES_MAX)
    later_month = months(
        "Later grant 1: month granted", help_text="Each vests on the same schedule from its month."
    )
    later2_shares = amount("Later grant 2 (shares)", maximum=SHARES_MAX)
    later2_month = months("Later grant 2: month granted")
    later3_shares = amount("Later grant 3 (shares)", maximum=SHARES_MAX)
    later3_month = months("Later grant 3: month granted")
    later4_shares = amount("Later grant 4 (shares)", maximum=SHARES_MAX)
    later4_month = months("Later grant 4: month granted")
    rating = rating_field(
        "Your last rating", help_text="As you understand it (managers rarely say). Optional."
    )
    rating_before = rating_field(
        "The rating the year before",
        help_text="Optional: a repeated rating is reported to count for more.",
    )
    leave_month = months(
        "Leave or stay: compare at month", help_text="From 1 to 48; empty for no comparison."
    )
    pivot = amount("Pivot severance offered ($)", help_text="Empty: the reported figure.")

    def __init__(self, *args, assumed: Assumed, schedule: Schedule, **kwargs):
        super().__init__(*args, **kwargs)
        self.assumed, self.schedule = assumed, schedule
        self.fields["vesting"].widget.attrs["placeholder"] = _percents(schedule.year_percents)
        self.fields["growth"].widget.attrs["placeholder"] = f"{assumed.model_growth:g}"
        self.fields["pivot"].widget.attrs["placeholder"] = f"{assumed.pivot_payout:.0f}"
        cast(forms.ChoiceField, self.fields["cadence"]).choices = [
            ("", f"As reported (every {schedule.later_cadence_months} months)"),
            *CADENCES,
        ]

    GROUPS = (
        ("Offer", ("level", "start", "base", "grant_shares", "grant_value", "grant_price",
                   "signon1", "signon2")),
        ("Stock", ("vesting", "cadence", "growth")),
        ("Later grants (up to four)", tuple(name for pair in LATER_GRANTS for name in pair)),
        ("Rating history (optional)", ("rating", "rating_before")),
        ("Leave or stay", ("leave_month", "pivot")),
    )  # fmt: skip

    def groups(self):
        """(legend, bound fields) for each fieldset of the page."""
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_start(self):
        start = self.cleaned_data.get("start")
        if start and not EARLIEST_START <= start <= LATEST_START:
            raise ValidationError(
                f"Enter a start date between {EARLIEST_START:%Y} and {LATEST_START:%Y}."
            )
        return start

    def clean_vesting(self):
        text = self.cleaned_data.get("vesting", "").strip()
        if not text:
            return None
        parts = [part.strip().rstrip("%") for part in text.replace("/", ",").split(",")]
        try:
            percents = tuple(Decimal(part) for part in parts)
        except ArithmeticError:
            raise ValidationError(
                "Write four percentages separated by commas, like 5,15,40,40."
            ) from None
        if len(percents) != 4 or not all(p.is_finite() and 0 <= p <= 100 for p in percents):
            raise ValidationError("Write four percentages from 0 to 100, like 5,15,40,40.")
        if sum(percents) != 100:
            raise ValidationError(f"The four years add up to {sum(percents):g}%, not 100%.")
        return percents

    def clean(self):
        super().clean()
        data = self.cleaned_data
        shares, value, price = (data.get(k) for k in ("grant_shares", "grant_value", "grant_price"))
        if shares is None and value is not None and price:
            shares = (value / price).to_integral_value(rounding="ROUND_FLOOR")
            if shares > SHARES_MAX:
                self.add_error("grant_value", "That grant is more shares than is plausible.")
            data["grant_shares"] = shares
        if (
            shares is None
            and "grant_shares" not in self.errors
            and "grant_value" not in self.errors
        ):
            self.add_error("grant_shares", "Enter the shares, or the grant's value and its price.")
        for number, (shares_name, month_name) in enumerate(LATER_GRANTS, start=1):
            self._check_later_grant(data, number, shares_name, month_name)
        if data.get("rating_before") and not data.get("rating") and "rating" not in self.errors:
            self.add_error("rating", "Give your last rating too, or leave both empty.")
        return data

    def _check_later_grant(self, data, number: int, shares_name: str, month_name: str) -> None:
        """A later grant needs both halves; the message goes beside the missing one."""
        if shares_name in self.errors or month_name in self.errors:
            return
        shares, month = data.get(shares_name), data.get(month_name)
        if shares is not None and month is None:
            self.add_error(month_name, f"Give the month later grant {number} was granted (1–48).")
        elif month is not None and shares is None:
            self.add_error(shares_name, f"Give later grant {number}'s shares, or clear its month.")

    def scenario(self) -> Scenario:
        data = self.cleaned_data
        grants = [Grant(data["grant_shares"])]
        for shares_name, month_name in LATER_GRANTS:
            if data.get(shares_name) is not None and data.get(month_name):
                grants.append(Grant(data[shares_name], month=data[month_name]))
        schedule = Schedule(
            year_percents=data.get("vesting") or self.schedule.year_percents,
            later_cadence_months=data.get("cadence") or self.schedule.later_cadence_months,
        )
        growth = data.get("growth")
        return Scenario(
            base=data["base"],
            grant_price=data["grant_price"],
            grants=tuple(grants),
            signon1=data.get("signon1") or Decimal(0),
            signon2=data.get("signon2") or Decimal(0),
            growth=self.assumed.model_growth if growth is None else growth,
            schedule=schedule,
            leave_month=data.get("leave_month"),
            pivot_payout=data.get("pivot"),
            assumed=self.assumed,
            rating=data.get("rating") or None,
            rating_before=data.get("rating_before") or None,
        )

    def query(self) -> str:
        """The canonical query string of these inputs (what a shared or saved link carries)."""
        pairs = []
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if name == "vesting":
                value = _percents(value)
            elif name == "grant_value" and self.data.get("grant_shares"):
                continue
            pairs.append((name, _plain(value)))
        return urlencode(pairs)


def _plain(value) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _percents(percents) -> str:
    return ",".join(f"{p.normalize():f}" if isinstance(p, Decimal) else str(p) for p in percents)


class SaveScenarioForm(forms.Form):
    name = forms.CharField(
        label="Name this scenario",
        max_length=SCENARIO_NAME_MAX,
        error_messages={
            "required": "Give the scenario a name, like “Offer, L5, Seattle”.",
            "max_length": f"Keep the name under {SCENARIO_NAME_MAX} characters.",
        },
    )
