"""The published figures (issue 30): rebuilt by refresh_outcomes, never per request; k = 10 on
every cell, complementary suppression, rounding to 5, at most two dimensions, n everywhere; and
the re-identification suite run against what the page actually publishes."""

import io

import pytest
from django.core.management import call_command

from outcomes.choices import Level, MonthsInLevel
from outcomes.models import PublishedTable, Report
from outcomes.publication import TABLES, count_cells, table_figures
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
    numbers = [cell for row in figures["rows"] for cell in row["cells"] if cell is not None]
    numbers += [row["n"] for row in figures["rows"] if row["n"] is not None]
    return numbers + [row["rate"]["of"] for row in figures["rows"] if row["rate"]]


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
    assert list(tables) == [spec.key for spec in TABLES]
    for spec in TABLES:
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
        len(spec.rows.values) * len(spec.cols.values) for spec in TABLES
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
