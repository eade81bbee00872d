"""The published figures (issue 30): rebuilt by refresh_outcomes, never per request; k = 10 on
every cell, complementary suppression, rounding to 5, at most two dimensions, n everywhere; and
the re-identification suite run against what the page actually publishes."""

import io

import pytest
from django.core.management import call_command

from outcomes.choices import Level, MonthsInLevel
from outcomes.models import PublishedTable, Report
from outcomes.publication import (
    GRIDS,
    TABLES,
    count_cells,
    count_grid,
    grid_figures,
    table_figures,
)
from outcomes.suppression import ROUND_TO, K
from tests.outcomes.factories import add_reports
from tests.outcomes.reidentification import derivable_cells

pytestmark = pytest.mark.django_db


def refresh():
    call_command("refresh_outcomes", stdout=io.StringIO())


def published() -> dict[str, dict]:
    return {table.key: table.figures for table in PublishedTable.objects.all()}


def hidden_cells(figures) -> set[tuple[str, str]]:
    cols = [col["key"] for col in figures["columns"]]
    return {
        (row["key"], cols[i])
        for row in figures["rows"]
        for i, cell in enumerate(row["cells"])
        if cell is None
    }


def published_numbers(figures) -> list[int]:
    cells = [cell for row in figures["rows"] for cell in row["cells"] if cell is not None]
    numbers = [n for cell in cells for n in _counts_of(cell)]
    numbers += [row["n"] for row in figures["rows"] if row["n"] is not None]
    return numbers + [row["rate"]["of"] for row in figures["rows"] if row["rate"]]


def _counts_of(cell) -> list[int]:
    """A count, or a rate-grid cell's promoted and not-promoted counts and its attempts."""
    if isinstance(cell, dict):
        return [cell["promoted"], cell["of"] - cell["promoted"], cell["of"]]
    return [cell]


@pytest.fixture
def ledger():
    """A ledger with big and small cells: 600 spread reports and a few rare combinations."""
    common = {"level": ["sde1", "sde2", "sde3"], "focus": ["none", "focus"]}
    add_reports(600, seed=1, **common)
    add_reports(3, seed=2, level="principal", months_in_level="lt12", promotion="promoted")
    add_reports(4, seed=3, focus="pivot", outcome="transferred")
    refresh()


def test_refresh_publishes_every_table_with_two_dimensions_at_most(ledger):
    tables = published()
    assert list(tables) == [spec.key for spec in (*TABLES, *GRIDS)]
    for spec in (*TABLES, *GRIDS):
        assert len({spec.row_field, spec.col_field}) == 2  # one row and one column dimension
        figures = tables[spec.key]
        assert [row["key"] for row in figures["rows"]] == list(spec.rows.values)
        assert [col["key"] for col in figures["columns"]] == list(spec.cols.values)


def test_reidentification_no_published_cell_is_below_k_or_off_the_rounding(ledger):
    for figures in published().values():
        for number in published_numbers(figures):
            assert number >= K and number % ROUND_TO == 0


def test_reidentification_no_hidden_cell_is_derivable_by_subtraction(ledger):
    tables = published()
    assert any(hidden_cells(figures) for figures in tables.values())  # the suite has teeth
    for figures in tables.values():
        assert not derivable_cells(hidden_cells(figures))


def test_reidentification_every_small_cell_is_hidden(ledger):
    for spec in TABLES:
        counts = count_cells(spec, Report.objects.all())
        hidden = hidden_cells(published()[spec.key])
        small = {
            (r, c) for r in spec.rows.values for c in spec.cols.values if counts.get((r, c), 0) < K
        }
        assert small <= hidden


def test_reidentification_a_row_total_is_shown_only_when_no_cell_of_it_is_hidden(ledger):
    for figures in published().values():
        for row in figures["rows"]:
            assert (row["n"] is None) == (None in row["cells"])


def test_reidentification_no_figure_moves_when_one_report_joins_a_hidden_cell(ledger):
    before = published()
    checked = 0
    for spec in TABLES:
        counts = count_cells(spec, Report.objects.all())
        for row, col in sorted(hidden_cells(before[spec.key])):
            if K - 1 <= counts.get((row, col), 0) < K:
                continue  # the 10th report makes the cell a figure: that is the point of k
            figures = table_figures(spec, {**counts, (row, col): counts.get((row, col), 0) + 1})
            assert figures == before[spec.key], (spec.key, row, col)
            checked += 1
    assert checked >= 3
    # And through the database: one more rare report, refreshed, changes nothing in its table.
    add_reports(1, seed=9, level="principal", months_in_level="lt12", promotion="promoted")
    refresh()
    assert published()["time-in-level"] == before["time-in-level"]


def test_figures_come_from_the_last_refresh_not_from_each_request(client, ledger):
    before = client.get("/outcomes/").content
    add_reports(200, seed=5, level="sde2", months_in_level="36plus")
    assert client.get("/outcomes/").content == before
    refresh()
    assert client.get("/outcomes/").content != before


