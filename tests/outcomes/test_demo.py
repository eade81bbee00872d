"""The demo ledger for `make run`: made-up reports, marked so, published only where settings
allow (DEBUG by default), with enough reports for cells to pass k = 10."""

from io import StringIO

import pytest
from django.core.management import call_command

from outcomes import demo
from outcomes.models import PublishedTable, Report

pytestmark = pytest.mark.django_db


def test_load_demo_adds_made_up_reports_once_and_publishes_them_with_a_banner(
    client, settings, amazon, topics
):
    settings.OUTCOMES_PUBLISH_MADE_UP = True  # as under make run (DEBUG=1)
    call_command("load_demo", "--allow-production", stdout=StringIO())
    assert Report.objects.count() == demo.DEMO_REPORTS
    assert not Report.objects.filter(made_up=False).exists()
    assert demo.load() == 0  # idempotent
    assert Report.objects.count() == demo.DEMO_REPORTS

    tables = list(PublishedTable.objects.all())
    assert tables and all(table.made_up for table in tables)
    whole_rows = [row for t in tables for row in t.figures["rows"] if row["n"] is not None]
    assert len(whole_rows) >= 5  # published tables with their n
    page = client.get("/outcomes/").content.decode()
    assert "Demo data: made up." in page
    assert f"<td>{whole_rows[0]['n']}</td>" in page


def test_demo_reports_are_not_published_where_made_up_data_is_off(client, settings):
    settings.OUTCOMES_PUBLISH_MADE_UP = False  # production: DEBUG off
    demo.load()
    tables = PublishedTable.objects.all()
    assert all(not t.made_up for t in tables)
    assert all(cell is None for t in tables for row in t.figures["rows"] for cell in row["cells"])
    assert "Demo data" not in client.get("/outcomes/").content.decode()
