"""Writes for career videos: adding a lesson from a file, the worker's transcoding, progress.

Every path that stores media goes through `store_media()`: ffmpeg's work is done in a temporary
directory first, and the files reach the storage only once everything checked out; if saving
the row then fails, the stored files are deleted again, so nothing is left half-stored.
"""

import secrets
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from taro import versions
from taro.models import Topic
from videos import media
from videos.media import Cue, MediaError
from videos.models import Lesson, Progress, TranscriptCue


@dataclass(frozen=True)
class Processed:
    """What the pipeline made of an upload, still in a temporary directory."""

    video: Path
    poster: Path
    probe: media.Probe
    size_bytes: int
    captions: list[Cue]
    chapters: list[Cue]


def check_upload_size(size: int) -> None:
    if size == 0:
        raise MediaError("The video file is empty (0 bytes).")
    limit = settings.VIDEOS_MAX_UPLOAD_BYTES
    if size > limit:
        raise MediaError(
            f"The video is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB "
            "(VIDEOS_MAX_UPLOAD_BYTES)."
        )


def process(source: Path, workdir: Path, captions: bytes, chapters: bytes | None) -> Processed:
    """Check and transcode: MediaError names the first thing wrong, before anything is stored."""
    check_upload_size(source.stat().st_size)
    caption_cues = media.parse_webvtt(captions)
    chapter_cues = media.parse_webvtt(chapters, what="chapters file") if chapters else []
    media.probe(source)  # "not a video" before a long transcode
    video, poster = workdir / "video.mp4", workdir / "poster.jpg"
    media.transcode(source, video)
    result = media.probe(video)
    media.check_cues_fit(caption_cues, result.duration)
    media.check_cues_fit(chapter_cues, result.duration, what="chapters file")
    media.extract_poster(video, poster, result.duration)
    return Processed(
        video=video,
        poster=poster,
        probe=result,
        size_bytes=video.stat().st_size,
        captions=caption_cues,
        chapters=chapter_cues,
    )


@contextmanager
def stored_or_removed() -> Iterator[list[str]]:
    """Collects names saved to the storage; deletes them all if the block fails."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise


def save_file(saved: list[str], name: str, content: "File[bytes]") -> str:
    stored = default_storage.save(name, content)
    saved.append(stored)
    return stored


def store_media(lesson: Lesson, result: Processed, saved: list[str]) -> None:
    """Put the transcoded files in the storage (a fresh name each time: caches never mix an
    old video with new captions) and fill the lesson's fields; the caller saves it."""
    prefix = f"videos/{lesson.slug}/{secrets.token_hex(4)}"
    with result.video.open("rb") as video, result.poster.open("rb") as poster:
        lesson.video.name = save_file(saved, f"{prefix}.mp4", File(video))
        lesson.poster.name = save_file(saved, f"{prefix}.jpg", File(poster))
    lesson.duration_seconds = result.probe.duration
    lesson.width, lesson.height = result.probe.width, result.probe.height
    lesson.size_bytes = result.size_bytes
    lesson.chapters = [{"start": round(c.start, 3), "title": c.text} for c in result.chapters]
    lesson.status, lesson.error = Lesson.Status.READY, ""


def replace_cues(lesson: Lesson, cues: list[Cue]) -> None:
    TranscriptCue.objects.filter(lesson=lesson).delete()
    following = [cue.text for cue in cues[1:]] + [""]
    TranscriptCue.objects.bulk_create(
        TranscriptCue(
            lesson=lesson,
            position=index,
            start=cue.start,
            end=cue.end,
            text=cue.text,
            search_text=f"{cue.text} {after}".strip(),
            lesson_title=lesson.title,
        )
        for index, (cue, after) in enumerate(zip(cues, following, strict=True))
    )


