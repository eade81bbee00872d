"""The simulator page through the Django client: GET parameters in, tables, chart, flags, exits
and the cited assumptions out; bad input answered with a 400 that explains and keeps it."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from money.models import Assumption

pytestmark = pytest.mark.django_db
URL = "/money/"
OFFER = {
    "grant_shares": "100",
    "grant_price": "200",
    "start": "2026-01-05",
    "base": "160000",
    "signon1": "60000",
    "signon2": "24000",
    "growth": "0",
}


def get(client, django_assert_max_num_queries, **params):
    with django_assert_max_num_queries(3):
        return client.get(URL, params)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_url_is_the_money_map():
    assert reverse("money:simulator") == URL


def test_signed_out_example_shows_results_and_every_cited_assumption(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "An example offer" in page
    assert "Not financial, tax or legal advice." in page
    for row in Assumption.objects.all():
        assert escape(row.source_url) in page
        assert escape(row.label) in page
    assert "Business Insider" in page and "Levels.fyi" in page


def test_the_shared_url_gives_the_quarters_years_and_chart(client, django_assert_max_num_queries):
    response = get(client, django_assert_max_num_queries, **OFFER)
    assert response.status_code == 200
    page = text(response)
    # 5 shares at $200 in the fourth quarter, dated from the start.
    assert "5 Oct 2026 – 4 Jan 2027" in page
    assert "<td>$40,000</td><td>$0</td><td>5</td><td>$1,000</td><td>$41,000</td>" in page
    # Years: 160k base + sign-on + stock (5, 15, 40, 40 shares at $200).
    assert '<th scope="row">Year 1</th><td>$160,000</td><td>$60,000</td><td>5</td>' in page
    assert (
        '<th scope="row">Year 3</th><td>$160,000</td><td>$0</td><td>40</td><td>$8,000</td>' in page
    )
    assert '<svg viewBox="0 0 640 260" role="img"' in page
    assert '<title id="chart-title">Total pay per year</title>' in page
    assert "Year 5: $160,000" in page  # the desc, for screen readers
    assert "Year 5 drops by $8,000" in page


def test_the_result_says_which_assumptions_it_used(client, django_assert_max_num_queries):
    page = text(get(client, django_assert_max_num_queries, **OFFER, vesting="25,25,25,25"))
    used = page.split("This result used", 1)[1].split("</p>", 1)[0]
    assert "stock growth assumed by the target-compensation model" in used
    assert "year 1 sign-on paid up front" in used
    assert "hire grant vesting in year 1" not in used  # overridden by the form
    assert "pivot" not in used.lower()  # no exit asked for


def test_an_assumption_edited_by_staff_changes_the_default(client, django_assert_max_num_queries):
    Assumption.objects.filter(key="vest-cadence").update(value=3)
    offer = {**OFFER, "signon1": "0", "signon2": "0"}
    page = text(get(client, django_assert_max_num_queries, **offer))
    assert page.count("<td>10</td><td>$2,000</td>") == 8  # quarterly in years 3 and 4


def test_leave_or_stay_compares_four_choices(client, django_assert_max_num_queries):
    page = text(get(client, django_assert_max_num_queries, **OFFER, leave_month="8", level="L5"))
    assert "Your four years at L5" in page
    assert "Leave or stay at month 8" in page
    # Resigning after month 8: repay 4/12 of the $60,000 year-1 sign-on.
    assert "Resign after month 8</th><td>$166,667</td><td>$20,000</td><td>$0</td>" in page
    assert "Take Pivot&#x27;s severance</th>" in page
    assert "<td>$30,000</td><td><strong>$176,667</strong></td>" in page
    assert "Fail the PIP (Pivot) and leave</th>" in page
    assert "<td>$10,000</td><td><strong>$156,667</strong></td>" in page


def test_the_grant_can_be_given_as_a_value_and_price(client, django_assert_max_num_queries):
    offer = {k: v for k, v in OFFER.items() if k != "grant_shares"} | {"grant_value": "20000"}
    page = text(get(client, django_assert_max_num_queries, **offer))
    assert "<td>5</td><td>$1,000</td>" in page


SELECTS = ("cadence", "rating", "rating_before")
BAD = [
    ({"base": "-5"}, "base", "Enter at least 0."),
    ({"base": "abc"}, "base", "Enter a number, like 120000"),
    ({"base": ""}, "base", "Enter an amount (0 if none)."),
    ({"grant_shares": "1000000000000"}, "grant_shares", "Enter at most 10,000,000"),
    ({"grant_shares": "1e12"}, "grant_shares", "Enter at most 10,000,000"),
    ({"grant_price": "0"}, "grant_price", "Enter at least 0.01."),
    ({"grant_price": "NaN"}, "grant_price", "Enter a number"),
    ({"grant_shares": "", "grant_value": ""}, "grant_shares", "Enter the shares, or the grant"),
    ({"start": "1900-01-01"}, "start", "Enter a start date between 1995 and 2040."),
    ({"start": "2100-01-01"}, "start", "Enter a start date between 1995 and 2040."),
    ({"start": "05/01/2026"}, "start", "Enter a date as YYYY-MM-DD"),
    ({"growth": "1000"}, "growth", "Enter at most 100 percent a year."),
    ({"growth": "fast"}, "growth", "Enter a percentage"),
    ({"leave_month": "0"}, "leave_month", "Enter a month from 1 to 48."),
    ({"leave_month": "99"}, "leave_month", "Enter a month from 1 to 48"),
    ({"leave_month": "1.5"}, "leave_month", "Enter a whole number of months"),
    ({"vesting": "5,15,40"}, "vesting", "Write four percentages from 0 to 100"),
    ({"vesting": "10,10,10,10"}, "vesting", "add up to 40%, not 100%."),
    ({"vesting": "a,b,c,d"}, "vesting", "Write four percentages separated by commas"),
    ({"cadence": "5"}, "cadence", "Select a valid choice."),
    ({"later_shares": "50"}, "later_month", "Give the month later grant 1 was granted (1–48)."),
    ({"later2_month": "12"}, "later2_shares", "Give later grant 2's shares, or clear its month."),
    ({"later3_shares": "10", "later3_month": "60"}, "later3_month", "Enter a month from 1 to 48"),
    ({"later4_shares": "many", "later4_month": "6"}, "later4_shares", "Enter a number"),
    ({"rating": "stellar"}, "rating", "Choose a rating from the list, or leave it empty."),
    ({"rating_before": "top"}, "rating", "Give your last rating too, or leave both empty."),
    ({"rating": "top", "rating_before": "HV3"}, "rating_before", "Choose a rating from the list"),
    ({"signon1": "9" * 40}, "signon1", "Enter at most"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_explained_and_kept(
    client, django_assert_max_num_queries, change, field, message
):
    response = get(client, django_assert_max_num_queries, **(OFFER | change))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing you typed was lost." in page
    assert escape(message) in page
    assert f'id="id_{field}_error"' in page
    for name, value in change.items():
        if value and len(value) < 40 and name not in SELECTS:  # a select keeps only its options
            assert f'value="{value}"' in page
    assert "Your four years" not in page


def test_unknown_and_repeated_parameters_are_harmless(client, django_assert_max_num_queries):
    response = client.get(URL + "?base=1&base=2&grant_shares=1&grant_price=1&x=<script>")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1].split("<footer")[0]


def test_the_compensation_guides_example_gives_its_level_204000(
    client, django_assert_max_num_queries
):
    """The link the guide's example table gets (see docs/money.md) reproduces its numbers."""
    page = text(
        get(
            client,
            django_assert_max_num_queries,
            base="140000",
            grant_value="160000",
            grant_price="200",
            signon1="56000",
            signon2="40000",
            growth="0",
        )
    )
    for year in (1, 2, 3, 4):
        assert f"<dt>Year {year}</dt><dd>$204,000</dd>" in page
    assert "Year 5 drops by $64,000" in page


