"""Cache reads that ride along with a request's first read of the versions (taro.versions.want):
one round trip for the versions, the account menu, a thread's question and view marker."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from taro import versions

pytestmark = pytest.mark.django_db


def request():
    made = RequestFactory().get("/")
    made.user = type("Anonymous", (), {"is_authenticated": False})()
    return made


def test_wanted_keys_and_marker_come_with_the_versions():
    cache.set("companion:a", {"html": "<p>a</p>"})
    first = request()
    versions.want(first, "companion:a", "companion:missing", add=("companion:marker", 60))
    versions.current(request=first)
    cache.set("companion:a", "changed after the trip")
    assert versions.fetched(first, "companion:a") == {"html": "<p>a</p>"}
    assert versions.fetched(first, "companion:missing") is None
    assert versions.added(first) is True

    second = request()
    versions.want(second, add=("companion:marker", 60))
    versions.current(request=second)
    assert versions.added(second) is False


def test_keys_wanted_after_the_versions_were_read_are_read_directly():
    late = request()
    versions.current(request=late)
    cache.set("companion:late", 7)
    versions.want(late, "companion:late", add=("companion:late-marker", 60))
    assert versions.fetched(late, "companion:late") == 7
    assert versions.added(late) is None  # not tried: the caller sets its marker itself


def test_versions_stay_right_when_the_mirror_is_gone():
    versions.current()  # mirrors every version
    cache.clear()
    fresh = request()
    versions.want(fresh, "companion:a")
    with CaptureQueriesContext(connection) as queries:
        numbers = versions.current(request=fresh)
    assert len(queries) == 1  # read from PostgreSQL, and mirrored again
    assert set(numbers) == set(versions.SITE)
    assert versions.fetched(fresh, "companion:a") is None
