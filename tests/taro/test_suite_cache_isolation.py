"""Two suites on one Redis database keep to their own keys: each key carries the test database's
name, and clearing between tests leaves another suite's keys alone (no FLUSHDB)."""

from django.conf import settings
from django.core.cache import cache
from django_redis import get_redis_connection

from tests.conftest import clear_suite_cache


def test_keys_carry_the_test_database_name():
    assert settings.CACHES["default"]["KEY_PREFIX"] == "test_" + settings.DATABASES["default"][
        "NAME"
    ].removeprefix("test_")
    assert cache.make_key("page").startswith(settings.CACHES["default"]["KEY_PREFIX"] + ":")


def test_clearing_between_tests_spares_another_suites_keys():
    client = get_redis_connection("default")
    foreign = "test_another_suite:1:page"
    client.set(foreign, "theirs", ex=60)
    cache.set("page", "ours")
    try:
        clear_suite_cache()
        assert cache.get("page") is None
        assert client.get(foreign) == b"theirs"
    finally:
        client.delete(foreign)