def test_the_page_shows_figures_with_their_n_and_hides_small_cells(
    client, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/outcomes/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "fewer than 10 reports" in page and "Promotion by level" in page
    time_in_level = published()["time-in-level"]
    whole = next(row for row in time_in_level["rows"] if row["n"] is not None)
    assert f"<td>{whole['n']}</td>" in page
    rates = [row["rate"] for row in published()["promotion-by-level"]["rows"] if row["rate"]]
    assert rates and f'{rates[0]["percent"]}% <span class="muted">(n = {rates[0]["of"]})' in page
    assert "Demo data" not in page


def test_a_signed_in_member_page_is_a_few_queries(
    client, member, ledger, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert client.get("/outcomes/").status_code == 200


def test_an_empty_ledger_says_nothing_is_published_yet(client):
    assert "Nothing is published yet" in client.get("/outcomes/").content.decode()
    refresh()
    page = client.get("/outcomes/").content.decode()
    assert page.count('<span class="oc-hidden">fewer than 10 reports</span>') == sum(
        len(spec.rows.values) * len(spec.cols.values) for spec in (*TABLES, *GRIDS)
    )


def test_made_up_reports_are_published_only_where_settings_allow_with_a_banner(client, settings):
    add_reports(300, seed=4, made_up=True)
    settings.OUTCOMES_PUBLISH_MADE_UP = False
    refresh()
    assert all(n is None for n in published()["time-in-level"]["rows"][0]["cells"])
    assert "Demo data: made up" not in client.get("/outcomes/").content.decode()
    settings.OUTCOMES_PUBLISH_MADE_UP = True
    refresh()
    assert "Demo data: made up" in client.get("/outcomes/").content.decode()


def test_time_in_level_rows_and_columns_are_the_closed_choices(ledger):
    figures = published()["time-in-level"]
    assert [row["label"] for row in figures["rows"]] == Level.labels
    assert [col["label"] for col in figures["columns"]] == MonthsInLevel.labels


# The level-and-tier rate grid: two dimensions crossed, and both counts behind each published
# rate (promoted, not promoted) held to k, with no hidden cell computable from the row and column
# totals the promotion-by-level and promotion-by-tier tables give away.


@pytest.fixture
def tiered_ledger():
    """Big cells at every tier above SDE 1; at SDE 1 a big high tier and a rare top tier."""
    add_reports(
        1200, seed=11, level=["sde2", "sde3", "principal"], promotion=["promoted", "denied"]
    )
    add_reports(40, seed=12, level="sde1", tier="high", promotion="promoted")
    add_reports(40, seed=13, level="sde1", tier="high", promotion="denied")
    add_reports(4, seed=14, level="sde1", tier="top", promotion="denied")
    refresh()
    return GRIDS[0]


def grid_cell(figures, row_key, col_key):
    row = next(row for row in figures["rows"] if row["key"] == row_key)
    return row["cells"][[col["key"] for col in figures["columns"]].index(col_key)]


def test_the_grid_publishes_a_rate_with_both_of_its_counts_at_k_or_more(tiered_ledger):
    figures = published()[tiered_ledger.key]
    promoted, denied = count_grid(tiered_ledger, Report.objects.all())
    assert grid_cell(figures, "sde1", "high") == {"promoted": 40, "of": 80, "percent": 50}
    assert grid_cell(figures, "sde1", "top") is None  # 4 denied: never a number
    for row in figures["rows"]:
        for col in figures["columns"]:
            key = (row["key"], col["key"])
            if min(promoted.get(key, 0), denied.get(key, 0)) < K:
                assert grid_cell(figures, *key) is None, key


def test_no_hidden_grid_cell_is_derivable_from_the_level_and_tier_totals(tiered_ledger):
    hidden = hidden_cells(published()[tiered_ledger.key])
    assert ("sde1", "top") in hidden and len(hidden) >= 4  # it got partners
    assert not derivable_cells(hidden)


def test_no_grid_figure_moves_when_one_attempt_joins_a_hidden_cell(tiered_ledger):
    spec, reports = tiered_ledger, Report.objects.all()
    promoted, denied = count_grid(spec, reports)
    before = grid_figures(spec, promoted, denied)
    checked = 0
    for cell in sorted(hidden_cells(before)):
        for side, other in ((promoted, denied), (denied, promoted)):
            if side.get(cell, 0) >= K - 1 and other.get(cell, 0) >= K:
                continue  # that attempt would be the cell's 10th: it becomes a figure (k)
            grown = {**side, cell: side.get(cell, 0) + 1}
            pair = (grown, other) if side is promoted else (other, grown)
            assert grid_figures(spec, *pair) == before, cell
            checked += 1
    assert checked >= 4


def test_the_page_shows_the_grid_with_rates_and_attempts(client, tiered_ledger):
    page = client.get("/outcomes/").content.decode()
    assert "Promotion rate by level and rating tier" in page
    assert '50% <span class="muted">(40 of 80)</span>' in page
