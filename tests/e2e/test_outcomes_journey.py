"""The outcome ledger in a real browser (issue 30): a visitor reads the published figures with
their n; a member with a verified company reads what is stored, submits a report, sees the
cycle marked as reported, and withdraws it. Desktop and 375 px."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from outcomes.cycles import reportable_cycles
from outcomes.models import Report
from tests.e2e.conftest import log_in
from tests.outcomes.factories import add_reports

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SEEDED = 403
ANSWERS = {
    "Level at the start of the cycle": "SDE 2 (L5)",
    "Org family": "Stores",
    "Rating tier, as you understand it": "High",
    "Promotion": "Attempted and promoted",
    "Months in level at the end of the cycle": "24–35 months",
    "Feedback providers used": "6 or more",
    "Did your manager change during the cycle?": "No",
    "Focus or PIP": "None",
    "Outcome": "Stayed",
}


def fill_report(page, cycle: int) -> None:
    form = page.get_by_role("form", name="Outcome report")
    form.get_by_role("group", name="Review cycle").get_by_label(str(cycle)).check()
    for question, answer in ANSWERS.items():
        form.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    form.get_by_role("button", name="Submit anonymous report").click()


def test_read_submit_refuse_a_second_and_withdraw(new_person, make_user, viewport):
    add_reports(400, seed=1, level=["sde1", "sde2"], focus=["none", "focus"])
    add_reports(3, seed=2, level="principal")
    call_command("refresh_outcomes", stdout=io.StringIO())
    assert Report.objects.count() == SEEDED
    make_user("noor", amazon_email=True)  # her company is verified by a work address
    cycle = reportable_cycles()[0]

    # A visitor reads the figures from the footer: numbers with their n, small cells hidden.
    visitor = new_person(javascript=False)
    visitor.goto("/")
    visitor.get_by_role("link", name="Outcome ledger").click()
    expect(visitor.get_by_role("heading", name="The outcome ledger")).to_be_visible()
    table = visitor.get_by_role("region", name="Promotion by level")
    expect(table.get_by_role("columnheader", name="n", exact=True)).to_be_visible()
    expect(table.get_by_text("fewer than 10 reports").first).to_be_attached()
    expect(visitor.get_by_text("Sign in to contribute a report.")).to_be_visible()

    # A member reads exactly what is stored, then reports.
    page = new_person()
    log_in(page, "noor")
    page.goto("/outcomes/")
    expect(page.get_by_role("heading", name="Exactly what is stored")).to_be_visible()
    fill_report(page, cycle)
    expect(page.get_by_text("Thank you: your report is stored")).to_be_visible()
    assert Report.objects.count() == SEEDED + 1

    # The form now says that cycle is reported (a second report is a 409 with a message:
    # tests/outcomes/test_reports.py; a 4xx document would count as a console error here).
    cycles = page.get_by_role("group", name="Review cycle")
    expect(cycles.get_by_label(f"{cycle} (already reported)")).to_be_visible()

    # She withdraws it.
    page.get_by_role("button", name=f"Withdraw my {cycle} report").click()
    expect(page.get_by_text(f"Your report for the {cycle} cycle is deleted.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Withdraw my {cycle} report")).to_have_count(0)
    assert Report.objects.count() == SEEDED
