"""The money map's arithmetic, pinned with hand-computed numbers (money/compute.py is pure: no
database, so these tests need none)."""

from decimal import Decimal as D

import pytest

from money.compute import Assumed, Grant, Scenario, Schedule, compute, signon_repayment


def scenario(**overrides):
    values = {
        "base": D(160_000),
        "grant_price": D(200),
        "grants": (Grant(D(100)),),
        "signon1": D(0),
        "signon2": D(0),
        "growth": D(0),
    }
    values.update(overrides)
    return Scenario(**values)


def test_default_schedule_vests_5_15_40_40_shares_a_year_for_100_shares():
    result = compute(scenario())
    assert [year.shares for year in result.years] == [5, 15, 40, 40]
    assert [year.stock for year in result.years] == [1000, 3000, 8000, 8000]


def test_default_cadence_is_two_cliffs_then_every_six_months():
    assert Schedule().tranches() == (
        (12, 5),
        (24, 15),
        (30, 20),
        (36, 20),
        (42, 20),
        (48, 20),
    )
    result = compute(scenario())
    assert [q.shares for q in result.quarters] == [
        0, 0, 0, 5, 0, 0, 0, 15, 0, 20, 0, 20, 0, 20, 0, 20
    ]  # fmt: skip


def test_quarterly_cadence_vests_ten_percent_each_quarter_in_years_3_and_4():
    result = compute(scenario(schedule=Schedule(later_cadence_months=3)))
    assert [q.shares for q in result.quarters][8:] == [10] * 8
    assert [year.shares for year in result.years] == [5, 15, 40, 40]


def test_base_and_signon_are_spread_over_the_quarters():
    result = compute(scenario(base=D(100_000), signon1=D(40_000), signon2=D(20_000)))
    assert {q.base for q in result.quarters} == {D(25_000)}
    # By default year 1's is paid up front and year 2's monthly (as reported).
    assert [q.signon for q in result.quarters][:8] == [40_000, 0, 0, 0] + [5_000] * 4
    assert [year.total for year in result.years] == [141_000, 123_000, 108_000, 108_000]


def test_stock_is_valued_at_the_grown_price_on_its_vesting_day():
    # 21% in two years is 10% a year compounded: the month-24 tranche sells at $242.
    result = compute(scenario(growth=D(10)))
    assert result.years[0].stock == D("1100.00")  # 5 × 220
    assert result.years[1].stock == D("3630.00")  # 15 × 242


@pytest.mark.parametrize(
    ("month", "owed"),
    [(1, D("55000.00")), (6, D("30000.00")), (11, D("5000.00")), (12, 0), (14, 0), (40, 0)],
)
def test_signon_repayment_is_pro_rata_for_the_months_paid_but_not_worked(month, owed):
    assert signon_repayment(scenario(signon1=D(60_000), signon2=D(24_000)), month) == owed


@pytest.mark.parametrize(("month", "owed"), [(12, 0), (13, D(22_000)), (23, D(2_000)), (24, 0)])
def test_a_year_two_signon_paid_up_front_is_repaid_pro_rata(month, owed):
    inputs = scenario(signon2=D(24_000), assumed=Assumed(signon2_upfront=True))
    assert signon_repayment(inputs, month) == owed


def test_leaving_in_month_8_repays_a_third_of_year_one_and_forfeits_the_rest():
    result = compute(scenario(base=D(120_000), signon1=D(60_000), signon2=D(24_000), leave_month=8))
    by_key = {exit.key: exit for exit in result.exits}
    received = D(80_000) + D(60_000)  # 8 months of base, year 1's sign-on paid up front
    assert by_key["stay"].worth == received
    assert by_key["resign"].repayment == D(20_000)
    assert by_key["resign"].worth == received - D(20_000)
    # All 100 shares at $200, and year 2's sign-on never paid.
    assert by_key["resign"].forfeited == D(20_000) + D(24_000)
    assert by_key["pivot"].worth == received - D(20_000) + D(30_000)
    assert by_key["pip"].worth == received - D(20_000) + D(10_000)


def test_leaving_in_month_14_forfeits_unvested_stock_and_unpaid_signon():
    result = compute(
        scenario(base=D(120_000), signon1=D(60_000), signon2=D(24_000), leave_month=14)
    )
    resign = {exit.key: exit for exit in result.exits}["resign"]
    # 14 months of base + year 1's sign-on + two months of year 2's + the 5 shares at $200.
    assert resign.received == D(140_000) + D(60_000) + D(4_000) + D(1_000)
    assert resign.repayment == 0  # year 2's is paid monthly: nothing paid ahead
    assert resign.forfeited == D(19_000) + D(20_000)


