"""The media pipeline through its public surface: `manage.py add_lesson`, the admin upload and
the worker (`process_lessons`). Real ffmpeg and ffprobe on a tiny generated clip."""

import json
import re
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.videos.conftest import CAPTIONS, CHAPTERS, stored_files
from videos.models import Lesson, TranscriptCue


def ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def atoms(path):
    """Top-level MP4 boxes in file order."""
    data = open(path, "rb").read()
    names, offset = [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        names.append(data[offset + 4 : offset + 8].decode("latin-1"))
        if size < 8:
            break
        offset += size
    return names


def add(tmp_path, video, captions=CAPTIONS, *extra):
    vtt = tmp_path / "captions.vtt"
    vtt.write_bytes(captions)
    call_command("add_lesson", str(video), "--captions", str(vtt), "--title", "Ratings", *extra)


@pytest.mark.django_db
def test_add_lesson_transcodes_to_faststart_h264_aac_with_poster_and_facts(
    clip, tmp_path, media_root, topics
):
    chapters = tmp_path / "chapters.vtt"
    chapters.write_bytes(CHAPTERS)
    add(tmp_path, clip, CAPTIONS, "--chapters", str(chapters), "--publish", "--topic", "promotion")

    lesson = Lesson.objects.get()
    assert lesson.slug == "ratings" and lesson.is_published and lesson.status == "ready"
    video_path = media_root / lesson.video.name
    info = ffprobe(str(video_path))
    codecs = {s["codec_type"]: s["codec_name"] for s in info["streams"]}
    assert codecs == {"video": "h264", "audio": "aac"}
    assert atoms(video_path).index("moov") < atoms(video_path).index("mdat")  # fast start
    assert (media_root / lesson.poster.name).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert 1.9 < lesson.duration_seconds < 2.2
    assert (lesson.width, lesson.height) == (320, 240)
    assert lesson.size_bytes == video_path.stat().st_size
    assert lesson.chapters == [
        {"start": 0.0, "title": "Work log"},
        {"start": 1.0, "title": "Feedback"},
    ]
    assert [c.text for c in TranscriptCue.objects.order_by("position")] == [
        "Your work log is the spine of a promotion case.",
        "Feedback providers add the evidence.",
    ]
    assert list(lesson.topics.values_list("slug", flat=True)) == ["promotion"]


@pytest.mark.parametrize(
    ("name", "content", "captions", "message"),
    [
        ("notes.mp4", b"this is not a video at all\n" * 50, CAPTIONS, "not a video"),
        ("empty.mp4", b"", CAPTIONS, "empty (0 bytes)"),
        ("clip", None, b"1\n00:00.000 --> 00:01.000\nhi\n", "not WebVTT"),
        ("clip", None, b"WEBVTT\n\n00:00.000 --> 00:09.000\nToo long\n", "past the end"),
        ("clip", None, b"WEBVTT\n\n00:01.000 --> 00:00.500\nBackwards\n", "ends before"),
        ("clip", None, "WEBVTT\n\nno timing\n".encode(), "valid timing"),
    ],
    ids=["not-a-video", "zero-bytes", "no-header", "cue-past-end", "backwards-cue", "no-timing"],
)
@pytest.mark.django_db
def test_bad_input_is_refused_clearly_and_leaves_nothing_stored(
    clip, tmp_path, media_root, name, content, captions, message
):
    video = clip
    if content is not None:
        video = tmp_path / name
        video.write_bytes(content)
    with pytest.raises(CommandError, match=re.escape(message)):
        add(tmp_path, video, captions)
    assert not Lesson.objects.exists() and not TranscriptCue.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_a_still_image_is_not_a_video(tmp_path, media_root):
    image = tmp_path / "slide.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1"]
        + [str(image)],
        check=True,
    )
    with pytest.raises(CommandError, match="no video stream"):
        add(tmp_path, image)
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_over_the_size_limit_is_refused(clip, tmp_path, media_root, settings):
    settings.VIDEOS_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(CommandError, match=r"the limit is .*VIDEOS_MAX_UPLOAD_BYTES"):
        add(tmp_path, clip)
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_missing_file_and_unknown_topic_are_clear(clip, tmp_path):
    with pytest.raises(CommandError, match="No video at"):
        add(tmp_path, tmp_path / "nope.mp4")
    with pytest.raises(CommandError, match="Unknown topic"):
        add(tmp_path, clip, CAPTIONS, "--topic", "astrology")


