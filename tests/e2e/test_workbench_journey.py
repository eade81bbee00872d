"""The promotion workbench in a real browser (issue 15): from the promotion guide to a log of
three entries, tagging one later, the readiness page moving, practising peer feedback within the
60-word limit, and the promotion draft exported as Markdown. Desktop and 375 px."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def add_entry(page, *, title, did, impact="", scopes=(), principles=()):
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What you did").fill(did)
    if impact:
        page.get_by_role("textbox", name="Impact").fill(impact)
    if scopes:  # the first is the primary scope, the rest secondary
        page.get_by_role("group", name="Primary scope").get_by_label(scopes[0]).check()
    for scope in scopes[1:]:
        page.get_by_role("group", name="Secondary scopes").get_by_label(scope).check()
    for principle in principles:
        page.get_by_role("group", name="Leadership Principles it shows").get_by_label(
            principle, exact=True
        ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added to your log.")).to_be_visible()


def test_log_tag_readiness_compose_and_export(new_person, member, viewport):
    member("lena", "Lena Fischer", level="SDE 1")
    page = new_person()
    log_in(page, "lena")

    # From the promotion guide to the workbench.
    page.goto("/guides/promotion/")
    page.get_by_role("link", name="start your paper trail").click()
    expect(page.get_by_role("heading", name="Your work log")).to_be_visible()

    add_entry(
        page,
        title="Rewrote the flaky integration suite",
        did="Found two fixtures leaking state and rebuilt them.",
        impact="Flaky runs from 20% to under 1%.",
        scopes=["Execution", "Impact"],
        principles=["Ownership"],
    )
    add_entry(
        page,
        title="Design doc for idempotent retries",
        did="Compared three designs and defended the dedupe table.",
        scopes=["Technical complexity"],
        principles=["Dive Deep"],
    )

    # The third from the account menu's quick add, tagged later.
    page.get_by_label("Account menu for lena").click()
    menu = page.locator(".account-menu__panel")
    menu.get_by_label("Log work: what did you do?").fill("Turned the vague refunds ask into a plan")
    menu.get_by_label("Details").fill("Mapped the refund path and wrote a one-page plan.")
    menu.get_by_role("button", name="Save to my log").click()
    expect(page.get_by_text("Saved to your work log.")).to_be_visible()

    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Readiness").click()
    ambiguity = page.locator("#scope-ambiguity")
    expect(ambiguity.get_by_text("Nothing tagged Ambiguity yet.")).to_be_visible()
    expect(ambiguity.get_by_role("link", name="0 entries")).to_be_visible()

    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Work log").click()
    page.get_by_role("link", name="Edit “Turned the vague refunds ask into a plan” and tag").click()
    page.get_by_role("group", name="Primary scope").get_by_label("Ambiguity").check()
    page.get_by_role("button", name="Save").click()

    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Readiness").click()
    expect(ambiguity.get_by_role("link", name="1 entry")).to_be_visible()
    expect(ambiguity.get_by_text("Nothing tagged Ambiguity yet.")).to_have_count(0)
    ambiguity.get_by_label("Partly").check()
    page.get_by_role("button", name="Save self-check").click()
    expect(page.get_by_text("Self-check saved.")).to_be_visible()

    # Practise peer feedback: the live counter holds back a section over 60 words (the server's
    # own check is in tests/workbench/test_planning.py).
    page.get_by_role("navigation", name="Workbench").get_by_role(
        "link", name="Write feedback for a peer"
    ).click()
    page.get_by_label("Feedback for").fill("Kwame")
    superpowers = page.get_by_label("Superpowers")
    superpowers.fill(" ".join(["great"] * 61))
    expect(page.get_by_text("61 / 60 words: 1 over the limit")).to_be_visible()
    page.get_by_label("Areas of improvement").fill("Share designs earlier, before code lands.")
    page.get_by_role("group", name="Principles they championed").get_by_label(
        "Deliver Results"
    ).check()
    page.get_by_role("button", name="Save feedback").click()  # held back: over the limit
    expect(superpowers).to_be_focused()
    expect(page.get_by_text("Feedback saved, privately.")).to_have_count(0)
    superpowers.fill("Kwame made the rollout boring: dashboards and a rollback switch first.")
    expect(page.get_by_text("11 / 60 words")).to_be_visible()
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text("Feedback saved, privately.")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()

    # The manager input pack, each entry under its primary scope, exported as Markdown.
    page.get_by_role("navigation", name="Workbench").get_by_role(
        "link", name="Manager input pack"
    ).click()
    expect(page.get_by_role("heading", name="Manager input pack: SDE 1 → SDE 2")).to_be_visible()
    expect(page.get_by_text("about 5+ pages for SDE 1 → SDE 2")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download Markdown").click()
    markdown = open(download_info.value.path(), encoding="utf-8").read()
    assert "### Ambiguity" in markdown
    ambiguity_part = markdown.split("### Ambiguity")[1].split("### Technical complexity")[0]
    assert "**Turned the vague refunds ask into a plan**" in ambiguity_part
    assert "- **Result:** Flaky runs from 20% to under 1%." in markdown
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", name="Technical complexity").first).to_be_visible()


def test_without_javascript_quick_add_and_compose(new_person, member):
    member("omar", "Omar Haddad", level="SDE 2")
    page = new_person(javascript=False)
    log_in(page, "omar")
    page.get_by_label("Account menu for omar").click()
    page.get_by_role("link", name="Your workbench").click()
    # An empty log opens the quick add (a <details>: no script needed).
    expect(page.get_by_role("heading", name="Start your paper trail")).to_be_visible()
    page.get_by_label("What did you do?", exact=True).fill(
        "Led the design review for the shared cache"
    )
    page.locator("main").get_by_label("Details").fill(
        "Three teams joined; two changed their design."
    )
    page.locator("main").get_by_role("button", name="Save to log").click()
    expect(
        page.get_by_role("heading", name="Led the design review for the shared cache")
    ).to_be_visible()

    page.get_by_role("navigation", name="Workbench").get_by_role(
        "link", name="Write feedback for a peer"
    ).click()
    page.get_by_label("Feedback for").fill("Ana")
    page.get_by_label("Superpowers").fill("Ana keeps reviews fast and kind, with examples.")
    page.get_by_label("Areas of improvement").fill("Write the one-pager before the code.")
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text("Feedback saved, privately.")).to_be_visible()
    # Without JavaScript there is no Copy button: the plain text is on the page to select.
    expect(page.get_by_role("button", name="Copy")).to_be_hidden()
    expect(page.get_by_label("Feedback for Ana, as plain text")).to_have_value(
        "Superpowers:\nAna keeps reviews fast and kind, with examples.\n\n"
        "Areas of improvement:\nWrite the one-pager before the code."
    )

    page.get_by_role("navigation", name="Workbench").get_by_role(
        "link", name="Manager input pack"
    ).click()
    expect(page.get_by_role("heading", name="Manager input pack: SDE 2 → SDE 3")).to_be_visible()
    expect(page.get_by_text("about 15+ pages for SDE 2 → SDE 3")).to_be_visible()