def test_pivot_payout_is_editable_and_the_failed_pip_pays_a_third_of_it():
    result = compute(scenario(leave_month=30, pivot_payout=D(60_000)))
    by_key = {exit.key: exit for exit in result.exits}
    assert by_key["pivot"].payout == D(60_000)
    assert by_key["pip"].payout == D(20_000)
    assert by_key["resign"].repayment == 0


def test_year_five_drop_is_flagged_without_a_later_grant_and_not_with_one():
    alone = compute(scenario())
    assert alone.year5.stock == 0
    assert any(flag.startswith("Year 5 drops by $8,000") for flag in alone.flags)
    covered = compute(scenario(grants=(Grant(D(100)), Grant(D(200), month=24))))
    assert covered.years[3].shares == 40 + 30  # the later grant's second year
    assert covered.year5.shares == 80  # and the first half of its third
    assert not any(flag.startswith("Year 5") for flag in covered.flags)


def test_refresher_is_zero_when_the_model_growth_already_meets_the_target():
    # A big grant and a small sign-on: at 15% a year, years 3-4 exceed the year 1-2 average.
    heavy = compute(scenario(grants=(Grant(D(1000)),)))
    assert heavy.refreshers == (0, 0)
    assert any("refresher" in flag for flag in heavy.flags)
    # A big sign-on bridges years 1-2; a tiny grant leaves a gap the model would fill.
    light = compute(scenario(grants=(Grant(D(10)),), signon1=D(100_000), signon2=D(80_000)))
    assert all(amount > 0 for amount in light.refreshers)
    assert not any("refresher" in flag for flag in light.flags)


def test_base_over_the_reported_cap_is_flagged():
    assert any("cap" in f for f in compute(scenario(base=D(400_000))).flags)
    assert not any("cap" in f for f in compute(scenario(base=D(350_000))).flags)


def test_same_inputs_give_the_same_numbers():
    inputs = scenario(growth=D("12.5"), signon1=D(1), leave_month=20)
    assert compute(inputs) == compute(inputs)


def test_a_monthly_signon_is_paid_as_earned_and_never_repaid():
    inputs = scenario(signon1=D(24_000), signon2=D(12_000), assumed=Assumed(signon1_upfront=False))
    assert signon_repayment(inputs, 6) == 0
    assert [q.signon for q in compute(inputs).quarters][:8] == [6_000] * 4 + [3_000] * 4


def test_assumed_signon_months_change_the_repayment():
    inputs = scenario(signon1=D(24_000), assumed=Assumed(signon_months=24))
    assert signon_repayment(inputs, 6) == D(18_000)


def test_the_price_compounds_exactly_on_whole_years_and_monthly_in_between():
    from money.compute import cents, price_at

    assert price_at(D(200), D(21), 24) == D("292.8200")  # 200 × 1.21², exact
    assert cents(price_at(D(200), D(21), 6)) == D("220.00")  # half a year of 21% is 10%
    assert cents(price_at(D(200), D(21), 18)) == D("266.20")
    assert cents(price_at(D(200), D(-50), 12)) == D("100.00")


def test_two_later_grants_each_vest_on_the_schedule_from_their_month():
    # Hire 100 shares; 200 more granted in month 12 and 100 in month 24; $200 a share flat.
    # Hire: 5, 15, 40, 40. Month-12 grant: 10 (m24), 30 (m36), 40+40 (m42, m48), 40+40 in
    # year 5. Month-24 grant: 5 (m36), 15 (m48), 20+20 in year 5.
    grants = (Grant(D(100)), Grant(D(200), month=12), Grant(D(100), month=24))
    result = compute(scenario(grants=grants))
    assert [year.shares for year in result.years] == [5, 25, 75, 135]
    assert [year.stock for year in result.years] == [1_000, 5_000, 15_000, 27_000]
    assert result.year5.shares == 120 and result.year5.stock == 24_000
    shares = [q.shares for q in result.quarters]
    assert (shares[7], shares[11], shares[13], shares[15]) == (25, 55, 60, 75)
    # Year 4 is $187,000 and year 5 $184,000: both later grants count, and still fall short.
    assert "Year 5 drops by $3,000: the hire grant has fully vested and your 2 later grants" in (
        " ".join(result.flags)
    )


