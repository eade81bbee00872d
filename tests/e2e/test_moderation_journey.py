"""Moderation that closes the loop (issue 27), in a real browser at 1280 and 375 px: a moderator
hides a post and then suspends its author from the member page; the author sees the banner on
every page, the notification with the reason, opens the hidden post and appeals; the appeal
reaches the queue. Also: the phone header in two rows with "Sign up" in view, in both themes."""

import pytest
from playwright.sync_api import expect

from forum import services
from taro.models import Company, Topic
from tests.e2e.conftest import log_in
from tests.e2e.test_journeys import fits_the_screen, snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Can my skip-level see the peer feedback I wrote about a teammate?"
REASON = "It names a colleague"


def test_moderator_hides_and_suspends_and_the_author_appeals(new_person, member, viewport):
    author = member("riley", "Riley Ng")
    moderator = member("mod", "Mo Derator")
    moderator.is_staff = True
    moderator.save()
    question = services.ask_question(
        author=author,
        company=Company.objects.get(slug="amazon"),
        title=TITLE,
        body_source="My teammate Jordan Smith kept missing reviews; what I wrote was harsh.",
        topics=Topic.objects.filter(slug="performance-review"),
        is_anonymous=False,
    )

    mod = new_person()
    log_in(mod, "mod")
    mod.goto(question.get_absolute_url())
    mod.get_by_role("button", name="Hide", exact=True).click()
    expect(mod.get_by_role("heading", name="Hide this question?")).to_be_visible()
    mod.get_by_label("Reason (logged, and shown to the author)").fill(REASON)
    mod.get_by_role("button", name="Yes, hide it").click()
    # From the moderation page to the member page: suspend with an end date, confirm.
    mod.goto("/moderation/")
    mod.get_by_role("link", name="riley").first.click()
    expect(mod.get_by_role("heading", name="riley", level=1)).to_be_visible()
    expect(mod.get_by_text("Hid post")).to_be_visible()
    fits_the_screen(mod)
    mod.get_by_label("Reason (shown to them)").fill(REASON + ".")
    mod.get_by_label("Ends on (optional)").fill("2099-12-11")
    mod.get_by_role("button", name="Suspend riley…").click()
    mod.get_by_role("button", name="Yes, suspend riley").click()
    expect(mod.get_by_text("Suspended until 11 Dec 2099, 00:00 UTC")).to_be_visible()
    snapshot(mod, "moderation-member")

    person = new_person()
    log_in(person, "riley")
    banner = person.get_by_role("note").filter(has_text="Your account is suspended")
    until = "until 11 Dec 2099, 00:00 UTC"
    expect(banner).to_have_text(
        f"Your account is suspended {until}: {REASON}. You can still read Taro."
    )
    for path in ("/questions/", "/guides/", "/notifications/"):
        person.goto(path)
        expect(banner).to_be_visible()
        expect(
            person.get_by_role("banner").get_by_role("link", name="Ask", exact=True)
        ).to_have_count(0)
    fits_the_screen(person)
    snapshot(person, "suspended-notifications")
    expect(person.get_by_text("Moderators hid your post")).to_be_visible()
    expect(person.get_by_text(f"Reason: {REASON}.")).to_be_visible()
    person.get_by_role("link", name=TITLE).click()
    expect(person.get_by_text(f"Hidden by moderators: {REASON}")).to_be_visible()
    person.get_by_label("Your message to the moderators").fill(
        "I can rewrite it without the name; the question is about who reads feedback."
    )
    person.get_by_role("button", name="Send the appeal").click()
    expect(person.get_by_text("Your appeal was sent.")).to_be_visible()
    fits_the_screen(person)

    mod.goto("/moderation/")
    expect(mod.get_by_role("heading", name="Appeals (1)")).to_be_visible()
    expect(mod.get_by_text("I can rewrite it without the name")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_phone_header_is_two_rows_with_sign_up_in_view(browser, site, member, who, scheme):
    context = browser.new_context(
        base_url=site,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        color_scheme=scheme,
    )
    page = context.new_page()
    page.goto("/")
    header = page.get_by_role("banner")
    if who == "member":  # four sections (Workbench too), the bell and the account menu
        member("sam", "Sam Okafor")
        log_in(page, "sam")
        expect(header.get_by_role("link", name="Workbench")).to_be_visible()
    else:
        expect(header.get_by_role("link", name="Sign up")).to_be_visible()
        expect(header.get_by_role("link", name="Log in")).to_be_visible()
    # Rows: the visible items' vertical centres, grouped when closer than 20 px.
    rows = page.evaluate(
        """() => {
            const centres = [...document.querySelectorAll('.site-header__inner > *')]
                .filter(e => e.offsetParent !== null)
                .map(e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; })
                .sort((a, b) => a - b);
            return centres.filter((c, i) => i === 0 || c - centres[i - 1] > 20).length;
        }"""
    )
    assert rows <= 2, f"the header has {rows} rows"
    fits_the_screen(page)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_notification_card_puts_mark_as_read_below_its_text_on_a_phone(
    browser, site, member, scheme
):
    asker, answerer = member("asker", "Asa Ker"), member("helper", "Hel Per")
    question = services.ask_question(
        author=asker,
        company=Company.objects.get(slug="amazon"),
        title="How long does an SDE 1 usually stay at that level before SDE 2?",
        body_source="Asking for a realistic range, not a promise.",
        topics=Topic.objects.filter(slug="promotion"),
        is_anonymous=False,
    )
    services.post_answer(
        author=answerer,
        question=question,
        body_source="It varies by team; the guide's time-in-level section lists what's reported.",
        is_anonymous=False,
    )
    context = browser.new_context(
        base_url=site, viewport={"width": 375, "height": 740}, is_mobile=True, color_scheme=scheme
    )
    page = context.new_page()
    log_in(page, "asker")
    page.goto("/notifications/")
    card = page.locator(".notification").first
    text = card.locator("p").first.bounding_box()
    button = card.get_by_role("button", name="Mark as read").bounding_box()
    assert button["y"] >= text["y"] + text["height"] - 1, (text, button)  # below, not beside
    fits_the_screen(page)
    context.close()
