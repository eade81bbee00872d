"""Career videos in a real browser at 1280 and 375 px: find a lesson from the hub, the site search
(by a spoken phrase), the site's footer and the topic filter, play it, captions off and on, jump
to a chapter, read the transcript, continue where you left off, the watched mark; the same page
without JavaScript; axe-core in light and dark. The lessons are added through the real pipeline
from a 20-second ffmpeg test clip."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import VIEWPORTS
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import AXE_JS, axe_violations, describe_violations
from tests.e2e.test_journeys import fits_the_screen
from videos import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CAPTIONS = b"""WEBVTT

00:00.000 --> 00:04.000
A promotion is decided from a written document.

00:04.000 --> 00:08.000
Keep a work log as you go.

00:08.000 --> 00:12.000
Feedback providers who saw your work closely help the most.

00:12.000 --> 00:16.000
Ask them early and brief them well.

00:16.000 --> 00:19.500
Then turn the log into a clear story.
"""
CHAPTERS = b"""WEBVTT

00:00.000 --> 00:08.000
The work log

00:08.000 --> 00:14.000
Feedback providers

00:14.000 --> 00:20.000
Putting it together
"""
TITLE = "How to build a promotion case"


@pytest.fixture
def lessons(site, settings, tmp_path, topics):
    """Two published lessons (media in a temporary MEDIA_ROOT), made before the browser starts."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    clip = tmp_path / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error"]
        + ["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=20"]
        + ["-f", "lavfi", "-i", "sine=frequency=330:duration=20"]
        + ["-c:v", "libx264", "-c:a", "aac", "-shortest", str(clip)],
        check=True,
    )
    for title, topic in ((TITLE, "promotion"), ("Focus, Pivot and PIP", "pip")):
        services.add_lesson(
            video_path=clip,
            captions=CAPTIONS,
            chapters=CHAPTERS,
            title=title,
            summary="Work log, evidence, feedback providers.",
            topics=[topics[topic]],
            publish=True,
        )


def video_state(page, expression):
    return page.evaluate(
        f"() => {{ const v = document.querySelector('video'); return {expression}; }}"
    )


def wait_for_time_near(page, seconds, tolerance=1.5):
    page.wait_for_function(
        "([s, t]) => Math.abs(document.querySelector('video').currentTime - s) < t",
        arg=[seconds, tolerance],
    )


