"""Shared pytest fixtures. Factories create real rows in PostgreSQL: no mocks of the database."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from forum import services
from taro.models import Company, Position, Topic

_counter = itertools.count(1)


def clear_suite_cache() -> None:
    """This suite's keys only (settings_test's KEY_PREFIX): cache.clear() is Redis's FLUSHDB,
    which would empty the cache under another suite running on the same Redis database."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not prefix or not hasattr(cache, "delete_pattern"):
        cache.clear()
        return
    # By the raw pattern, on a plain connection of its own: making a key reads the cache's
    # namespace from PostgreSQL (taro/generation.py), which a fixture that runs before the
    # database's may not do, and the site's connections refuse Redis until it is known.
    import redis

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _clear_cache():
    from taro import generation, nearcache, redisconn

    redisconn.reset()  # a test that made Redis fail leaves no closed door to the next
    clear_suite_cache()
    yield
    redisconn.reset()
    clear_suite_cache()
    generation.forget()  # the test's rows are rolled back: the namespace is read again
    nearcache.forget()  # and the version numbers will repeat with other rows behind them


@pytest.fixture
def amazon(db):
    return Company.objects.get(slug="amazon")


@pytest.fixture
def position(db):
    def get(level: str = "SDE 1") -> Position:
        return Position.objects.get(company__slug="amazon", level=level)

    return get


@pytest.fixture
def make_user(db, position):
    """make_user(username=..., level="SDE 2", verified=True, amazon_email=False, staff=False)."""

    def make(
        username=None,
        *,
        level="SDE 1",
        verified=True,
        amazon_email=False,
        staff=False,
        display_name="",
    ):
        username = username or f"user{next(_counter)}"
        domain = "amazon.com" if amazon_email else "example.com"
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@{domain}",
            password="correct horse battery",
            is_staff=staff,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        profile = user.profile
        profile.position = position(level) if level else None
        profile.display_name = display_name or username.title()
        profile.save()
        if amazon_email and verified:
            from taro.services import refresh_verified_company

            refresh_verified_company(user=user)
            profile.refresh_from_db()
        return user

    return make


@pytest.fixture
def topics(db):
    return {t.slug: t for t in Topic.objects.all()}


@pytest.fixture
def make_question(db, amazon, make_user, topics):
    def make(author=None, *, title=None, body=None, topic_slugs=("promotion",), anonymous=False):
        author = author or make_user()
        number = next(_counter)
        title = title or f"How does question number {number} work at Amazon?"
        # Distinct by default: the same text twice in a minute is refused as a double submit.
        body = body or f"A question body long enough to pass validation rules (number {number})."
        return services.ask_question(
            author=author,
            company=amazon,
            title=title,
            body_source=body,
            topics=[topics[s] for s in topic_slugs],
            is_anonymous=anonymous,
        )

    return make


@pytest.fixture
def make_answer(db, make_user):
    def make(question, author=None, *, body=None, anonymous=False):
        author = author or make_user()
        body = (
            body
            or "An answer that is long enough to be accepted by the form "
            f"(number {next(_counter)})."
        )
        return services.post_answer(
            author=author, question=question, body_source=body, is_anonymous=anonymous
        )

    return make


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
