"""Search as a worried reader uses it, in a real browser at desktop width and 375 px: a
question typed as people type it, guide sections as results, the any-word fallback, a misspelt
word corrected, answers under their question, and a thread's related box."""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_journeys import fits_the_screen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HV1_THREAD = "Is an HV1 rating actually bad, or am I overthinking it?"
PIVOT_THREAD = "Pivot or take the severance: how do people actually decide?"


@pytest.fixture
def demo_forum(site):
    """The demo threads, loaded before the browser starts (the guides come with `site`)."""
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--allow-production", stdout=quiet)


def search_from_header(page, text: str) -> None:
    box = page.get_by_role("search", name="Site").get_by_label("Search Taro")
    box.fill(text)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    fits_the_screen(page)


def test_reader_searches_like_they_talk(demo_forum, new_person, viewport):
    page = new_person()
    page.goto("/")

    # A question typed as people type it: guide sections are results, linking to the section.
    search_from_header(page, "HV2 vs HV3")
    section = page.get_by_role("link", name="Performance review at Amazon › OLR ratings")
    expect(section).to_be_visible()
    section.click()
    expect(page).to_have_url(re.compile(r"/guides/performance-review/#olr-ratings$"))
    expect(page.get_by_role("heading", name=re.compile(r"^OLR ratings"))).to_be_in_viewport()

    # Few results hold every word: the any-word results follow, and the page says so.
    search_from_header(page, "should I worry about an HV1 rating")
    expect(page.get_by_text("Showing results for any of these words")).to_be_visible()
    first = page.locator(".search-hit").first
    expect(first.get_by_role("link", name=HV1_THREAD)).to_be_visible()
    expect(first.locator("mark").first).to_be_visible()

    # A misspelt word: the corrected search's results, and the page says so.
    search_from_header(page, "promtion document")
    expect(page.get_by_text("Showing results for “promotion document”")).to_be_visible()
    expect(page.locator(".search-hit").first.locator("mark").first).to_be_visible()

    # A question's answers show under it, once: "2 answers match".
    search_from_header(page, "pivot severance")
    thread = page.locator(".search-hit", has=page.get_by_role("link", name=PIVOT_THREAD))
    expect(thread).to_have_count(1)
    expect(thread.get_by_text(re.compile(r"^\d+ answers? match"))).to_be_visible()

    # Nothing found, even corrected: no dead end.
    search_from_header(page, "promtion zzqx")
    expect(page.get_by_role("heading", name="No results for “promtion zzqx”")).to_be_visible()
    expect(page.get_by_role("link", name="Ask this question")).to_be_visible()

    # A thread links back to the guide section its answers cite, and to related questions.
    page.goto("/")
    search_from_header(page, "HV1 overthinking")
    page.get_by_role("link", name=HV1_THREAD).first.click()
    related = page.get_by_role("complementary", name="Related")
    expect(
        related.get_by_role("link", name="Performance review at Amazon › OLR ratings")
    ).to_be_visible()
    expect(
        related.get_by_role("region", name="Related questions").get_by_role("link")
    ).not_to_have_count(0)
    answers = page.get_by_role("heading", name=re.compile(r"^\d+ answers?$")).bounding_box()
    box = related.bounding_box()
    if viewport == "phone":  # after the answers
        assert box["y"] > answers["y"]
    else:  # the right column, beside the question
        assert box["x"] > page.get_by_role("heading", level=1).bounding_box()["x"] + 400
        assert box["y"] < answers["y"]
    fits_the_screen(page)