def test_the_sitemap_lists_the_money_map_and_robots_let_crawlers_in(client, make_user):
    assert "/money/</loc>" in client.get("/sitemap.xml").content.decode()
    assert "Disallow: /money/" not in client.get("/robots.txt").content.decode()
    # Shared scenarios are not indexed; the example is. Private pages say noindex in a header.
    assert '<meta name="robots" content="noindex">' in client.get(URL, OFFER).content.decode()
    assert "noindex" not in client.get(URL).content.decode()
    client.force_login(make_user("lena"))
    assert client.get("/money/saved/")["X-Robots-Tag"] == "noindex, nofollow"


LATER = {
    "later_shares": "200",
    "later_month": "12",
    "later2_shares": "100",
    "later2_month": "24",
}


def test_later_grants_round_trip_through_the_shared_url(client, django_assert_max_num_queries):
    offer = {**OFFER, "signon1": "0", "signon2": "0"}
    response = get(client, django_assert_max_num_queries, **offer, **LATER)
    assert response.status_code == 200
    page = text(response)
    # Shares a year: 5, 25, 75, 135 (see test_compute), 120 in year 5, $200 each.
    assert '<th scope="row">Year 4</th><td>$160,000</td><td>$0</td><td>135</td>' in page
    assert "<td>120</td><td>$24,000</td><td>$184,000</td>" in page
    assert "Year 5 drops by $3,000" in page and "your 2 later grants" in page
    share = page.split('Share these numbers: <a href="', 1)[1].split('"', 1)[0]
    assert "later_shares=200&amp;later_month=12&amp;later2_shares=100&amp;later2_month=24" in share
    for name, value in LATER.items():
        assert f'name="{name}" value="{value}"' in page
    # The shared link reproduces the page.
    again = text(client.get(share.replace("&amp;", "&")))
    assert '<th scope="row">Year 4</th><td>$160,000</td><td>$0</td><td>135</td>' in again


