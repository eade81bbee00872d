"""The site fails open: with Redis unreachable every page is still served (rendered fresh),
people can still sign in, post and vote, and /healthz says "degraded" with a 200.

The cache is pointed at a dead port through override_settings (Django's setting_changed signal
resets the cache handlers, so `django.core.cache.cache` follows). Nothing is mocked: the real
django-redis backend (taro.cache) fails to connect and its IGNORE_EXCEPTIONS turns that into misses.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from forum.models import Answer, Vote
from forum.viewcounts import flush_pending_views

pytestmark = pytest.mark.django_db

# The production backend and options (taro/settings.py), pointed at a port where nothing listens.
DEAD_CACHE = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}}

dead_cache = override_settings(CACHES=DEAD_CACHE)


def assert_cache_is_dead():
    from django.core.cache import cache

    cache.set("cache-failure-probe", "x")
    assert cache.get("cache-failure-probe") is None, "the override didn't reach the cache handler"


@pytest.fixture
def site(make_question, make_answer, make_user):
    call_command("sync_guides", verbosity=0)
    asker = make_user(display_name="Patient Asker")
    question = make_question(
        asker,
        title="How does promotion to SDE 2 work at Amazon?",
        body="I want to understand the promotion process and the document it needs.",
    )
    answer = make_answer(
        question, body="Write the promotion document with your manager and gather peer feedback."
    )
    return {"asker": asker, "question": question, "answer": answer}


def pages(site):
    return [
        "/",
        "/questions/",
        site["question"].get_absolute_url(),
        "/guides/",
        "/guides/promotion/",
        "/search/?q=promotion",
        "/sitemap.xml",
        "/accounts/login/",
        f"/users/{site['asker'].username}/",
    ]


@dead_cache
def test_anonymous_pages_are_served_with_the_cache_down(site):
    # Catches: any page that lets a cache error escape (a 500 when Redis is down), e.g. a backend
    # without IGNORE_EXCEPTIONS, or code that assumes a cached value comes back after set().
    assert_cache_is_dead()
    client = Client()
    for url in pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
    # Twice: the second read can't come from the cache either, and must still be a full page.
    response = client.get(site["question"].get_absolute_url())
    assert response.status_code == 200
    assert "gather peer feedback" in response.content.decode()


@dead_cache
def test_signed_in_pages_are_served_with_the_cache_down(site, make_user):
    # Catches: sessions kept only in the cache (a signed-in user would be logged out or get a 500),
    # and per-user fragments whose cache failures aren't ignored.
    assert_cache_is_dead()
    user = make_user()
    client = Client()
    client.force_login(user)
    for url in pages(site):
        response = client.get(url)
        if url == "/accounts/login/":
            # allauth sends a signed-in user on to LOGIN_REDIRECT_URL, as it does with the live
            # cache.
            assert (response.status_code, response["Location"]) == (302, "/"), url
        else:
            assert response.status_code == 200, url
    # The session survived the dead cache (cached_db falls back to PostgreSQL).
    assert client.get("/settings/profile/").status_code == 200


@dead_cache
def test_login_with_a_password_works_with_the_cache_down(site, make_user):
    # Catches: sign-in depending on the cache. allauth's rate limiter takes a lock with cache.add();
    # a fail-open backend answers False, so every login POST is refused with 429 while Redis is
    # down (the same POST answers 302 with the live cache). The session store must fall back too.
    assert_cache_is_dead()
    user = make_user()
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": user.username, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get("/settings/profile/").status_code == 200


@dead_cache
def test_signup_works_with_the_cache_down(site):
    # Catches: the same allauth rate-limit lock refusing every sign-up (429) while Redis is down.
    assert_cache_is_dead()
    password = "a long Passphrase 9x!"
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.com",
            "username": "newcomer",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="newcomer").exists()


@dead_cache
def test_posting_and_voting_work_with_the_cache_down_and_readers_see_them(site, make_user):
    # Catches: writes that fail (500) or are lost when Redis is down, and a stale page shown to the
    # next anonymous reader (nothing may be served from a cache that isn't there).
    assert_cache_is_dead()
    question, answer = site["question"], site["answer"]
    anonymous = Client()
    assert anonymous.get(question.get_absolute_url()).status_code == 200  # a read before the write

    user = make_user()
    client = Client()
    client.force_login(user)
    body = "Ask your manager for a promotion document review early; kestrelwing is my tip."
    response = client.post(f"/questions/{question.pk}/answer/", {"body": body})
    assert response.status_code == 302
    assert Answer.objects.filter(author=user, body_source=body).exists()

    assert client.post(f"/answers/{answer.pk}/vote/", {"action": "up"}).status_code == 302
    assert client.post(
        f"/questions/{question.pk}/vote/", {"action": "up"}, HTTP_ACCEPT="application/json"
    ).json() == {"score": 1, "voted": True}
    assert Vote.objects.filter(user=user, answer=answer).exists()
    assert Vote.objects.filter(user=user, question=question).exists()
    answer.refresh_from_db()
    assert answer.score == 1

    page = anonymous.get(question.get_absolute_url())
    assert page.status_code == 200
    assert "kestrelwing" in page.content.decode()


@dead_cache
def test_healthz_reports_a_dead_cache_as_degraded_with_200(site):
    # Catches: a dead cache reported as "ok" (the probe must read back what it wrote), or reported
    # with a 503 that would make a load balancer pull every instance during a Redis outage.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


def test_healthz_reports_the_live_cache_as_ok(site):
    # Catches: a health probe that always says "degraded" (the counterpart of the test above).
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@dead_cache
def test_live_preview_works_with_the_cache_down(make_user):
    # Its throttle counts in the cache: a dead cache must let previews through, not 500.
    assert_cache_is_dead()
    client = Client()
    client.force_login(make_user())
    for _ in range(3):
        response = client.post("/questions/preview/", {"body": "**bold**"})
        assert response.status_code == 200 and "<strong>bold</strong>" in response.json()["html"]


def test_views_are_not_counted_while_the_cache_is_down(site, make_user):
    # Once per visitor per hour needs the cache's memory; without it a reload is not told from a
    # first visit, so nothing is counted rather than every reload (taro.cache.add_or_false).
    from forum.models import Question

    question = site["question"]
    signed_in = Client()
    signed_in.force_login(make_user())
    with dead_cache:
        assert_cache_is_dead()
        for client in (signed_in, Client()):
            for _ in range(3):
                assert client.get(question.get_absolute_url()).status_code == 200
    flush_pending_views()
    assert Question.objects.get(pk=question.pk).view_count == 0
    signed_in.get(question.get_absolute_url())  # the cache is back: counted again
    flush_pending_views()
    assert Question.objects.get(pk=question.pk).view_count == 1
