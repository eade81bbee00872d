"""Redis connections that give up quickly (settings.CACHES: CONNECTION_POOL_KWARGS).

A Redis that stops answering without closing its connections (CLIENT PAUSE, which Redis itself
does during a failover; DEBUG SLEEP; a stopped server; a network that drops packets) would hold
every cache access of a request for the socket timeout: a page reads the cache several times,
so a request waited seconds. Here the first access that times out (or can't connect) opens a
breaker: for COOL_DOWN_SECONDS every access in this process fails at once, without touching the
network, and the callers' fail-open paths take over (versions from PostgreSQL, pages rendered,
taro/versions.py, taro/pagecache.py). So a request waits for one timeout at most, and a worker
tries Redis again once per cool-down, with one request.

A connection Redis closed (CLIENT KILL, a restart) is not a hang: the command is sent once more
on a new connection (the pool's retry), and only a failure to connect opens the breaker.

The cache is also refused while the cache's namespace is unknown (taro/generation.py): an entry
read or written under no namespace could belong to any database.
"""

import time
from typing import Any

from redis.backoff import NoBackoff
from redis.connection import AbstractConnection, Connection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError, TimeoutError  # noqa: A004 - redis-py's names
from redis.retry import Retry

COOL_DOWN_SECONDS = 1.0
# Connect and read: a healthy Redis answers in well under a millisecond; a page is at most a
# few hundred KB.
TIMEOUT_SECONDS = 0.25

_open_until = 0.0


def is_open() -> bool:
    """Whether accesses are refused right now (Redis just failed to answer)."""
    return time.monotonic() < _open_until


def trip() -> None:
    global _open_until
    _open_until = time.monotonic() + COOL_DOWN_SECONDS


def reset() -> None:
    """Close the breaker (tests that point the cache elsewhere)."""
    global _open_until
    _open_until = 0.0


def _refuse_if_open() -> None:
    from taro import generation

    if is_open():
        raise ConnectionError("Redis did not answer a moment ago: skipped for now")
    if generation.known() is None:
        raise ConnectionError("the cache's namespace is unknown (PostgreSQL unreachable)")


# A mixin over redis-py's AbstractConnection (so the MROs below stay Guarded -> the concrete
# connection -> AbstractConnection, and mypy sees the methods super() reaches).
class _Guarded(AbstractConnection):
    def connect_check_health(self, *args: Any, **kwargs: Any) -> None:
        if self._sock:
            return
        _refuse_if_open()
        try:
            super().connect_check_health(*args, **kwargs)
        except (ConnectionError, TimeoutError):
            trip()
            raise

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        _refuse_if_open()
        try:
            # redis-py leaves these two methods unannotated.
            super().send_packed_command(command, check_health=check_health)  # type: ignore[no-untyped-call]
        except TimeoutError:
            trip()
            raise

    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)  # type: ignore[no-untyped-call]
        except TimeoutError:
            trip()
            raise


class GuardedConnection(_Guarded, Connection):
    pass


class GuardedUnixConnection(_Guarded, UnixDomainSocketConnection):
    pass


def pool_kwargs(url: str) -> dict[str, object]:
    """CONNECTION_POOL_KWARGS for the cache at `url`."""
    unix = url.startswith("unix:")
    return {
        "connection_class": GuardedUnixConnection if unix else GuardedConnection,
        # A closed connection: once more on a new one. A timeout: never (the breaker is open).
        "retry": Retry(NoBackoff(), 1, supported_errors=(ConnectionError,)),
    }