def test_an_old_link_with_one_later_grant_still_opens(client, django_assert_max_num_queries):
    page = text(get(client, django_assert_max_num_queries, **OFFER, later_shares="200",
                    later_month="24"))  # fmt: skip
    # The month-24 grant vests 10 shares at the end of year 3 (5% of 200) beside the hire's 40.
    assert '<th scope="row">Year 3</th><td>$160,000</td><td>$0</td><td>50</td>' in page
    assert 'name="later_shares" value="200"' in page


def test_grant_errors_sit_beside_their_own_grant(client, django_assert_max_num_queries):
    response = get(
        client,
        django_assert_max_num_queries,
        **OFFER,
        later_shares="200",
        later_month="12",
        later3_shares="50",
        later4_month="30",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "later_month_error" not in page  # the complete grant is fine
    error = page.split('id="id_later3_month_error"', 1)[1].split("</div>", 1)[0]
    assert "Give the month later grant 3 was granted" in error
    error = page.split('id="id_later4_shares_error"', 1)[1].split("</div>", 1)[0]
    assert escape("Give later grant 4's shares") in error
    for name, value in (("later3_shares", "50"), ("later4_month", "30"), ("later_month", "12")):
        assert f'name="{name}" value="{value}"' in page


def test_a_rating_lists_the_assumption_it_used_and_its_source(
    client, django_assert_max_num_queries
):
    # At 0% model growth the target is $132,000 and years 3-4 are $108,000: a $24,000 gap.
    Assumption.objects.filter(key="model-growth").update(value=0)
    offer = {**OFFER, "base": "100000", "signon1": "40000", "signon2": "20000"}
    page = text(get(client, django_assert_max_num_queries, **offer, rating="top",
                    rating_before="top"))  # fmt: skip
    row = Assumption.objects.get(key="rating-top-repeat")
    used = page.split("This result used", 1)[1].split("</p>", 1)[0]
    assert escape(row.label.lower()) in used
    assert "pay range position taken for the offer" in used
    assert f'href="#assumption-{row.key}"' in used
    assert "Estimated refresher: <strong>$43,200</strong> in year 3" in page
    assert "Taro's rule of thumb (not Amazon's formula)" in page
    assert escape(row.source_url) in page and "Not financial, tax or legal advice." in page
    item = page.split(f'id="assumption-{row.key}" class="is-used"', 1)[1].split("</li>", 1)[0]
    assert "90% of the range" in item and "Business Insider" in item
    assert "6 May 2025" in item


def test_a_low_rating_shows_its_flags_and_the_attrition_source(
    client, django_assert_max_num_queries
):
    page = text(get(client, django_assert_max_num_queries, **OFFER, rating="low"))
    assert "assumes no refresher" in page and "way into Focus and Pivot" in page
    used = page.split("This result used", 1)[1].split("</p>", 1)[0]
    assert "office staff amazon aimed to move out each year" in used
    assert escape(Assumption.objects.get(key="low-rating-exit").source_url) in page
    assert "Estimated refresher: <strong>$0</strong> in year 3" in page


def test_without_a_rating_no_rating_assumption_is_used(client, django_assert_max_num_queries):
    page = text(get(client, django_assert_max_num_queries, **OFFER, rating="unknown"))
    used = page.split("This result used", 1)[1].split("</p>", 1)[0]
    assert "pay range position" not in used
    assert "rated-refresh" not in page
