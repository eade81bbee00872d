"""Career video pages: thin views over videos.selectors and videos.services."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from taro.models import Topic
from videos import media, panels, permissions, ranges, selectors, services

MEDIA_KINDS = {
    "video.mp4": ("video", "video/mp4"),
    "poster.jpg": ("poster", "image/jpeg"),
    "captions.vtt": ("captions", "text/vtt; charset=utf-8"),
}
# The browser keeps media for an hour; a shared cache must not (an unpublished lesson is gone).
MEDIA_CACHE = "private, max-age=3600"


@require_safe
def lesson_list(request):
    topic_slug = request.GET.get("topic", "")
    topic = get_object_or_404(Topic, slug=topic_slug) if topic_slug else None
    lessons = selectors.playable_lessons(topic=topic)
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "query": query,
        # What was said, and where: each hit links to its moment (/videos/<slug>/#t=N).
        "hits": selectors.search_transcripts(query, limit=10) if query else None,
        "lessons": lessons,
        "topic": topic,
        "topics": selectors.topics_with_lessons(),
        "watched": selectors.watched_ids(request.user, lessons),
    }
    return render(request, "videos/list.html", context)


@require_safe
def lesson_detail(request, slug):
    lesson = selectors.get_viewable_lesson(slug)
    progress = selectors.progress_for(request.user, lesson) if lesson.is_ready else None
    context = {
        "lesson": lesson,
        "start": start_seconds(request, lesson),
        "chapters": selectors.chapter_list(lesson),
        "paragraphs": selectors.transcript(lesson) if lesson.is_ready else [],
        "progress": progress,
        "can_record": permissions.can_record_progress(request.user, lesson),
        # What other apps show about the lesson (the forum: the threads citing it).
        "panels": panels.load(lesson),
    }
    return render(request, "videos/detail.html", context)


def start_seconds(request, lesson) -> int:
    """?t=SECONDS (what the chapter and transcript links carry without JavaScript): the page's
    <video> then starts there through a media fragment on its source."""
    try:
        seconds = int(float(request.GET.get("t", "0")))
    except ValueError:
        return 0
    return max(0, min(seconds, int(lesson.duration_seconds or 0)))


@require_safe
def lesson_media(request, slug, filename):
    lesson = selectors.get_playable_lesson(slug)
    response: HttpResponseBase
    if filename == "chapters.vtt":
        response = HttpResponse(chapters_vtt(lesson), content_type="text/vtt; charset=utf-8")
    elif filename in MEDIA_KINDS:
        field, content_type = MEDIA_KINDS[filename]
        name = getattr(lesson, field).name
        if not name:
            raise Http404("No such file.")
        response = hand_off(name, content_type) or ranges.ranged_file_response(
            request, name, content_type
        )
    else:
        raise Http404("No such file.")
    if response.status_code != 302:  # a signed URL expires sooner: the redirect is not kept
        response["Cache-Control"] = MEDIA_CACHE
    return response


def hand_off(name: str, content_type: str) -> HttpResponse | None:
    """In production the app checks the lesson and something faster sends the bytes (ranges
    included): nginx (VIDEOS_MEDIA_DELIVERY=accel: an internal X-Accel-Redirect to
    VIDEOS_MEDIA_ACCEL_PREFIX + the file's name), or the object store itself (=storage: a
    redirect to the storage's URL, a short-lived signed one with S3). None: the app sends them."""
    delivery = settings.VIDEOS_MEDIA_DELIVERY
    if delivery == "accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.VIDEOS_MEDIA_ACCEL_PREFIX + quote(name)
        return response
    if delivery == "storage":
        return HttpResponseRedirect(default_storage.url(name))
    return None


def chapters_vtt(lesson) -> str:
    starts = [c["start"] for c in lesson.chapters] + [lesson.duration_seconds or 0]
    cues = [
        media.Cue(start=c["start"], end=max(starts[i + 1], c["start"] + 0.001), text=c["title"])
        for i, c in enumerate(lesson.chapters)
    ]
    return media.build_webvtt(cues) if cues else "WEBVTT\n"


@require_POST
@login_required
def record_progress(request, slug):
    """The player's script posts the position (at most every 15 s); the watched button posts
    watched=1/0 as a plain form, so marking works without JavaScript too."""
    lesson = selectors.get_playable_lesson(slug)
    watched = {"1": True, "0": False}.get(request.POST.get("watched", ""))
    try:
        seconds = float(request.POST.get("seconds", "0") or 0)
    except ValueError:
        return HttpResponseBadRequest("seconds must be a number of seconds.")
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return HttpResponseBadRequest("seconds must be a number of seconds.")
    if watched is None and "seconds" not in request.POST:
        return HttpResponseBadRequest("Send seconds, watched or both.")
    if watched is not None and "seconds" not in request.POST:
        current = selectors.progress_for(request.user, lesson)
        seconds = current.seconds if current else 0
    services.record_progress(user=request.user, lesson=lesson, seconds=seconds, watched=watched)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    if watched is not None:
        messages.success(request, "Marked as watched." if watched else "Watched mark removed.")
    return redirect(lesson.get_absolute_url())
