"""Career videos: self-hosted lessons with captions, chapters and a searchable transcript.

A lesson's files live in Django's default storage (`STORAGES["default"]`: the file system, or an
S3-compatible store in production). The uploaded original is transcoded by the worker
(`process_lessons`) or by `add_lesson` itself; until then the lesson is "processing".
"""

from typing import Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from taro.models import Topic


def lesson_upload_path(lesson, filename: str) -> str:
    # One folder per lesson, the original name dropped: storage paths never carry user text.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"videos/uploads/{lesson.slug}.{suffix}"


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def playable(self) -> Self:
        """Published and transcoded: what lists, search and the media view may show."""
        return self.published().filter(status=Lesson.Status.READY)

    def for_cards(self) -> Self:
        return self.defer("chapters", "related", "error").prefetch_related("topics")


class Lesson(models.Model):
    class Status(models.TextChoices):
        PROCESSING = "processing", "Processing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="lessons")
    # The upload as received; the worker transcodes it into `video`, then deletes it.
    source = models.FileField(upload_to=lesson_upload_path, blank=True, max_length=300)
    video = models.FileField(blank=True, max_length=300, editable=False)
    poster = models.FileField(blank=True, max_length=300, editable=False)
    captions = models.FileField(
        upload_to="videos/captions/", max_length=300, help_text="WebVTT captions (a .vtt file)."
    )
    chapters = models.JSONField(
        default=list,
        blank=True,
        help_text='[{"start": seconds, "title": "…"}], in order; from a WebVTT chapters file.',
    )
    related = models.JSONField(
        default=list,
        blank=True,
        help_text='Related guide sections and questions: [{"title": "…", "url": "/guides/…"}].',
    )
    last_reviewed = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROCESSING)
    error = models.TextField(blank=True, help_text="Why processing failed, for staff.")
    duration_seconds = models.FloatField(null=True, blank=True, editable=False)
    size_bytes = models.BigIntegerField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        indexes = [models.Index(fields=["status", "is_published"], name="lesson_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("videos:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if not valid_chapters(self.chapters):
            errors["chapters"] = 'A list of {"start": seconds, "title": "…"}, in time order.'
        if not valid_related(self.related):
            errors["related"] = (
                'A list of {"title": "…", "url": "/guides/…"}: links within Taro (starting with /).'
            )
        if errors:
            raise ValidationError(errors)

    def url_at(self, seconds: float) -> str:
        """The lesson page at a moment: its script seeks there (a media-fragment style #t=)."""
        return f"{self.get_absolute_url()}#t={int(seconds)}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def duration_label(self) -> str:
        return format_seconds(self.duration_seconds or 0)


def valid_chapters(chapters) -> bool:
    if not isinstance(chapters, list):
        return False
    starts = []
    for chapter in chapters:
        if not isinstance(chapter, dict) or set(chapter) != {"start", "title"}:
            return False
        start, title = chapter["start"], chapter["title"]
        if not isinstance(start, int | float) or start < 0 or not isinstance(title, str):
            return False
        if not title.strip() or len(title) > 200:
            return False
        starts.append(start)
    return starts == sorted(starts)


def valid_related(related) -> bool:
    """Site-relative links only: no javascript:, no other sites (//host)."""
    if not isinstance(related, list):
        return False
    return all(
        isinstance(item, dict)
        and set(item) == {"title", "url"}
        and isinstance(item["title"], str)
        and 0 < len(item["title"]) <= 200
        and isinstance(item["url"], str)
        and item["url"].startswith("/")
        and not item["url"].startswith("//")
        and "\\" not in item["url"]
        and len(item["url"]) <= 300
        for item in related
    )


def format_seconds(seconds: float) -> str:
    """83.4 → "1:23"; 3725 → "1:02:05"."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TranscriptCue(models.Model):
    """One caption cue, kept from the lesson's WebVTT for the transcript and the site search."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="cues")
    position = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()
    # This cue and the next one: a phrase spoken across a cue boundary still matches (the hit
    # links to where the phrase starts). Generated columns can read only their own row.
    search_text = models.TextField()
    lesson_title = models.CharField(max_length=200)
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", weight="B", config="english")
        + SearchVector("lesson_title", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["lesson", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "position"], name="transcript_cue_position")
        ]
        indexes = [GinIndex(fields=["search_vector"], name="transcript_cue_search")]

    def __str__(self):
        return f"{self.lesson_title} @ {format_seconds(self.start)}"


class Progress(models.Model):
    """Where a member left a lesson, and whether they watched it (private to them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    seconds = models.FloatField(default=0)
    watched = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_unique")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id} @ {self.seconds:.0f}s"
