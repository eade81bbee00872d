"""The worker republishes the ledger on a schedule (taro.periodic, registered by outcomes), and
the workbench's readiness page shows the matching published base rate (taro.base_rates)."""

import io

import pytest
from django.core.management import call_command

from forum.notifications import worker
from outcomes.models import PublishedTable
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
    assert len(first) == 5

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


def test_the_base_rate_by_tier_is_a_separate_published_row():
    from outcomes.base_rates import describe

    published_ledger()
    lines = describe("SDE 1", "high")
    assert len(lines) == 2
    assert "understood their rating tier as high" in lines[1]
    assert describe("Bar raiser", "stellar") == []
