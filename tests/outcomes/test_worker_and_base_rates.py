"""The worker republishes the ledger on a schedule (taro.periodic, registered by outcomes), and
the workbench's readiness page shows the matching published base rate (taro.base_rates)."""

import io

import pytest
from django.core.management import call_command

from forum.notifications import worker
from outcomes.models import PublishedTable
from outcomes.publication import GRIDS, TABLES
from taro import periodic
from tests.outcomes.factories import add_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_schedule():
    job = periodic._jobs["outcomes.refresh"]
    job.last_run = None
    yield job
    job.last_run = None


# The worker closes its connections between ticks, as in production: a transactional test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_refreshes_the_tables_then_waits_for_the_interval(fresh_schedule, settings):
    add_reports(300, seed=1)
    lines = []
    worker.tick(lines.append)
    assert "Ran outcomes.refresh" in lines
    first = {t.key: t.refreshed_at for t in PublishedTable.objects.all()}
    assert len(first) == len(TABLES) + len(GRIDS) == 6

    add_reports(300, seed=2)
    lines.clear()
    worker.tick(lines.append)  # within the hour: not again
    assert "Ran outcomes.refresh" not in lines
    assert {t.key: t.refreshed_at for t in PublishedTable.objects.all()} == first

    settings.OUTCOMES_REFRESH_SECONDS = 0
    worker.tick(lines.append)
    assert "Ran outcomes.refresh" in lines
    assert all(t.refreshed_at > first[t.key] for t in PublishedTable.objects.all())


def test_a_database_error_in_a_job_is_logged_and_retried_not_fatal(fresh_schedule, caplog):
    from django.db import DatabaseError

    calls = []

    def broken():
        calls.append(1)
        raise DatabaseError("the database went away")

    periodic.register("test.broken", broken, every_seconds=lambda: 3600)
    try:
        assert "test.broken" not in periodic.run_due()
        assert "test.broken" not in periodic.run_due()  # retried on the next tick
        assert len(calls) == 2 and "test.broken failed" in caplog.text
    finally:
        del periodic._jobs["test.broken"]


def published_ledger(levels=("sde1", "sde2")):
    add_reports(400, seed=3, level=list(levels))
    call_command("refresh_outcomes", stdout=io.StringIO())


def test_the_readiness_page_shows_the_published_base_rate_for_the_level(client, make_user, login):
    published_ledger()
    row = next(
        r
        for r in PublishedTable.objects.get(key="promotion-by-level").figures["rows"]
        if r["key"] == "sde1"
    )
    assert row["rate"]  # the fixture publishes the SDE 1 row
    login(make_user(level="SDE 1"))
    page = client.get("/workbench/readiness/").content.decode()
    promoted = row["cells"][1]
    assert (
        f"people at SDE 1 (L4) who attempted a promotion were promoted that cycle in "
        f"{promoted} of {row['rate']['of']} reports ({row['rate']['percent']}%)" in page
    )
    assert 'href="/outcomes/"' in page


def test_no_base_rate_is_shown_when_the_row_is_not_published(client, make_user, login):
    published_ledger(levels=["sde2"])  # SDE 1's row: fewer than 10 reports everywhere
    login(make_user(level="SDE 1"))
    page = client.get("/workbench/readiness/").content.decode()
    assert "What happened to others" not in page


def grid_cell(level, tier):
    figures = PublishedTable.objects.get(key="promotion-by-level-and-tier").figures
    row = next(r for r in figures["rows"] if r["key"] == level)
    return row["cells"][[c["key"] for c in figures["columns"]].index(tier)]


def test_with_a_tier_the_base_rate_is_the_level_and_tier_cell_when_published():
    from outcomes.base_rates import describe

    add_reports(60, seed=4, level="sde1", tier="high", promotion="promoted")
    add_reports(60, seed=5, level="sde1", tier="high", promotion="denied")
    published_ledger()
    cell = grid_cell("sde1", "high")
    assert cell is not None
    assert describe("SDE 1", "high") == [
        "In the outcome ledger, people at SDE 1 (L4) who understood their rating tier as high "
        "and attempted a promotion were promoted within 12 months (that cycle) in "
        f"{cell['promoted']} of {cell['of']} reports ({cell['percent']}%)."
    ]
    assert describe("Bar raiser", "stellar") == []


def test_when_the_crossed_cell_is_hidden_level_and_tier_are_two_separate_rates():
    from outcomes.base_rates import describe

    # 150 reports: each level's row is published, but split five ways by tier, the attempts
    # are too few: the crossed cells stay hidden.
    add_reports(150, seed=6, level=["sde1", "sde2"])
    call_command("refresh_outcomes", stdout=io.StringIO())
    assert grid_cell("sde1", "high") is None
    lines = describe("SDE 1", "high")
    assert lines and "people at SDE 1 (L4) who attempted" in lines[0]
    assert all("within 12 months" not in line for line in lines)
    tier_row = next(
        r
        for r in PublishedTable.objects.get(key="promotion-by-tier").figures["rows"]
        if r["key"] == "high"
    )
    assert len(lines) == (2 if tier_row["rate"] else 1)


def test_the_readiness_page_matches_the_tier_picked_without_saving_it(client, make_user, login):
    add_reports(60, seed=4, level="sde1", tier="high", promotion="promoted")
    add_reports(60, seed=5, level="sde1", tier="high", promotion="denied")
    published_ledger()
    member = make_user(level="SDE 1")
    login(member)
    page = client.get("/workbench/readiness/").content.decode()
    assert 'name="tier"' in page and "within 12 months" not in page
    page = client.get("/workbench/readiness/?tier=high").content.decode()
    cell = grid_cell("sde1", "high")
    assert f"in {cell['promoted']} of {cell['of']} reports ({cell['percent']}%)" in page
    assert '<option value="high" selected>' in page
    assert "within 12 months" not in client.get("/workbench/readiness/").content.decode()


def test_a_tier_that_is_not_one_is_a_400_with_a_message(client, make_user, login):
    published_ledger()
    login(make_user(level="SDE 1"))
    response = client.get("/workbench/readiness/?tier=stellar")
    assert response.status_code == 400
    assert "“stellar” isn&#x27;t a tier: pick one from the list" in response.content.decode()