def unique_slug(title: str) -> str:
    base = slugify(title)[:90] or "lesson"
    slug, number = base, 2
    while Lesson.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def add_lesson(
    *,
    video_path: Path,
    captions: bytes,
    title: str,
    chapters: bytes | None = None,
    summary: str = "",
    topics: Iterable[Topic] = (),
    slug: str | None = None,
    publish: bool = False,
    related: list[dict[str, Any]] | None = None,
    last_reviewed: date | None = None,
    order: int = 0,
) -> Lesson:
    """`manage.py add_lesson` and the demo loader: transcode here and now, then store."""
    title = title.strip()
    if not title:
        raise MediaError("A lesson needs a title.")
    if slug and Lesson.objects.filter(slug=slug).exists():
        raise MediaError(f"A lesson with the slug {slug!r} already exists.")
    with tempfile.TemporaryDirectory(prefix="taro-lesson-") as workdir:
        result = process(Path(video_path), Path(workdir), captions, chapters)
        lesson = Lesson(
            slug=slug or unique_slug(title),
            title=title[:200],
            summary=summary[:400],
            related=related or [],
            last_reviewed=last_reviewed,
            is_published=publish,
            order=order,
        )
        with stored_or_removed() as saved, transaction.atomic():
            versions.bump(versions.GUIDES)  # hub and topic pages list lessons
            lesson.captions.name = save_file(
                saved, f"videos/{lesson.slug}/captions.vtt", ContentFile(captions)
            )
            store_media(lesson, result, saved)
            lesson.save()
            lesson.topics.set(topics)
            replace_cues(lesson, result.captions)
    return lesson


# --- the worker ---------------------------------------------------------------------------


def process_next_upload() -> Lesson | None:
    """Transcode one uploaded lesson waiting in "processing" (the oldest), or return None.

    The row stays locked (SKIP LOCKED) while ffmpeg runs, so several workers never take the same
    upload; a failure marks the lesson failed with the reason, for the admin to show.
    """
    with transaction.atomic():
        lesson = (
            Lesson.objects.select_for_update(skip_locked=True)
            .filter(status=Lesson.Status.PROCESSING)
            .exclude(source="")
            .order_by("updated_at")
            .first()
        )
        if lesson is None:
            return None
        try:
            transcode_upload(lesson)
        except MediaError as error:
            lesson.status, lesson.error = Lesson.Status.FAILED, str(error)
            lesson.save(update_fields=["status", "error", "updated_at"])
    return lesson


def transcode_upload(lesson: Lesson) -> None:
    with tempfile.TemporaryDirectory(prefix="taro-lesson-") as workdir:
        source = Path(workdir) / "source"
        with lesson.source.open("rb") as upload, source.open("wb") as local:
            for chunk in upload.chunks():
                local.write(chunk)
        with lesson.captions.open("rb") as captions_file:
            captions = captions_file.read()
        result = process(source, Path(workdir), captions, chapters=None)
        chapters = lesson.chapters  # entered in the admin; kept unless they overrun the video
        media.check_cues_fit(
            [Cue(c["start"], c["start"] + 0.001, c["title"]) for c in chapters],
            result.probe.duration,
            what="chapters list",
        )
        old_files = [lesson.video.name, lesson.poster.name, lesson.source.name]
        with stored_or_removed() as saved:
            versions.bump(versions.GUIDES)
            store_media(lesson, result, saved)
            lesson.chapters = chapters
            lesson.source.name = ""
            lesson.save()
            replace_cues(lesson, result.captions)
        # After the commit: a rollback must find the old files still there.
        transaction.on_commit(lambda: delete_files(old_files))


def delete_files(names: list[str | None]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def mark_for_processing(lesson: Lesson) -> None:
    """The admin saved a new upload or new captions: the worker takes it from here."""
    lesson.status, lesson.error = Lesson.Status.PROCESSING, ""


def lesson_changed(lesson: Lesson) -> None:
    """A lesson's metadata or publication changed: cached pages that list lessons go stale, and
    the search's copy of the title follows."""
    with transaction.atomic():
        versions.bump(versions.GUIDES)
        TranscriptCue.objects.filter(lesson=lesson).update(lesson_title=lesson.title)


# --- members' progress ----------------------------------------------------------------------


def record_progress(
    *, user: User, lesson: Lesson, seconds: float, watched: bool | None = None
) -> Progress:
    """Where a member is in a lesson; `watched` sets or clears the mark (None leaves it).
    A position past the end is clamped: the browser's number is only a hint."""
    if not lesson.is_published or not lesson.is_ready:
        raise MediaError("This lesson is not available.")
    seconds = max(0.0, min(float(seconds), lesson.duration_seconds or 0.0))
    defaults = {"seconds": seconds}
    if watched is not None:
        defaults["watched"] = watched
    progress, _ = Progress.objects.update_or_create(user=user, lesson=lesson, defaults=defaults)
    return progress


def refresh_transcript(lesson: Lesson) -> None:
    """New captions for a video already transcoded (checked against it by the admin form)."""
    with lesson.captions.open("rb") as captions_file:
        cues = media.parse_webvtt(captions_file.read())
    media.check_cues_fit(cues, lesson.duration_seconds or 0)
    replace_cues(lesson, cues)
