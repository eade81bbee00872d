"""The money map in a real browser (issue 31): from the footer to a four-year table, a mistyped
grant explained and fixed without retyping, the leave-or-stay comparison and the cited
assumptions; then a member saves the scenario privately, reopens and deletes it. Desktop and
375 px, the simulator also without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import VIEWPORTS
from tests.e2e.conftest import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_offer(page, *, shares="100"):
    page.get_by_label("Start date").fill("2026-01-05")
    page.get_by_label("Base salary ($ a year)").fill("160000")
    page.get_by_label("Stock grant (shares)").fill(shares)
    page.get_by_label("Grant price ($ a share)").fill("200")
    page.get_by_label("Sign-on bonus, year 1 ($)").fill("60000")
    page.get_by_label("Sign-on bonus, year 2 ($)").fill("24000")
    page.get_by_label("Expected stock growth (% a year)").fill("0")
    page.get_by_label("Leave or stay: compare at month").fill("14")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_compute_and_compare_exits(new_person, javascript):
    page = new_person(javascript=javascript)
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Money map").click()
    expect(page.get_by_role("heading", name="Your pay, vesting and exits")).to_be_visible()
    expect(page.get_by_role("heading", name="An example offer")).to_be_visible()

    fill_offer(page)
    page.get_by_role("button", name="Compute").click()
    expect(page.get_by_role("heading", name="Your four years")).to_be_visible()
    assert "grant_shares=100" in page.url and "leave_month=14" in page.url
    years = page.get_by_role("table", name="Total pay per year")
    expect(years.get_by_role("row", name="Year 3")).to_contain_text("$8,000")
    expect(page.get_by_text("Year 5 drops by $8,000")).to_be_visible()
    expect(page.get_by_role("img", name="Total pay per year")).to_be_visible()
    exits = page.get_by_role("table", name="What each choice is worth at the end of month 14")
    expect(exits.get_by_role("row", name="Resign after month 14")).to_contain_text("$39,000")
    expect(page.get_by_role("heading", name="Assumptions and sources")).to_be_visible()
    expect(page.get_by_role("link", name="Levels.fyi").first).to_be_visible()
    expect(page.get_by_text("Not financial, tax or legal advice.")).to_be_visible()
    assert fits_the_screen(page)


def test_a_mistyped_grant_is_explained_and_fixed_without_retyping(browser, site, viewport):
    """Its own context: the 400 that answers the bad input is expected, any other console
    error is not (new_person would count the 400 as one)."""
    context = browser.new_context(base_url=site, **VIEWPORTS[viewport])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda m: m.type == "error" and "status of 400" not in m.text and errors.append(m.text),
    )
    page.goto("/money/")
    fill_offer(page, shares="1000000000000")
    page.get_by_role("button", name="Compute").click()
    expect(page.get_by_text("Nothing you typed was lost.")).to_be_visible()
    expect(
        page.get_by_text("Enter at most 10,000,000: larger values are not plausible.")
    ).to_be_visible()
    expect(page.get_by_label("Base salary ($ a year)")).to_have_value("160000")
    expect(page.get_by_label("Start date")).to_have_value("2026-01-05")
    assert fits_the_screen(page)
    page.get_by_label("Stock grant (shares)").fill("100")
    page.get_by_role("button", name="Compute").click()
    expect(page.get_by_role("heading", name="Your four years")).to_be_visible()
    context.close()
    assert not errors, errors


def test_a_member_saves_reopens_and_deletes_a_scenario(new_person, member):
    member("lena", "Lena Fischer", level="SDE 2")
    page = new_person()
    log_in(page, "lena")
    page.goto("/money/")
    fill_offer(page)
    page.get_by_role("button", name="Compute").click()
    page.get_by_label("Name this scenario").fill("Offer, L5 Seattle")
    page.get_by_role("button", name="Save privately").click()
    expect(page.get_by_text("Saved to your scenarios. Only you can see it.")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Offer, L5 Seattle").click()
    expect(page.get_by_role("heading", name="Your four years")).to_be_visible()
    expect(page.get_by_label("Stock grant (shares)")).to_have_value("100")
    page.get_by_role("link", name="Your saved scenarios").click()
    page.get_by_role("button", name="Delete Offer, L5 Seattle").click()
    expect(page.get_by_text("Scenario deleted.")).to_be_visible()
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()
