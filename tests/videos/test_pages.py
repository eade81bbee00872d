"""The lesson list and the lesson page, as a reader without JavaScript gets them."""

import re

import pytest

from videos.models import Lesson


@pytest.mark.django_db
def test_list_shows_published_ready_lessons_and_filters_by_topic(
    client, make_lesson, django_assert_max_num_queries
):
    make_lesson("Build a promotion case", topic_slugs=("promotion",))
    make_lesson("Focus, Pivot and PIP", topic_slugs=("pip",))
    make_lesson("Hidden draft", publish=False)
    with django_assert_max_num_queries(5):
        page = client.get("/videos/").content.decode()
    assert "Build a promotion case" in page and "Focus, Pivot and PIP" in page
    assert "Hidden draft" not in page
    assert 'href="/videos/?topic=pip"' in page and 'href="/videos/?topic=promotion"' in page

    with django_assert_max_num_queries(6):
        page = client.get("/videos/?topic=pip").content.decode()
    assert "Focus, Pivot and PIP" in page and "Build a promotion case" not in page
    assert client.get("/videos/?topic=no-such-topic").status_code == 404


@pytest.mark.django_db
def test_empty_topic_says_so(client, make_lesson):
    make_lesson(topic_slugs=("promotion",))
    page = client.get("/videos/?topic=layoffs").content.decode()
    assert "No lessons on Layoffs yet" in page


@pytest.mark.django_db
def test_lesson_page_plays_natively_with_captions_on_chapters_and_transcript(
    client, make_lesson, django_assert_max_num_queries
):
    lesson = make_lesson()
    with django_assert_max_num_queries(6):
        page = client.get(lesson.get_absolute_url()).content.decode()
    assert '<video controls preload="metadata"' in page
    assert f'<source src="/videos/{lesson.slug}/media/video.mp4" type="video/mp4">' in page
    assert re.search(r'<track kind="captions" src="[^"]+/captions.vtt"[^>]* default>', page)
    assert '<track kind="chapters"' in page
    # Chapter and transcript links reload at ?t= without JavaScript; the script seeks instead.
    assert 'href="?t=1#player" data-seek="1"><span class="lesson-time">0:01</span> Feedback' in page
    assert "Your work log is the spine of a promotion case." in page
    assert "<h3>Feedback</h3>" in page and 'aria-label="Play from 0:01"' in page
    assert "Log in</a> to continue where you left off" in page


@pytest.mark.django_db
def test_start_time_without_javascript_is_a_media_fragment_on_the_source(client, make_lesson):
    lesson = make_lesson()
    page = client.get(lesson.get_absolute_url() + "?t=1").content.decode()
    assert 'media/video.mp4#t=1" type="video/mp4"' in page
    # Out of range or junk: clamped or ignored, never an error.
    page = client.get(lesson.get_absolute_url() + "?t=999").content.decode()
    assert "video.mp4#t=2" in page
    assert client.get(lesson.get_absolute_url() + "?t=abc").status_code == 200


@pytest.mark.django_db
def test_unpublished_lessons_do_not_exist_on_the_site(client, make_lesson, make_user):
    lesson = make_lesson(publish=False)
    assert client.get(lesson.get_absolute_url()).status_code == 404
    client.force_login(make_user(staff=True))
    assert client.get(lesson.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_chapters_track_is_webvtt_built_from_the_chapters(client, make_lesson):
    lesson = make_lesson()
    response = client.get(f"/videos/{lesson.slug}/media/chapters.vtt")
    assert response["Content-Type"].startswith("text/vtt")
    body = response.content.decode()
    assert body.startswith("WEBVTT")
    assert "00:00:00.000 --> 00:00:01.000\nWork log" in body
    assert "00:00:01.000 --> 00:00:02.0" in body


@pytest.mark.django_db
def test_hostile_text_is_escaped(client, make_lesson):
    captions = (
        b"WEBVTT\n\n00:00.000 --> 00:01.000\n"
        b"AT&amp;T said 1 &lt; 2 <b>in bold</b> &lt;script&gt;x&lt;/script&gt;\n"
    )
    lesson = make_lesson("<img src=x onerror=alert(1)>", captions=captions)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<script>x" not in page and "<b>in bold" not in page
    assert "AT&amp;T said 1 &lt; 2 in bold &lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.django_db
def test_related_links_and_footer(client, make_lesson):
    lesson = make_lesson()
    Lesson.objects.filter(pk=lesson.pk).update(
        related=[{"title": "How OLR works", "url": "/guides/olr/#calibration"}]
    )
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert '<a href="/guides/olr/#calibration">How OLR works</a>' in page
    assert '<a href="/videos/">Videos</a>' in client.get("/guides/").content.decode()


@pytest.mark.django_db
def test_list_searches_what_lessons_say_and_links_to_the_moment(
    client, make_lesson, django_assert_max_num_queries
):
    make_lesson("Build a promotion case")
    make_lesson("Unpublished", publish=False)
    with django_assert_max_num_queries(6):
        page = client.get("/videos/", {"q": '"feedback providers"'}).content.decode()
    assert "Said in 1 lesson" in page
    assert '<a href="/videos/build-a-promotion-case/#t=1">Build a promotion case</a>' in page
    assert "<mark>Feedback</mark> <mark>providers</mark>" in page and "at 0:01" in page
    page = client.get("/videos/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "No lesson says “&lt;script&gt;alert(1)&lt;/script&gt;”" in page
    assert "<script>alert" not in page
