"""Continue where you left off, and the watched mark: members only, CSRF, published lessons."""

import pytest
from django.test import Client

from videos.models import Lesson, Progress


def post(client, lesson, **data):
    return client.post(
        f"/videos/{lesson.slug}/progress/", data, headers={"X-Requested-With": "fetch"}
    )


@pytest.mark.django_db
def test_position_is_saved_and_offered_back(client, make_lesson, make_user):
    lesson, member = make_lesson(), make_user()
    client.force_login(member)
    assert post(client, lesson, seconds="1.4").status_code == 204
    progress = Progress.objects.get(user=member, lesson=lesson)
    assert progress.seconds == pytest.approx(1.4) and not progress.watched
    # Past the end: clamped to the video's length.
    post(client, lesson, seconds="99999")
    progress.refresh_from_db()
    assert progress.seconds == pytest.approx(lesson.duration_seconds)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert f'data-progress-url="/videos/{lesson.slug}/progress/"' in page


@pytest.mark.django_db
def test_continue_link_appears_after_a_few_seconds(client, make_lesson, make_user):
    lesson, member = make_lesson(), make_user()
    Lesson.objects.filter(pk=lesson.pk).update(duration_seconds=300)
    lesson.refresh_from_db()
    client.force_login(member)
    post(client, lesson, seconds="83")
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert 'href="?t=83#player" data-seek="83" data-resume-link>Continue where you left off' in page
    # Another member sees none of it.
    client.force_login(make_user())
    assert (
        "Continue where you left off" not in client.get(lesson.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_watched_mark_works_as_a_plain_form(client, make_lesson, make_user):
    lesson, member = make_lesson(), make_user()
    client.force_login(member)
    response = client.post(f"/videos/{lesson.slug}/progress/", {"watched": "1"})
    assert response.status_code == 302 and response["Location"] == lesson.get_absolute_url()
    assert Progress.objects.get(user=member).watched
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "Marked as watched." in page and '<span class="lesson-watched">Watched</span>' in page
    listing = client.get("/videos/").content.decode()
    assert '· <span class="lesson-watched">Watched</span>' in listing
    client.post(f"/videos/{lesson.slug}/progress/", {"watched": "0"})
    assert not Progress.objects.get(user=member).watched


@pytest.mark.django_db
def test_anonymous_readers_are_sent_to_log_in_and_nothing_is_stored(client, make_lesson):
    lesson = make_lesson()
    response = post(client, lesson, seconds="1")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Progress.objects.exists()
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "data-progress-url" not in page


@pytest.mark.django_db
def test_csrf_is_required(make_lesson, make_user):
    lesson = make_lesson()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    assert post(client, lesson, seconds="1").status_code == 403
    assert not Progress.objects.exists()


@pytest.mark.django_db
def test_bad_numbers_get_400(client, make_lesson, make_user):
    lesson = make_lesson()
    client.force_login(make_user())
    for data in ({"seconds": "abc"}, {"seconds": "nan"}, {"seconds": "inf"}, {}):
        response = post(client, lesson, **data)
        assert response.status_code == 400, data
    assert not Progress.objects.exists()


@pytest.mark.django_db
def test_unpublished_or_unknown_lessons_get_404(client, make_lesson, make_user):
    lesson = make_lesson(publish=False)
    client.force_login(make_user())
    assert post(client, lesson, seconds="1").status_code == 404
    assert client.post("/videos/nope/progress/", {"seconds": "1"}).status_code == 404
    assert client.get(f"/videos/{make_lesson('Other').slug}/progress/").status_code == 405
    assert not Progress.objects.exists()