@pytest.mark.django_db
def test_a_failure_while_saving_the_row_removes_the_stored_files(
    clip, tmp_path, media_root, make_lesson
):
    make_lesson(title="Ratings")
    before = stored_files(media_root)
    # Same slug: refused before anything is transcoded or stored.
    with pytest.raises(CommandError, match="already exists"):
        add(tmp_path, clip, CAPTIONS, "--slug", "ratings")
    assert stored_files(media_root) == before


def upload(name, content, content_type="video/mp4"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def admin_post(client, data, files):
    return client.post("/admin/videos/lesson/add/", {**data, **files})


ADMIN_FIELDS = {
    "title": "Focus and Pivot",
    "slug": "focus-and-pivot",
    "summary": "Your options.",
    "chapters": "[]",
    "related": '[{"title": "PIP guide", "url": "/guides/pip/"}]',
    "order": "0",
    "is_published": "on",
}


@pytest.mark.django_db
def test_admin_upload_is_transcoded_by_the_worker_not_the_request(
    client, make_user, clip, media_root, django_capture_on_commit_callbacks
):
    client.force_login(_superuser(make_user))
    response = admin_post(
        client,
        ADMIN_FIELDS,
        {
            "source": upload("talk.mp4", clip.read_bytes()),
            "captions": upload("c.vtt", CAPTIONS, "text/vtt"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get()
    assert lesson.status == "processing" and not lesson.video

    page = client.get("/videos/focus-and-pivot/")
    assert b"Processing." in page.content and b"<video" not in page.content
    assert client.get("/videos/focus-and-pivot/media/video.mp4").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the original goes after the commit
        call_command("process_lessons")
    lesson.refresh_from_db()
    assert lesson.status == "ready" and lesson.video and not lesson.source
    assert list(media_root.joinpath("videos/uploads").iterdir()) == []  # the original is gone
    page = client.get("/videos/focus-and-pivot/")
    assert b"<video" in page.content and b"Feedback providers add the evidence." in page.content


@pytest.mark.django_db
def test_worker_marks_a_bad_upload_failed_with_a_clear_error(client, make_user, media_root):
    client.force_login(_superuser(make_user))
    response = admin_post(
        client,
        ADMIN_FIELDS,
        {
            "source": upload("talk.mp4", b"not a video" * 100),
            "captions": upload("c.vtt", CAPTIONS, "text/vtt"),
        },
    )
    assert response.status_code == 302
    call_command("process_lessons")
    lesson = Lesson.objects.get()
    assert lesson.status == "failed" and "not a video" in lesson.error
    page = client.get("/videos/focus-and-pivot/")
    assert page.status_code == 200 and b"could not be processed" in page.content
    assert b"not a video ffmpeg can read" in page.content  # staff see why
    client.logout()
    page = client.get("/videos/focus-and-pivot/")
    assert b"could not be processed" in page.content and b"ffmpeg" not in page.content


@pytest.mark.django_db
def test_admin_refuses_bad_captions_and_empty_uploads_with_messages(client, make_user, clip):
    client.force_login(_superuser(make_user))
    response = admin_post(
        client,
        ADMIN_FIELDS,
        {
            "source": upload("talk.mp4", clip.read_bytes()),
            "captions": upload("c.vtt", b"<html>nope</html>", "text/vtt"),
        },
    )
    assert response.status_code == 200 and b"is not WebVTT" in response.content
    response = admin_post(
        client,
        {**ADMIN_FIELDS, "related": '[{"title": "x", "url": "javascript:alert(1)"}]'},
        {"source": upload("talk.mp4", clip.read_bytes()), "captions": upload("c.vtt", CAPTIONS)},
    )
    assert response.status_code == 200 and b"links within Taro" in response.content
    assert not Lesson.objects.exists()


def _superuser(make_user):
    user = make_user(staff=True)
    user.is_superuser = True
    user.save()
    return user
