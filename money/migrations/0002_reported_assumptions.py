"""The reported figures behind the simulator's defaults, each with its source, so they exist on
a fresh database and in tests. Staff edit them in the admin afterwards; this never overwrites an
edited row (it only creates missing keys)."""

import datetime
from decimal import Decimal

from django.db import migrations

CHECKED = datetime.date(2026, 12, 4)
LEVELS = "https://www.levels.fyi/companies/amazon/salaries"
BLIND_TC = "https://www.teamblind.com/article/Amazon-Years-4-5-comp-question-Wtu3RQuk"
HN_SIGNON = "https://news.ycombinator.com/item?id=45095603"
BI_PIVOT = (
    "https://www.businessinsider.com/amazon-pivot-performance-improvement-program-do-not-hire-"
    "list-2021-6"
)
BI_APPEAL = "https://www.businessinsider.com/amazon-employees-being-fired-can-appeal-to-internal-jury-2021-6"
BI_CAP = "https://www.businessinsider.com/amazon-increases-base-salary-cap-350000-memo-2022-2"

VESTING = (
    "Levels.fyi reports the hire grant vesting 5% in year 1, 15% in year 2 and 40% in each of "
    "years 3 and 4."
)
ROWS = [
    ("vest-year-1", "Hire grant vesting in year 1", "5", "%", VESTING, LEVELS, "Levels.fyi"),
    ("vest-year-2", "Hire grant vesting in year 2", "15", "%", VESTING, LEVELS, "Levels.fyi"),
    ("vest-year-3", "Hire grant vesting in year 3", "40", "%", VESTING, LEVELS, "Levels.fyi"),
    ("vest-year-4", "Hire grant vesting in year 4", "40", "%", VESTING, LEVELS, "Levels.fyi"),
    (
        "vest-cadence",
        "Months between vesting dates in years 3 and 4",
        "6",
        "months",
        "Levels.fyi reports 20% every six months in years 3 and 4 (one cliff at the end of each of "
        "years 1 and 2). Some members report a move to quarterly vesting: set 3 to model it.",
        LEVELS,
        "Levels.fyi",
    ),
    (
        "model-growth",
        "Stock growth assumed by the target-compensation model",
        "15",
        "% a year",
        "Members report that Amazon sets target pay assuming the stock rises about 15% a year, "
        "which is why a refresher can be zero and year 5 can drop. Reported, not published by "
        "Amazon (its 2022 proxy statement says only that executive targets assume a fixed "
        "yearly increase).",
        BLIND_TC,
        "Blind (members' thread, 30 Sep 2018)",
    ),
    (
        "base-cap",
        "US base salary cap",
        "350000",
        "$",
        "Amazon raised its US base pay cap from $160,000 to $350,000 in February 2022, per an "
        "internal memo reported by Business Insider (and the Washington Post).",
        BI_CAP,
        "Business Insider",
    ),
    (
        "signon-months",
        "Months over which each year's sign-on is earned",
        "12",
        "months",
        "A sign-on for year 1 and another for year 2, each repaid pro rata by the months not "
        "worked if you leave (a member's account of the offer terms). Your offer letter rules.",
        HN_SIGNON,
        "Hacker News (member comment)",
    ),
    (
        "signon1-upfront",
        "Year 1 sign-on paid up front",
        "1",
        "yes/no",
        "Reported: year 1's sign-on arrives with the first pay, so leaving early means paying "
        "back the unworked months. Set 0 if yours is paid monthly.",
        HN_SIGNON,
        "Hacker News (member comment)",
    ),
    (
        "signon2-upfront",
        "Year 2 sign-on paid up front",
        "0",
        "yes/no",
        "Reported: year 2's sign-on is paid monthly, so nothing of it is repaid; leaving forfeits "
        "the months not yet paid. Set 1 if yours is a lump sum.",
        HN_SIGNON,
        "Hacker News (member comment)",
    ),
    (
        "pivot-payout",
        "Pivot severance offered at the start",
        "30000",
        "$",
        "Business Insider reported, from leaked documents, Pivot payouts of as much as $30,000 "
        "for leaving instead of trying the plan. Yours may differ: change it in the form.",
        BI_PIVOT,
        "Business Insider",
    ),
    (
        "failed-pivot-divisor",
        "After failing Pivot, the first offer divided by",
        "3",
        "(a third)",
        "Business Insider reported that failing Pivot leaves a payout of roughly a third of the "
        "first offer (and about a sixth after a failed appeal).",
        BI_APPEAL,
        "Business Insider",
    ),
]
PUBLISHED = {
    LEVELS: CHECKED,  # an undated, maintained page: the date it was read
    BLIND_TC: datetime.date(2018, 9, 30),
    HN_SIGNON: datetime.date(2025, 9, 1),
    BI_PIVOT: datetime.date(2021, 6, 1),
    BI_APPEAL: datetime.date(2021, 6, 1),
    BI_CAP: datetime.date(2022, 2, 7),
}


def create_rows(apps, schema_editor):
    Assumption = apps.get_model("money", "Assumption")
    for order, (key, label, value, unit, explanation, url, publisher) in enumerate(ROWS):
        Assumption.objects.get_or_create(
            key=key,
            defaults={
                "label": label,
                "value": Decimal(value),
                "unit": unit,
                "explanation": explanation,
                "source_url": url,
                "publisher": publisher,
                "published": PUBLISHED[url],
                "as_of": CHECKED,
                "order": order,
            },
        )


def remove_rows(apps, schema_editor):
    apps.get_model("money", "Assumption").objects.filter(key__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("money", "0001_assumptions_and_saved_scenarios")]

    operations = [migrations.RunPython(create_rows, remove_rows)]
