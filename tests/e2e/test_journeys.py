"""The journeys of issue 7, in a real browser, as a person makes them: visible labels, links and
buttons.

Each runs at desktop width and at 375 px (the `viewport` fixture); console errors fail it.
Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/taro_e2e .venv/bin/python -m pytest tests/e2e
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in

# Live-server tests flush the database after each test; serialized rollback restores the
# migrations' seed rows (Amazon, its positions, the topics) before the next one.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SDE1_BADGE = "Entry-Level Software Engineer [SDE 1] at Amazon"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


# Small steps a person takes, shared by the journeys ---------------------------------------------


def snapshot(page, name: str) -> None:
    """With E2E_SCREENSHOTS=<dir>, keep a screenshot of this screen (for the README), e.g.
    hub-phone.png."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        width = page.viewport_size["width"]
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(folder) / f"{name}-{'phone' if width < 600 else 'desktop'}.png")
        )


def fits_the_screen(page) -> None:
    """Nothing wider than the window: on a phone, sideways scrolling of the whole page is a bug."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the window"


def open_question_from_newest(page, title: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    page.get_by_role("navigation", name="Sort questions").get_by_role("link", name="New").click()
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def ask_question(page, *, title: str, body: str, topic: str, anonymous: bool = False) -> None:
    """From any page: the header's Ask button, the form, a server-side Preview, then Post."""
    page.get_by_role("banner").get_by_role("link", name="Ask", exact=True).click()
    expect(page.get_by_role("heading", name="Ask a question")).to_be_visible()
    fits_the_screen(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(body)
    page.get_by_label(topic, exact=True).check()
    if anonymous:
        page.get_by_label("Post anonymously").check()
    page.get_by_role("button", name="Preview", exact=True).click()
    preview = page.locator("[data-preview-body]")
    expect(preview.locator("strong")).to_have_text("ready")  # the Markdown **ready**, rendered
    snapshot(page, "ask-form")
    expect(page.get_by_label("Title")).to_have_value(title)  # nothing typed is lost
    if anonymous:
        expect(page.get_by_label("Post anonymously")).to_be_checked()
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("Your question is live")).to_be_visible()
    fits_the_screen(page)


def answer_question(page, body: str) -> None:
    page.get_by_role("textbox", name="Your answer").fill(body)
    page.get_by_role("button", name="Post your answer").click()
    expect(page.get_by_text("Thanks for answering!")).to_be_visible()
    expect(page.get_by_role("article", name="Answer 1")).to_contain_text(body)


def upvote_question(page, title: str) -> None:
    question = page.get_by_role("article", name=title)
    question.get_by_role("button", name="Upvote").click()
    expect(question.get_by_role("button", name="Remove your upvote")).to_be_visible()
    expect(question.locator("[data-score]")).to_have_text("1")


# 1. A reader --------------------------------------------------------------------------------------


def test_reader_opens_guide_from_home_card_and_reads_olr_table(new_person, member, viewport):
    from forum import services
    from taro.models import Company, Topic

    services.ask_question(
        author=member("kai", "Kai Moreno"),
        company=Company.objects.get(slug="amazon"),
        title="What does an HV2 rating mean for my next raise?",
        body_source="My manager said Meets but hinted at HV2. What changes for my pay?",
        topics=[Topic.objects.get(slug="performance-review")],
        is_anonymous=False,
    )
    page = new_person()
    page.goto("/")
    fits_the_screen(page)
    snapshot(page, "hub")
    # The forum is not buried: the first question starts within the first two screens even on
    # a phone (the guides are one compact row there).
    first = page.locator(".question-item").first.bounding_box()
    assert first["y"] < 2 * page.viewport_size["height"], first
    page.get_by_role("region", name="Guides").get_by_role(
        "link", name="Performance review at Amazon"
    ).click()
    expect(page).to_have_url(re.compile(r"/guides/performance-review/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance review at Amazon")
    fits_the_screen(page)
    snapshot(page, "guide")

    if viewport == "phone":  # on a phone the contents are folded under a "Contents" disclosure
        page.locator("summary").filter(has_text="Contents").click()
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="OLR ratings").click()
    expect(page).to_have_url(re.compile(r"#olr-ratings$"))
    expect(page.get_by_role("heading", name=re.compile(r"^OLR ratings"))).to_be_in_viewport()

    region = page.get_by_role("region", name="Table: OLR ratings")
    if viewport == "desktop":
        table = region.get_by_role("table")
        expect(table.get_by_role("columnheader", name="OLR rating")).to_be_visible()
        for rating in ("TT", "HV3", "HV2", "HV1", "LE"):
            expect(table.get_by_role("cell", name=re.compile(rf"^{rating} \("))).to_have_count(1)
        share = table.get_by_role("cell", name="1-2%")
    else:
        # On a phone the table gives way to its rows as cards: each value under its column's
        # name, so nothing is off-screen and nothing scrolls sideways.
        expect(region).to_be_hidden()
        cards = page.locator(".table-cards").filter(has_text="TT (Top Tier)")
        for rating in ("TT", "HV3", "HV2", "HV1", "LE"):
            rows = cards.get_by_role("definition").filter(has_text=re.compile(rf"^{rating} \("))
            expect(rows).to_have_count(1)
        share = cards.get_by_role("definition").filter(has_text="1-2%")
        expect(share.locator("xpath=preceding-sibling::dt")).to_have_text("Share of engineers")
        snapshot(page, "olr-table")
    # The last column ends inside the window.
    share.scroll_into_view_if_needed()
    expect(share).to_be_visible()
    box, width = share.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    fits_the_screen(page)