def test_the_year_five_flag_weighs_every_later_grant():
    two = (Grant(D(100)), Grant(D(200), month=12), Grant(D(100), month=24))
    # A third later grant (400 shares in month 36) adds 20 shares to year 4 and 60 to year 5.
    covered = compute(scenario(grants=(*two, Grant(D(400), month=36))))
    assert covered.years[3].shares == 155 and covered.year5.shares == 180
    assert not any(flag.startswith("Year 5") for flag in covered.flags)


def test_later_grants_are_vested_by_the_exit_month():
    grants = (Grant(D(100)), Grant(D(200), month=12), Grant(D(100), month=24))
    by_key = {e.key: e for e in compute(scenario(grants=grants, leave_month=36)).exits}
    # Vested by month 36: hire 60, month-12 grant 40, month-24 grant 5 → 105 × $200.
    assert by_key["stay"].received == D(160_000) * 3 + 105 * 200
    # Unvested: 40 + 160 + 95 = 295 shares.
    assert by_key["resign"].forfeited == 295 * 200


# A scenario whose target-model gap is easy to check: at 0% model growth the years are
# $141,000, $123,000, $108,000 and $108,000, so the target is $132,000 and the gap $24,000.
GAP = {
    "base": D(100_000),
    "signon1": D(40_000),
    "signon2": D(20_000),
    "assumed": Assumed(model_growth=D(0)),
}


@pytest.mark.parametrize(
    ("rating", "before", "key", "estimate"),
    [
        ("top", None, "rating-top-first", D(33_600)),  # 70% of the range ÷ 50% = 1.4 × gap
        ("top", "top", "rating-top-repeat", D(43_200)),  # 90% ÷ 50%
        ("high", "middle", "rating-high", D(19_200)),  # 40% ÷ 50%
        ("middle", "high", "rating-middle-down", D(9_600)),  # 20% ÷ 50%
        ("middle", None, "rating-middle-up", D(4_800)),  # 10% ÷ 50%
        ("middle", "low", "rating-middle-up", D(4_800)),
        ("low", "top", "rating-low", D(0)),
    ],
)
def test_the_rating_history_scales_the_refresher_by_the_reported_range_position(
    rating, before, key, estimate
):
    result = compute(scenario(**GAP, rating=rating, rating_before=before))
    assert result.refreshers == (D(24_000), D(24_000))  # the target model's gap is unchanged
    assert result.rating.key == key
    assert result.rating.refreshers == (estimate, estimate)


def test_no_rating_or_dont_know_leaves_the_result_as_it_was():
    plain = compute(scenario(**GAP))
    assert plain.rating is None
    assert compute(scenario(**GAP, rating="unknown", rating_before="top")) == plain


def test_a_low_rating_flags_no_refresher_and_the_way_into_pivot():
    result = compute(scenario(**GAP, rating="low"))
    text = " ".join(result.flags)
    assert "assumes no refresher" in text and "no raise" in text
    assert "Focus and Pivot" in text and "about 6% of its office staff" in text
    assert "Pivot" not in " ".join(compute(scenario(**GAP, rating="top")).flags)


def test_edited_rating_assumptions_change_the_estimate():
    assumed = Assumed(
        model_growth=D(0),
        rating_positions=(("rating-top-first", D(100)),),
        rating_reference=D(40),
    )
    result = compute(scenario(**(GAP | {"assumed": assumed}), rating="top"))
    assert result.rating.multiplier == D("2.5")
    assert result.rating.refreshers == (D(60_000), D(60_000))


def test_any_input_computes_in_under_10_ms():
    """The heaviest input the form allows: four later grants, quarterly vesting, an exit and a
    rating, at an odd growth rate (the monthly factor's cache is cold for it)."""
    import time

    heavy = scenario(
        base=D("9999999.99"),
        grants=(
            Grant(D(9_999_999)),
            *(Grant(D(9_999_999), month=m) for m in (12, 24, 36, 47)),
        ),
        signon1=D(9_999_999),
        signon2=D(9_999_999),
        growth=D("-49.37"),
        schedule=Schedule(later_cadence_months=3),
        leave_month=47,
        rating="top",
        rating_before="top",
    )
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        compute(heavy)
        timings.append(time.perf_counter() - started)
    assert timings[0] < 0.010, timings  # the first, cold run too
    assert min(timings) < 0.010, timings
