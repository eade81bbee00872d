"""The media view: byte ranges (206, 416) so seeking works with no proxy, and never a byte of a
lesson that isn't published."""

import pytest

from videos.models import Lesson


@pytest.fixture
def lesson(make_lesson):
    return make_lesson()


def video_bytes(lesson, media_root):
    return (media_root / lesson.video.name).read_bytes()


def get(client, lesson, name="video.mp4", **headers):
    return client.get(f"/videos/{lesson.slug}/media/{name}", headers=headers)


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_whole_file_says_it_accepts_ranges(client, lesson, media_root):
    response = get(client, lesson)
    data = video_bytes(lesson, media_root)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes" and response["Content-Length"] == str(len(data))
    assert body(response) == data
    assert response["Cache-Control"] == "private, max-age=3600"


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None)],
)
@pytest.mark.django_db
def test_a_range_gets_206_with_content_range(client, lesson, media_root, header, first, last):
    data = video_bytes(lesson, media_root)
    size = len(data)
    response = get(client, lesson, Range=header)
    assert response.status_code == 206
    start = first if first >= 0 else size + first
    end = last if last is not None else size - 1
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == data[start : end + 1]


@pytest.mark.django_db
def test_a_range_past_the_end_is_trimmed(client, lesson, media_root):
    size = len(video_bytes(lesson, media_root))
    response = get(client, lesson, Range=f"bytes={size - 10}-{size + 5000}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert len(body(response)) == 10


@pytest.mark.parametrize(
    "header", ["bytes=999999999-", "bytes=50-10", "bytes=-0", "bytes=abc", "bytes=-"]
)
@pytest.mark.django_db
def test_an_unsatisfiable_or_malformed_range_gets_416(client, lesson, media_root, header):
    size = len(video_bytes(lesson, media_root))
    response = get(client, lesson, Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


@pytest.mark.django_db
def test_other_units_and_several_ranges_get_the_whole_file(client, lesson, media_root):
    data = video_bytes(lesson, media_root)
    for header in ("items=0-5", "bytes=0-5,10-20"):
        response = get(client, lesson, Range=header)
        assert response.status_code == 200 and body(response) == data


@pytest.mark.django_db
def test_poster_and_captions_are_served(client, lesson):
    poster = get(client, lesson, "poster.jpg")
    assert poster["Content-Type"] == "image/jpeg" and body(poster)[:2] == b"\xff\xd8"
    captions = get(client, lesson, "captions.vtt")
    assert captions["Content-Type"].startswith("text/vtt")
    assert body(captions).startswith(b"WEBVTT")
    assert get(client, lesson, "source.mov").status_code == 404
    assert get(client, lesson, "../../etc/passwd").status_code == 404


@pytest.mark.parametrize("name", ["video.mp4", "poster.jpg", "captions.vtt", "chapters.vtt"])
@pytest.mark.django_db
def test_media_of_an_unpublished_lesson_is_never_served(
    client, make_lesson, make_user, name, django_assert_max_num_queries
):
    lesson = make_lesson(publish=False)
    assert get(client, lesson, name).status_code == 404
    assert get(client, lesson, name, Range="bytes=0-10").status_code == 404
    client.force_login(make_user(staff=True))  # not even to staff: they use the admin
    assert get(client, lesson, name).status_code == 404
    # Unpublishing a lesson withdraws its media at once.
    Lesson.objects.filter(pk=lesson.pk).update(is_published=True)
    with django_assert_max_num_queries(3):
        assert get(client, lesson, name).status_code == 200
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    assert get(client, lesson, name).status_code == 404


@pytest.mark.django_db
def test_no_media_while_processing_or_failed(client, lesson):
    for status in ("processing", "failed"):
        Lesson.objects.filter(pk=lesson.pk).update(status=status)
        assert get(client, lesson).status_code == 404


@pytest.mark.django_db
def test_a_file_missing_from_the_storage_is_a_404_not_a_500(client, lesson, media_root):
    (media_root / lesson.video.name).unlink()
    assert get(client, lesson).status_code == 404


@pytest.mark.django_db
def test_behind_nginx_the_app_checks_and_nginx_sends(client, lesson, settings):
    settings.VIDEOS_MEDIA_DELIVERY = "accel"
    response = get(client, lesson, Range="bytes=0-10")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected_media/{lesson.video.name}"
    assert response["Content-Type"] == "video/mp4"
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    response = get(client, lesson)
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")


@pytest.mark.django_db
def test_with_an_object_store_the_app_redirects_to_its_url(client, lesson, settings):
    settings.VIDEOS_MEDIA_DELIVERY = "storage"
    response = get(client, lesson)
    assert response.status_code == 302
    assert response["Location"] == f"/media/{lesson.video.name}"
    assert response["Cache-Control"] == "private, no-store"
    Lesson.objects.filter(pk=lesson.pk).update(is_published=False)
    assert get(client, lesson).status_code == 404
