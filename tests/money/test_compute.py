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
