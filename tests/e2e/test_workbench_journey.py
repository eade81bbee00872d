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


# --- issue 26: a month of use, ending in each export -----------------------------------------


def workbench_link(page, name):
    page.get_by_role("navigation", name="Workbench").get_by_role("link", name=name).click()


def download(page, link_name="Download Markdown") -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), encoding="utf-8").read()


def add_structured_entry(page, *, day, title, did, primary, secondary=(), **evidence):
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Date", exact=True).fill(day)
    page.get_by_label("Title").fill(title)
    page.get_by_label("What you did").fill(did)
    for label, value in evidence.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("group", name="Primary scope").get_by_label(primary).check()
    for scope in secondary:
        page.get_by_role("group", name="Secondary scopes").get_by_label(scope).check()
    page.get_by_role("group", name="Leadership Principles it shows").get_by_label(
        "Ownership", exact=True
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added to your log.")).to_be_visible()


def add_provider(page, *, name, level, relationship, team, entry):
    form = page.locator("form.wb-form")
    form.get_by_label("Name or initials").fill(name)
    form.get_by_label("Their level").select_option(label=level)
    form.get_by_label("How they know your work").select_option(label=relationship)
    form.get_by_label("Team", exact=True).select_option(label=team)
    form.get_by_label("Will they support the case?").select_option(label="Yes")
    form.get_by_label("Asked on").fill("2026-11-02")
    form.get_by_role("group", name="Log entries they can speak to").get_by_label(
        entry, exact=False
    ).check()
    page.get_by_role("button", name="Save provider").click()
    expect(page.get_by_text("Provider saved.")).to_be_visible()


def test_a_month_of_use_ends_in_each_export(new_person, member, viewport):
    member("ines", "Ines Duarte", level="SDE 1")
    page = new_person()
    log_in(page, "ines")

    # The main navigation leads to the workbench.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workbench").click()
    expect(page.get_by_role("heading", name="Your work log")).to_be_visible()

    # Week 0: the plan, the cycle's dates and the weekly reminder (Friday unless changed).
    workbench_link(page, "Plan and calendar")
    page.get_by_label("In your current level since").fill("2025-06-01")
    page.get_by_label("Why now").fill("I already own the checkout retry path end to end.")
    page.get_by_label("Self-review due").fill("2027-01-15")
    page.get_by_label("Manager", exact=True).fill("J.D.")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    expect(page.get_by_text("Friday", exact=True)).to_be_attached()
    page.get_by_label("Email me a weekly reminder").check()
    page.get_by_role("button", name="Save reminder").click()
    expect(page.get_by_text("Weekly reminder on, every Friday.")).to_be_visible()

    # Weeks 1-4: the capture form, then fuller entries with their evidence.
    workbench_link(page, "Work log")
    expect(page.get_by_text("months in your level")).to_be_visible()
    page.get_by_role("link", name="This week's capture").click()
    page.get_by_label("What shipped?").fill("The bulk export, behind a flag.")
    page.get_by_label("Whom did you unblock?").fill("The payments on-call, with a runbook.")
    page.get_by_role("button", name="Add to my log").click()
    expect(page.get_by_text("2 entries added to your log.")).to_be_visible()

    add_structured_entry(
        page,
        day="2026-11-06",
        title="Rebuilt the checkout retry path",
        did="I designed and led the rewrite of the retry path.",
        primary="Impact",
        secondary=["Technical complexity"],
        **{
            "Metric": "p99 latency",
            "From": "900",
            "To": "310",
            "Unit": "ms",
            "Who beyond your team": "Payments team",
            "Links": "https://example.com/retry-design",
            "Started on": "2026-10-01",
        },
    )
    expect(page.get_by_text("Strong evidence").first).to_be_visible()
    add_structured_entry(
        page,
        day="2026-11-20",
        title="Settled the refunds ambiguity",
        did="Wrote the one-page plan the team followed.",
        primary="Ambiguity",
    )
    expect(page.get_by_text("Weak evidence").first).to_be_visible()

    workbench_link(page, "Readiness")
    impact = page.locator("#scope-impact")
    expect(impact.get_by_text("1 strong, 0 fair, 0 weak")).to_be_visible()

    # Feedback about me: two providers, the warnings, a brief to paste.
    workbench_link(page, "Feedback about me")
    add_provider(
        page,
        name="R.K.",
        level="L6",
        relationship="Senior engineer",
        team="Other team",
        entry="Rebuilt the checkout retry path",
    )
    add_provider(
        page,
        name="T.M.",
        level="L5",
        relationship="Peer engineer",
        team="Same team",
        entry="Settled the refunds ambiguity",
    )
    expect(page.get_by_text("2 of your providers are at or above L5")).to_be_visible()
    page.locator("summary", has_text="Brief for R.K.").click()
    brief = page.get_by_label("Brief for R.K., to copy").input_value()
    assert "Rebuilt the checkout retry path" in brief and len(brief.split()) < 150

    # The growth-area ledger and a goal agreed with the manager.
    workbench_link(page, "Growth areas")
    page.get_by_label("Theme").fill("Share designs earlier")
    page.get_by_label("Cycle").fill("2025 year-end")
    page.get_by_role("group", name="Entries that address it").get_by_label(
        "Rebuilt the checkout retry path", exact=False
    ).check()
    page.get_by_role("button", name="Save theme").click()
    expect(page.get_by_text("Growth area saved.")).to_be_visible()
    workbench_link(page, "Plan and calendar")
    page.get_by_label("Goal", exact=True).fill("Lead one design review a month")
    page.get_by_label("Due", exact=True).fill("2027-03-31")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_text("Goal added.")).to_be_visible()

    # Each export: the manager input pack …
    workbench_link(page, "Manager input pack")
    expect(page.get_by_role("heading", name="Manager input pack: SDE 1 → SDE 2")).to_be_visible()
    pack = download(page)
    impact_role = pack.split("### Impact")[1].split("## Stories")[0]
    assert "Rebuilt the checkout retry path" in impact_role
    assert "| R.K. | L6 | Senior engineer | Other team | Rebuilt the checkout retry path |" in pack
    assert "I already own the checkout retry path end to end." in pack
    assert "### Share designs earlier" in pack  # risks and rebuttals
    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", name="Risks and rebuttals")).to_be_visible()
    page.go_back()

    # … the accomplishments (three picked, strongest first) …
    workbench_link(page, "Accomplishments")
    picks = page.get_by_role("group", name="Entries for your accomplishments")
    expect(picks.get_by_role("checkbox").first).to_be_checked()
    page.get_by_role("button", name="Use these entries").click()
    expect(page.get_by_text("Your picks are saved.")).to_be_visible()
    accomplishments = download(page)
    assert accomplishments.index("Rebuilt the checkout retry path") < accomplishments.index(
        "Settled the refunds ambiguity"
    )

    # … the self-review (each entry once) …
    workbench_link(page, "Self-review")
    review = download(page)
    assert review.count("Rebuilt the checkout retry path") == 1

    # … the handover …
    workbench_link(page, "Handover")
    expect(page.get_by_text("Lead one design review a month")).to_be_visible()
    handover = download(page)
    assert "## Goals we agreed" in handover and "R.K." in handover

    # … and everything, then delete it all.
    workbench_link(page, "Your data")
    everything = download(page, "Export as JSON")
    assert '"growth_areas"' in everything and '"goals"' in everything
    page.get_by_label("Type “delete everything” to confirm").fill("delete everything")
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_text("Everything in your workbench was deleted")).to_be_visible()
    expect(page.get_by_text("0 log entries")).to_be_visible()
