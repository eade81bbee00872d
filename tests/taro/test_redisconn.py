"""Redis connections that give up quickly (taro/redisconn.py): a silent Redis costs one short
timeout, then nothing for a moment; a connection Redis closed is simply opened again."""

import time

import pytest
from django.core.cache import cache
from django_redis import get_redis_connection

from taro import redisconn
from tests.redis_server import private_cache

pytestmark = pytest.mark.django_db


def timed(action):
    started = time.monotonic()
    result = action()
    return result, time.monotonic() - started


def test_a_silent_redis_costs_one_short_timeout_then_nothing_for_a_moment(monkeypatch):
    # Catches: a client that waits as long as Redis is paused, that retries a timed-out command
    # (redis-py's default: several timeouts a command), or that meets the timeout at every
    # cache access of a request.
    monkeypatch.setattr(redisconn, "COOL_DOWN_SECONDS", 0.5)
    with private_cache() as server:
        cache.set("probe", "there")
        server.client().execute_command("CLIENT", "PAUSE", 3000, "ALL")
        found, took = timed(lambda: cache.get("probe"))
        assert found is None and redisconn.TIMEOUT_SECONDS <= took < 0.6
        assert redisconn.is_open()
        found, took = timed(lambda: cache.get("probe"))
        assert found is None and took < 0.05  # refused without touching the network
        time.sleep(0.5)
        assert not redisconn.is_open()
        found, took = timed(lambda: cache.get("probe"))  # tried again: still paused
        assert found is None and took >= redisconn.TIMEOUT_SECONDS
        server.client(timeout=5).execute_command("CLIENT", "UNPAUSE")
        time.sleep(0.5)
        assert cache.get("probe") == "there"


def test_a_connection_redis_closed_is_opened_again_and_is_no_fault():
    # Catches: a killed connection (CLIENT KILL, a Redis restart) read as Redis being down: the
    # breaker would send every request of the next second to PostgreSQL for nothing.
    cache.set("probe", "there")
    client = get_redis_connection("default")
    own = client.client_id()
    client.client_kill_filter(_id=own, skipme=False)  # only this test's own connection
    assert cache.get("probe") == "there"
    assert not redisconn.is_open()
    assert client.client_id() != own


def test_a_refused_connection_opens_the_breaker():
    with private_cache() as server:
        server.stop()
        found, took = timed(lambda: cache.get("probe"))
        assert found is None and took < redisconn.TIMEOUT_SECONDS + 0.1
        assert redisconn.is_open()
