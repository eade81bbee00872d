"""The site search's hook: videos.selectors.search_transcripts finds a phrase spoken in a lesson
and links to the moment."""

import pytest

from videos.models import Lesson
from videos.selectors import lessons_for_topic, search_transcripts

CAPTIONS = b"""WEBVTT

00:00.000 --> 00:00.800
Managers meet to calibrate ratings.

00:00.800 --> 00:01.500
Bring your work log

00:01.500 --> 00:02.000
and feedback providers.
"""


@pytest.mark.django_db
def test_a_spoken_phrase_finds_the_lesson_at_its_moment(make_lesson):
    lesson = make_lesson("The OLR ratings", captions=CAPTIONS)
    make_lesson("Something else", captions=b"WEBVTT\n\n00:00.000 --> 00:01.000\nOther words.\n")
    [hit] = search_transcripts('"calibrate ratings"')
    assert hit.lesson == lesson and hit.seconds == 0
    assert hit.url == "/videos/the-olr-ratings/#t=0"
    assert "<mark>calibr" in hit.snippet
    [hit] = search_transcripts("feedback providers")
    assert hit.lesson == lesson and hit.seconds in (0, 1)


@pytest.mark.django_db
def test_a_phrase_across_two_cues_matches_where_it_starts(make_lesson):
    make_lesson("The OLR ratings", captions=CAPTIONS)
    [hit] = search_transcripts('"work log and feedback"')
    assert hit.seconds == 0 and hit.url.endswith("#t=0")  # the cue at 0.8 s starts it


@pytest.mark.django_db
def test_one_hit_per_lesson_best_first_and_only_published(make_lesson):
    olr = make_lesson("The OLR ratings", captions=CAPTIONS)
    draft = make_lesson("Draft", captions=CAPTIONS, publish=False)
    hits = search_transcripts("ratings")
    assert [h.lesson for h in hits] == [olr]
    Lesson.objects.filter(pk=draft.pk).update(is_published=True, status="processing")
    assert [h.lesson for h in search_transcripts("ratings")] == [olr]
    assert search_transcripts("") == [] and search_transcripts("zebra astronaut") == []


@pytest.mark.django_db
def test_snippets_are_escaped(make_lesson):
    captions = (
        b"WEBVTT\n\n00:00.000 --> 00:01.000\n"
        b"Calibration &lt;script&gt;alert(1)&lt;/script&gt; 1 &lt; 2 &amp; AT&amp;T\n"
    )
    make_lesson("Hostile", captions=captions)
    [hit] = search_transcripts("calibration")
    # PostgreSQL drops what looks like a tag; what is left is escaped; only <mark> is HTML.
    assert "<script>" not in hit.snippet and "alert(1)" in hit.snippet
    assert "<" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.django_db
def test_web_search_syntax_never_errors(make_lesson):
    make_lesson(captions=CAPTIONS)
    for query in ['"', "-", "ratings -managers", "a & b | !c", "'); drop table x; --", "x" * 500]:
        search_transcripts(query)


@pytest.mark.django_db
def test_the_topic_selector_lists_published_lessons_only(make_lesson, topics):
    promotion = make_lesson("Build a promotion case", topic_slugs=("promotion",))
    make_lesson("Draft", publish=False, topic_slugs=("promotion",))
    assert lessons_for_topic(topics["promotion"]) == [promotion]


@pytest.mark.django_db
def test_the_cue_that_says_it_wins_over_the_one_before(make_lesson):
    make_lesson("The OLR ratings", captions=CAPTIONS)
    [hit] = search_transcripts("feedback providers")
    assert hit.seconds == 1  # "and feedback providers." starts at 1.5 s, not the cue before
