"""The reported figures behind the optional rating history (issue #31): where Amazon's 2025 pay
guideline, as Business Insider reported it, puts each rating in the pay range, the position
Taro takes an offer to hold, and the reported share of office staff moved out each year (the
context of a low rating). Like 0002, it only creates missing keys: a staff edit is never
overwritten."""

import datetime
from decimal import Decimal

from django.db import migrations

CHECKED = datetime.date(2026, 12, 4)
BI_PAY = (
    "https://www.businessinsider.com/amazon-revamps-pay-structure-rewards-high-performing-"
    "employees-2025-5"
)
KNUDSON_CURVE = (
    "https://arneknudson.com/2025/08/11/amazons-compensation-targets-exploit-the-promotion-"
    "process-and-pay-below-industry-rates"
)
ST_ATTRITION = (
    "https://adn.com/nation-world/2021/06/22/internal-amazon-documents-shed-light-on-how-company-"
    "pressures-out-6-of-office-workers-each-year"
)
GUIDELINE = (
    "Business Insider reported Amazon's 2025 pay guideline, from internal documents: a rating "
    "sets where the total compensation target lands in the level's pay range, and the rating "
    "history counts. "
)
RULE = (
    " Taro's rule of thumb, not Amazon's formula: the estimated refresher is the target model's "
    "gap times this position divided by the offer's assumed position."
)
ROWS = [
    (
        "rating-top-first",
        "Pay range position after a first Top Tier rating",
        "70",
        "% of the range",
        GUIDELINE + "A first Top Tier was reported at 70% of the range (80% the year before); "
        "three and four in a row at 105% and 110%." + RULE,
        BI_PAY,
        "Business Insider",
    ),
    (
        "rating-top-repeat",
        "Pay range position after two Top Tier ratings in a row",
        "90",
        "% of the range",
        GUIDELINE + "Two Top Tier ratings in a row were reported at 90% of the range (down from "
        "100%)." + RULE,
        BI_PAY,
        "Business Insider",
    ),
    (
        "rating-high",
        "Pay range position after a high rating (HV3)",
        "40",
        "% of the range",
        GUIDELINE + "A first Highly Valued 3 was reported at 40% of the range (down from 50%); "
        "Taro uses it for any high rating, as the reporting gives no figure for a repeat." + RULE,
        BI_PAY,
        "Business Insider",
    ),
    (
        "rating-middle-down",
        "Pay range position after a middle rating (HV2) that followed a higher one",
        "20",
        "% of the range",
        GUIDELINE + "Dropping from Highly Valued 3 to Highly Valued 2 was reported to keep 20% "
        "of the range; Taro also uses it after a Top Tier." + RULE,
        BI_PAY,
        "Business Insider",
    ),
    (
        "rating-middle-up",
        "Pay range position after a middle rating (HV2) otherwise",
        "10",
        "% of the range",
        GUIDELINE + "Moving up to Highly Valued 2 from a lower rating was reported at 10% of the "
        "range (down from 20%); Taro uses this lower figure when the year before is middle, low "
        "or not given." + RULE,
        BI_PAY,
        "Business Insider",
    ),
    (
        "rating-low",
        "Pay range position after a low rating (HV1 or Least Effective)",
        "0",
        "% of the range",
        "Business Insider's report of the 2025 pay guideline gives no figure below Highly Valued "
        "2. A reading of the same guideline on Arne Knudson's blog (August 2025) puts Least "
        "Effective and Highly Valued 1 at the minimum of the range: Taro assumes no refresher "
        "and no raise.",
        KNUDSON_CURVE,
        "Arne Knudson (blog)",
    ),
    (
        "rating-reference",
        "Pay range position taken for the offer's target",
        "50",
        "% of the range",
        "Taro's assumption, not reported: an offer's target is taken to sit in the middle of "
        "its range, so a rating placed above the middle scales the refresher up and one below "
        "scales it down. Amazon does not publish ranges or its formula.",
        BI_PAY,
        "Business Insider",
    ),
    (
        "low-rating-exit",
        "Office staff Amazon aimed to move out each year",
        "6",
        "% a year",
        "The Seattle Times reported, from internal documents, that Amazon tries to move about 6% "
        "of its office staff out every year (“unregretted attrition”), channelling low-ranked "
        "people through improvement plans, and expected more than a third of those on a plan to "
        "fail. Shown with a low rating.",
        ST_ATTRITION,
        "The Seattle Times (via the Anchorage Daily News)",
    ),
]
PUBLISHED = {
    BI_PAY: datetime.date(2025, 5, 6),
    KNUDSON_CURVE: datetime.date(2025, 8, 11),
    ST_ATTRITION: datetime.date(2021, 6, 22),
}
FIRST_ORDER = 20  # after 0002's rows


def create_rows(apps, schema_editor):
    Assumption = apps.get_model("money", "Assumption")
    for order, (key, label, value, unit, explanation, url, publisher) in enumerate(
        ROWS, start=FIRST_ORDER
    ):
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
    dependencies = [("money", "0002_reported_assumptions")]

    operations = [migrations.RunPython(create_rows, remove_rows)]
