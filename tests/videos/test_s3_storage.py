"""Lessons on an S3-compatible object store (MEDIA_STORAGE=s3 in production, docs/videos.md):
the real django-storages backend and boto3 against a real HTTP server speaking the S3 API (moto's
server, started here on a free port), configured through the same AWS_* settings as
taro/settings.py sets from the environment. The pipeline stores its files there, the worker
reads an admin upload from there, and the media view serves byte ranges from there."""

import socket
import urllib.request
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from tests.videos.conftest import CAPTIONS
from videos.models import Lesson

pytestmark = pytest.mark.django_db

REGION = "us-east-1"
KEYS = {"aws_access_key_id": "taro-test", "aws_secret_access_key": "taro-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, media_root):
    """A fresh bucket, and Django's default storage pointed at it as production configures it."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)
    name = f"taro-media-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = REGION
    settings.AWS_ACCESS_KEY_ID = KEYS["aws_access_key_id"]
    settings.AWS_SECRET_ACCESS_KEY = KEYS["aws_secret_access_key"]
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_EXPIRE = 300
    yield Bucket(client, name)
    assert not media_root.exists()  # nothing went to the file system


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def test_add_lesson_stores_the_mp4_poster_and_captions_in_the_bucket(
    bucket, clip, tmp_path, client
):
    vtt = tmp_path / "captions.vtt"
    vtt.write_bytes(CAPTIONS)
    call_command("add_lesson", str(clip), "--captions", str(vtt), "--title", "Ratings", "--publish")
    lesson = Lesson.objects.get()
    assert lesson.status == "ready"
    assert bucket.keys() == sorted([lesson.video.name, lesson.poster.name, lesson.captions.name])
    assert lesson.video.name.startswith("videos/ratings/") and lesson.video.name.endswith(".mp4")
    assert lesson.poster.name.endswith(".jpg")
    assert lesson.captions.name == "videos/ratings/captions.vtt"
    video = bucket.read(lesson.video.name)
    assert video[4:8] == b"ftyp" and video.find(b"moov") < video.find(b"mdat")  # faststart
    assert bucket.read(lesson.poster.name)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert bucket.read(lesson.captions.name).startswith(b"WEBVTT")

    # The app streams a byte range read from the bucket (what <video> asks for when seeking).
    response = client.get("/videos/ratings/media/video.mp4", HTTP_RANGE="bytes=100-1123")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-1123/{len(video)}"
    assert response["Content-Length"] == "1024"
    assert b"".join(response.streaming_content) == video[100:1124]
    tail = client.get("/videos/ratings/media/video.mp4", HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == video[-10:]
    captions = client.get("/videos/ratings/media/captions.vtt")
    assert captions.status_code == 200
    assert b"".join(captions.streaming_content) == bucket.read(lesson.captions.name)


def test_storage_delivery_redirects_to_a_signed_url_that_answers_ranges(
    bucket, make_lesson, client, settings
):
    lesson = make_lesson("Build a promotion case")
    settings.VIDEOS_MEDIA_DELIVERY = "storage"
    response = client.get(f"/videos/{lesson.slug}/media/video.mp4")
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(f"{settings.AWS_S3_ENDPOINT_URL}/{bucket.name}/{lesson.video.name}?")
    assert "Signature" in signed  # private objects: only a signed URL reads them
    assert response["Cache-Control"] == "private, no-store"  # the signed URL expires

    request = urllib.request.Request(signed, headers={"Range": "bytes=0-15"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - our test server
        assert answer.status == 206
        assert answer.read() == bucket.read(lesson.video.name)[:16]

    lesson.is_published = False
    lesson.save()
    assert client.get(f"/videos/{lesson.slug}/media/video.mp4").status_code == 404


def test_the_worker_transcodes_an_admin_upload_held_in_the_bucket(
    bucket, clip, client, make_user, django_capture_on_commit_callbacks
):
    admin = make_user(staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    fields = {"title": "Focus and Pivot", "slug": "focus-and-pivot", "summary": "Your options."}
    response = client.post(
        "/admin/videos/lesson/add/",
        {
            **fields,
            "chapters": "[]",
            "related": "[]",
            "order": "0",
            "is_published": "on",
            "source": SimpleUploadedFile("talk.mp4", clip.read_bytes(), "video/mp4"),
            "captions": SimpleUploadedFile("c.vtt", CAPTIONS, "text/vtt"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The web server put the original in the bucket: any worker on any machine can take it.
    assert "videos/uploads/focus-and-pivot.mp4" in bucket.keys()

    with django_capture_on_commit_callbacks(execute=True):  # the original goes after the commit
        call_command("process_lessons")
    lesson = Lesson.objects.get()
    assert lesson.status == "ready", lesson.error
    assert bucket.keys() == sorted([lesson.video.name, lesson.poster.name, lesson.captions.name])
    response = client.get("/videos/focus-and-pivot/media/video.mp4", HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == bucket.read(lesson.video.name)[:8]
