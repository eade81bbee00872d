"""Lessons where readers already are: the site search finds a phrase spoken only in a lesson and
links to its moment; the hub and topic pages show lessons (issue 32)."""

import pytest

CAPTIONS = b"""WEBVTT

00:00.000 --> 00:01.000
Ask for the calibration summary in writing.

00:01.000 --> 00:02.000
Kumquat narration words.
"""

pytestmark = pytest.mark.django_db


def test_the_site_search_finds_a_phrase_spoken_only_in_a_lesson(client, make_lesson):
    lesson = make_lesson("Reading your rating", captions=CAPTIONS)
    response = client.get("/search/", {"q": "kumquat narration"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Said in a video lesson" in html
    assert f'href="/videos/{lesson.slug}/#t=1"' in html
    assert "No results for" not in html  # the lesson is a result


def test_the_hub_and_the_topic_page_show_lessons(
    client, make_lesson, django_assert_max_num_queries
):
    lesson = make_lesson("Reading your rating", captions=CAPTIONS)
    home = client.get("/").content.decode()
    assert "Video lessons" in home and lesson.get_absolute_url() in home
    topic = lesson.topics.first()
    with django_assert_max_num_queries(15):
        page = client.get(f"/topics/{topic.slug}/").content.decode()
    assert "Video lessons" in page and lesson.get_absolute_url() in page