# 2, 3 and 5. A newcomer asks; a peer answers and upvotes; the asker accepts; search finds it ------


def test_newcomer_signs_up_asks_and_accepts_an_answer(new_person, member, viewport):
    title = "How is promotion decided for an SDE 1 at Amazon?"
    asker = new_person()

    # Sign up and confirm the address through the link in the email.
    asker.goto("/")
    if (
        viewport == "phone"
    ):  # "Sign up" is folded away on narrow screens; the login page links to it
        asker.get_by_role("link", name="Log in").click()
        asker.get_by_role("main").get_by_role("link", name="sign up").click()
    else:
        asker.get_by_role("banner").get_by_role("link", name="Sign up").click()
    asker.get_by_label("Email").fill("dana@example.com")
    asker.get_by_label("Username").fill("dana")
    asker.get_by_label("Password", exact=True).fill(PASSWORD)
    asker.get_by_label("Password (again)").fill(PASSWORD)
    asker.get_by_role("button", name="Sign up").click()
    expect(asker.get_by_role("heading", name=re.compile("verify your email", re.I))).to_be_visible()
    # The live server runs in this process, so the locmem backend's outbox is readable here.
    [email] = mail.outbox
    assert email.to == ["dana@example.com"]
    asker.goto(CONFIRM_LINK.search(email.body).group(0))
    asker.get_by_role("button", name="Confirm").click()
    expect(asker.get_by_label("Account menu for dana")).to_be_visible()

    # The first page asks for the role badge, explains the verified mark, then goes on.
    expect(asker.get_by_role("heading", name="Add your role badge")).to_be_visible()
    expect(asker.get_by_text("The verified mark")).to_be_visible()
    fits_the_screen(asker)
    snapshot(asker, "welcome")
    asker.get_by_label("Your role badge: company and position").select_option(
        label="Entry-Level Software Engineer [SDE 1]"
    )
    asker.get_by_role("button", name="Save my badge").click()
    expect(asker.get_by_text(f"Your badge is set: {SDE1_BADGE}.")).to_be_visible()
    expect(asker).to_have_url(re.compile(r"/$"))

    # A display name in the profile settings; the badge step is not asked again.
    asker.get_by_label("Account menu for dana").click()
    asker.get_by_role("link", name="Profile settings").click()
    asker.get_by_label("Display name").fill("Dana Lee")
    asker.get_by_role("button", name="Save profile").click()
    expect(asker.get_by_text("Your profile was saved.")).to_be_visible()

    ask_question(
        asker,
        title=title,
        topic="Promotion",
        body=(
            "My manager says I am close to **ready**. "
            "What does the promotion document need to show?"
        ),
    )

    # The hub lists it with the name and the badge.
    asker.get_by_label("Taro home").click()
    asker.get_by_role("navigation", name="Sort questions").get_by_role("link", name="New").click()
    item = asker.locator(".question-item").filter(
        has=asker.get_by_role("link", name=title, exact=True)
    )
    expect(item).to_contain_text("Dana Lee")
    expect(item).to_contain_text(SDE1_BADGE)

    # A peer answers and upvotes.
    member("sam", "Sam Okafor", level="SDE 2")
    peer = new_person()
    log_in(peer, "sam")
    open_question_from_newest(peer, title)
    answer_question(
        peer,
        "Write the document with your manager and show two scoped projects you led end to end.",
    )
    upvote_question(peer, title)

    # The asker is told, and accepts.
    asker.reload()
    asker.get_by_role("link", name="Notifications, 1 unread").click()
    expect(asker.get_by_text("New answer to your question")).to_be_visible()
    expect(asker.get_by_role("main")).to_contain_text("Sam Okafor")
    asker.get_by_role("main").get_by_role("link", name=title).click()
    expect(asker.get_by_role("article", name=title).locator("[data-score]")).to_have_text("1")
    asker.get_by_role("button", name="Accept this answer").click()
    expect(asker.get_by_text("Answer accepted.")).to_be_visible()
    accepted = asker.get_by_role("article", name="Answer 1, accepted")
    expect(accepted.get_by_text("Accepted answer")).to_be_visible()
    snapshot(asker, "question")

    # Search finds the question by another form of one of its words (PostgreSQL stemming).
    asker.get_by_label("Search Taro").fill("promoted")
    asker.get_by_label("Search Taro").press("Enter")
    expect(asker.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    expect(asker.get_by_role("link", name=title, exact=True)).to_be_visible()


# Following a question: new answers reach the follower, opening the thread reads them -----------


def test_reader_follows_a_question_and_reads_its_new_answers(new_person, member, viewport):
    from forum import services
    from taro.models import Company, Topic

    asker, helper = member("lena", "Lena Park"), member("sam", "Sam Okafor", level="SDE 2")
    member("ravi", "Ravi Shah")
    title = "Does a transfer reset the clock on the next promotion?"
    question = services.ask_question(
        author=asker,
        company=Company.objects.get(slug="amazon"),
        title=title,
        body_source="I am moving teams next month. Does my promotion case start again?",
        topics=[Topic.objects.get(slug="promotion")],
        is_anonymous=False,
    )
    reader = new_person()
    log_in(reader, "ravi")
    reader.goto(question.get_absolute_url())
    post = reader.get_by_role("article", name=title)
    post.get_by_role("button", name="Follow").click()
    expect(reader.get_by_text("Following: we’ll notify you of new answers.")).to_be_visible()
    expect(post.get_by_role("button", name="Following")).to_have_attribute("aria-pressed", "true")
    expect(post.get_by_role("button", name="☆ Save")).to_be_visible()  # not bookmarked
    fits_the_screen(reader)

    for body in (
        "Usually not: your new manager inherits the case, but talk to them in week one.",
        "It depends on the org. Ask for your old manager's written feedback before you move.",
    ):
        services.post_answer(author=helper, question=question, body_source=body, is_anonymous=False)
    reader.goto("/guides/")
    reader.get_by_role("link", name="Notifications, 2 unread").click()
    item = reader.get_by_role("listitem").filter(has_text=title)
    expect(item).to_have_count(1)  # two answers, one line
    expect(item).to_contain_text("New answer on a question you follow")
    expect(item).to_contain_text("2 new")
    snapshot(reader, "notifications")
    item.get_by_role("link", name=title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    expect(reader.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    # Newest first, the sort kept in the URL.
    reader.get_by_role("navigation", name="Sort answers").get_by_role("link", name="Newest").click()
    expect(reader.get_by_role("article", name="Answer 1")).to_contain_text("depends on the org")
    reader.get_by_role("article", name=title).get_by_role("button", name="Following").click()
    expect(reader.get_by_text("You no longer follow this question.")).to_be_visible()


# 4. Anonymous posting shows the level, never the name ---------------------------------------------


def test_anonymous_question_shows_level_only(new_person, member):
    title = "Is it normal to get a PIP after a reorg as an SDE 1?"
    member("priya", "Priya Raman", level="SDE 1")
    author = new_person()
    log_in(author, "priya")
    ask_question(
        author,
        title=title,
        topic="PIP and Pivot",
        anonymous=True,
        body=(
            "I thought I was nearly **ready** for the next level. "
            "Now my new manager talks about Focus."
        ),
    )
    question = author.get_by_role("article", name=title)
    expect(question).to_contain_text("Anonymous · SDE 1 at Amazon")
    expect(question).not_to_contain_text("Priya")

    reader = new_person()
    reader.goto("/")
    item = reader.locator(".question-item").filter(
        has=reader.get_by_role("link", name=title, exact=True)
    )
    expect(item).to_contain_text("Anonymous · SDE 1 at Amazon")
    item.get_by_role("link", name=title, exact=True).click()
    expect(reader.get_by_role("article", name=title)).to_contain_text("Anonymous · SDE 1 at Amazon")
    for text in ("Priya", "priya"):
        assert text not in reader.content()


# 6. Without JavaScript a person can still ask and answer ------------------------------------------


def test_without_javascript_ask_and_answer(new_person, member):
    title = "Should an SDE 1 volunteer for on-call before the review cycle?"
    member("noor", "Noor Haddad", level="SDE 1")
    member("sam", "Sam Okafor", level="SDE 2")

    asker = new_person(javascript=False)
    log_in(asker, "noor")
    ask_question(
        asker,
        title=title,
        topic="Performance review",
        body=(
            "I feel **ready** to take a pager shift. "
            "Does it count for the review or only for promotion?"
        ),
    )

    peer = new_person(javascript=False)
    log_in(peer, "sam")
    open_question_from_newest(peer, title)
    answer_question(
        peer, "It counts: on-call shows Ownership, and your manager sees the tickets you close."
    )
    upvote_question(peer, title)