def test_find_play_caption_chapter_transcript(lessons, new_person, viewport):
    page = new_person()
    # From the hub: its "Video lessons" cards.
    page.goto("/")
    hub_lessons = page.get_by_role("region", name="Video lessons")
    hub_lessons.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # From the site search, by a phrase only spoken in a lesson: the hit opens it at that moment.
    site_search = page.get_by_role("banner").get_by_label("Search Taro")
    site_search.fill('"brief them well"')
    site_search.press("Enter")
    said = page.get_by_role("region", name="Said in a video lesson")
    said.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    expect(page).to_have_url(re.compile(r"/videos/how-to-build-a-promotion-case/#t=12$"))
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Videos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career videos")
    page.get_by_role("navigation", name="Filter by topic").get_by_role(
        "link", name="Promotion"
    ).click()
    expect(page.get_by_role("link", name="Focus, Pivot and PIP")).to_have_count(0)
    fits_the_screen(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    fits_the_screen(page)

    # Found again by something said in it: the result opens the lesson at that moment.
    page.get_by_role("contentinfo").get_by_role("link", name="Videos").click()
    page.get_by_label("Search what the lessons say").fill('"brief them well"')
    page.get_by_label("Search what the lessons say").press("Enter")
    expect(page.get_by_role("heading", name="Said in 2 lessons")).to_be_visible()
    fits_the_screen(page)
    page.get_by_role("region", name="Said in 2 lessons").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(re.compile(r"/videos/how-to-build-a-promotion-case/#t=12$"))
    wait_for_time_near(page, 12)

    # The native player, its captions track showing by default.
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    assert video_state(page, "v.textTracks[0].mode") == "showing"
    toggle = page.get_by_role("button", name="Captions on")
    toggle.click()
    expect(page.get_by_role("button", name="Captions off")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert video_state(page, "v.textTracks[0].mode") == "hidden"
    page.get_by_role("button", name="Captions off").click()
    assert video_state(page, "v.textTracks[0].mode") == "showing"

    # A chapter link seeks the player (and says where in the address).
    chapters = page.get_by_role("navigation", name="Chapters")
    chapters.get_by_role("link", name=re.compile("Feedback providers")).click()
    wait_for_time_near(page, 8)
    expect(page).to_have_url(re.compile(r"#t=8$"))
    current = chapters.get_by_role("link", name=re.compile("Feedback providers"))
    expect(current).to_have_attribute("aria-current", "true")

    # The transcript: each paragraph linked to its time.
    transcript = page.get_by_role("region", name="Transcript")
    expect(transcript.get_by_text("Ask them early and brief them well.")).to_be_visible()
    transcript.get_by_role("link", name="Play from 0:16").click()
    wait_for_time_near(page, 16)

    # Keyboard only: the chapter links are reachable and work with Enter.
    chapters.get_by_role("link", name=re.compile("The work log")).focus()
    page.keyboard.press("Enter")
    wait_for_time_near(page, 0, tolerance=1)

    # A link to a moment (what search results give) seeks when the page opens.
    page.goto("/videos/how-to-build-a-promotion-case/#t=12")
    wait_for_time_near(page, 12)


def test_continue_where_you_left_off_and_watched(lessons, new_person, member, viewport):
    member("sam", "Sam Okafor")
    page = new_person()
    log_in(page, "sam")
    page.goto("/videos/how-to-build-a-promotion-case/")
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")
    play = "() => { const v = document.querySelector('video'); v.muted = true; v.play(); }"
    # Playing: the position is saved once 15 s have passed (never more often).
    saved = lambda r: "/progress/" in r.url and r.status == 204  # noqa: E731
    with page.expect_response(saved, timeout=30_000) as first:
        page.evaluate(play)
    assert "watched" not in first.value.request.post_data
    page.evaluate("() => document.querySelector('video').pause()")

    page.reload()
    position = int(re.search(r"seconds=(\d+)", first.value.request.post_data).group(1))
    assert 10 <= position <= 17  # 15 s of wall-clock play (a slow machine may stall a little)
    resume = page.get_by_role("link", name=f"Continue where you left off ({position} s)")
    seconds = position
    resume.click()
    wait_for_time_near(page, seconds)
    # To the end: marked watched, and the next visit starts from the beginning.
    with page.expect_response(saved, timeout=30_000) as last:
        page.evaluate(play)
    assert "watched=1" in last.value.request.post_data
    page.reload()
    expect(page.get_by_text("Watched", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Continue where you left off"))).to_have_count(
        0
    )
    page.get_by_role("button", name="Unmark").click()
    expect(page.get_by_role("button", name="Mark as watched")).to_be_visible()


def test_without_javascript_links_reload_at_the_moment(lessons, new_person, viewport):
    page = new_person(javascript=False)
    page.goto("/videos/how-to-build-a-promotion-case/")
    expect(page.get_by_role("button", name="Captions on")).to_be_hidden()  # needs the script
    page.get_by_role("navigation", name="Chapters").get_by_role(
        "link", name=re.compile("Feedback providers")
    ).click()
    expect(page).to_have_url(re.compile(r"\?t=8#player$"))
    source = page.locator("video source").get_attribute("src")
    assert source.endswith("/media/video.mp4#t=8")  # a media fragment: the video starts there
    expect(page.get_by_text("Feedback providers who saw your work closely")).to_be_visible()
    fits_the_screen(page)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_lesson_pages_have_no_axe_violations(lessons, browser, site, viewport, color_scheme):
    context = browser.new_context(
        base_url=site, bypass_csp=True, color_scheme=color_scheme, **VIEWPORTS[viewport]
    )
    page = context.new_page()
    report = []
    paths = ("/videos/", "/videos/?topic=pip", "/videos/?q=work+log", "/videos/?q=zebra")
    for path in (*paths, "/videos/how-to-build-a-promotion-case/"):
        page.goto(path)
        violations = axe_violations(page, AXE_JS.read_text())
        if violations:
            report.append(describe_violations(path, violations))
    context.close()
    assert not report, "\n".join(report)
