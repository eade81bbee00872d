"""Reads for career videos: lists, a lesson's page, members' progress, transcript search."""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from taro.models import Topic
from videos import permissions
from videos.models import Lesson, Progress, TranscriptCue, format_seconds

CUES_PER_PARAGRAPH = 4


def playable_lessons(*, topic: Topic | None = None, limit: int | None = None) -> list[Lesson]:
    """Published, transcoded lessons for cards (topics prefetched), in the editors' order."""
    lessons = Lesson.objects.playable().for_cards()
    if topic is not None:
        lessons = lessons.filter(topics=topic)
    return list(lessons[:limit] if limit else lessons)


def topics_with_lessons() -> list[Topic]:
    playable = Lesson.objects.playable()
    return list(Topic.objects.filter(lessons__in=playable).distinct().order_by("order", "name"))


def lessons_for_topic(topic: Topic, limit: int = 3) -> list[Lesson]:
    """For a topic page (templates/videos/includes/lesson_cards.html)."""
    return playable_lessons(topic=topic, limit=limit)


def lesson_ids(slugs: set[str]) -> dict[str, int]:
    """{slug: id} of the lessons that exist, published or not: the forum records the lessons its
    posts cite (forum/citations.py) and shows them only once they are playable."""
    if not slugs:
        return {}
    return dict(Lesson.objects.filter(slug__in=slugs).values_list("slug", "id"))


def lesson_moment(slug: str, seconds: int) -> tuple[str, str]:
    """(the lesson page's address at `seconds`, "1:23"): 0 is the page itself. For links to a
    lesson drawn from raw rows (the forum's related box) without loading the lesson."""
    url = reverse("videos:detail", args=[slug])
    return (f"{url}#t={int(seconds)}" if seconds else url), format_seconds(seconds)


def watched_ids(user: User | AnonymousUser, lessons: list[Lesson]) -> set[int]:
    if not user.is_authenticated or not lessons:
        return set()
    return set(
        Progress.objects.filter(user=user, lesson__in=lessons, watched=True).values_list(
            "lesson_id", flat=True
        )
    )


def get_viewable_lesson(slug: str) -> Lesson:
    lesson = Lesson.objects.prefetch_related("topics").filter(slug=slug).first()
    if lesson is None or not permissions.can_view_lesson(lesson):
        raise Http404("No such lesson.")
    return lesson


def get_playable_lesson(slug: str) -> Lesson:
    lesson = Lesson.objects.filter(slug=slug).first()
    if lesson is None or not permissions.can_play(lesson):
        raise Http404("No such lesson.")
    return lesson


def progress_for(user: User | AnonymousUser, lesson: Lesson) -> Progress | None:
    if not user.is_authenticated:
        return None
    return Progress.objects.filter(user=user, lesson=lesson).first()


@dataclass(frozen=True)
class Paragraph:
    start: float
    heading: str
    text: str

    @property
    def label(self) -> str:
        return format_seconds(self.start)

    @property
    def seconds(self) -> int:
        return int(self.start)


def transcript(lesson: Lesson) -> list[Paragraph]:
    """The captions as paragraphs: one per chapter (or every few cues without chapters), each
    starting at its first cue's time."""
    cues = list(lesson.cues.order_by("position").values_list("start", "text"))
    starts = [chapter["start"] for chapter in lesson.chapters]
    titles = [chapter["title"] for chapter in lesson.chapters]
    groups: list[tuple[str, list[tuple[float, str]]]] = []
    for start, text in cues:
        chapter = sum(1 for s in starts if s <= start + 0.05) - 1
        heading = titles[chapter] if chapter >= 0 else ""
        new_group = (
            not groups
            or groups[-1][0] != heading
            or (not starts and len(groups[-1][1]) >= CUES_PER_PARAGRAPH)
        )
        if new_group:
            groups.append((heading, []))
        groups[-1][1].append((start, text))
    return [
        Paragraph(start=group[0][0], heading=heading, text=" ".join(t for _, t in group))
        for heading, group in groups
    ]


def chapter_list(lesson: Lesson) -> list[dict[str, Any]]:
    return [
        {"seconds": int(c["start"]), "label": format_seconds(c["start"]), "title": c["title"]}
        for c in lesson.chapters
    ]


# --- the site search's hook -----------------------------------------------------------------


@dataclass(frozen=True)
class TranscriptHit:
    lesson: Lesson
    seconds: int
    snippet: str  # HTML: the cue's text escaped by PostgreSQL's headline, matches in <mark>
    rank: float

    @property
    def url(self) -> str:
        return self.lesson.url_at(self.seconds)

    @property
    def lesson_time(self) -> str:
        return format_seconds(self.seconds)


# ts_headline does not escape HTML: it marks matches with control characters, and Python escapes
# the text before turning those into <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"


def marked(headline: str) -> str:
    tags = {MARK_START: "<mark>", MARK_STOP: "</mark>"}
    parts = re.split(f"({MARK_START}|{MARK_STOP})", headline)
    return mark_safe("".join(tags.get(part) or escape(part) for part in parts))  # noqa: S308


def search_transcripts(query: str, limit: int = 5) -> list[TranscriptHit]:
    """Lessons whose narration matches `query` (web-search syntax: "quoted phrases", -not),
    best cue per lesson, best lessons first; published, playable lessons only."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    best = (
        TranscriptCue.objects.filter(
            search_vector=tsquery,
            lesson__is_published=True,
            lesson__status=Lesson.Status.READY,
        )
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            # A cue that says it all itself beats the cue before it (which matches only by
            # reaching into this one); computed for the matched rows only.
            own_rank=SearchRank(SearchVector("text", config="english"), tsquery),
        )
        .order_by("lesson_id", "-own_rank", "-rank", "position")
        .distinct("lesson_id")
        .values_list("pk", flat=True)
    )
    cues = (
        TranscriptCue.objects.filter(pk__in=best)
        .select_related("lesson")
        .annotate(
            rank=SearchRank(F("search_vector"), tsquery),
            snippet=SearchHeadline(
                "search_text",
                tsquery,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
            ),
        )
        .order_by("-rank", "lesson__order")[:limit]
    )
    return [
        TranscriptHit(lesson=c.lesson, seconds=int(c.start), snippet=marked(c.snippet), rank=c.rank)
        for c in cues
    ]
