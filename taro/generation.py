"""The cache's namespace: which database, and which stretch of its history, the entries in Redis
were made from. Part of every cache key (settings.CACHES' KEY_FUNCTION), so Redis never answers
for a database it didn't see.

Why: the versions pages are keyed on (taro/versions.py) are counters in PostgreSQL rows, and two
things can make a counter show a number again with other data behind it while Redis still holds
the pages and the mirrored versions of the first time:

- a restore. The dump's counters count again from where they were, and Redis, left running,
  holds the lost timeline's pages under the same numbers (and mirrors its higher numbers). So
  the namespace names the database's incarnation, read from what a restore cannot bring back:
  the cluster's system identifier and timeline (another server; a point-in-time recovery or a
  promoted replica), the database's OID and the version table's OID and file (`dropdb` +
  `createdb` + `pg_restore`, or `pg_restore --clean` into the same database). Nobody has to
  remember to flush Redis after a restore: the new namespace starts empty.
- a write whose new number Redis never got (Redis paused, asleep, restarting, out of memory, a
  lost connection): the mirror keeps the old number and readers would serve the old page until
  it expires. The writer then counts the miss in PostgreSQL (the MISSED row, before it answers
  its user), and the count is part of the namespace: every worker moves to a new, empty
  namespace at its next read of the namespace, and renders from PostgreSQL.

Each process reads the namespace from PostgreSQL at most every REFRESH_SECONDS (one small query on
the connection it already has, at the first cache access after that), so every worker has left a
retired namespace REFRESH_SECONDS after the write that retired it was answered. The query goes
through the driver's own cursor, not Django's: it is not a query of the page being served (and
the query-count tests don't see it come and go with the clock).

A request keeps the namespace it started with (read, when due, as it starts): a page whose
versions were read in one namespace is never stored in the next.

When the namespace can't be read (PostgreSQL unreachable), the last one read stays in use (the
site can't write meanwhile); before any was read, the cache is treated as unreachable
(taro/redisconn.py) and pages are rendered.
"""

import hashlib
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started

log = logging.getLogger(__name__)

REFRESH_SECONDS = 2
MISSED = "missed"  # the ContentVersion row counting writes whose versions Redis may have missed

_IDENTITY = """
SELECT
  CASE WHEN has_function_privilege('pg_control_system()', 'execute')
       THEN (SELECT system_identifier FROM pg_control_system()) END,
  CASE WHEN has_function_privilege('pg_control_checkpoint()', 'execute')
       THEN (SELECT timeline_id FROM pg_control_checkpoint()) END,
  (SELECT oid FROM pg_database WHERE datname = current_database()),
  to_regclass('taro_contentversion')::oid,
  pg_relation_filenode(to_regclass('taro_contentversion'))
"""
# Once the table exists (after migrate), the count of missed writes comes in the same query.
_WITH_MISSED = _IDENTITY + ", (SELECT number FROM taro_contentversion WHERE name = %s)"

_lock = threading.Lock()
_token: str | None = None


class _RequestNamespace(threading.local):
    """The namespace of the request this thread serves. A class default, because a missing
    thread-local attribute costs an exception on every key made."""

    token: str | None = None


_request = _RequestNamespace()
_read_at = float("-inf")
_table_exists = False


def current() -> str | None:
    """The namespace's token (None: never read, the cache must not be used)."""
    if time.monotonic() - _read_at >= REFRESH_SECONDS:
        refresh()
    return _token


def known() -> str | None:
    """The namespace as last read (make_key() reads it again when it is due)."""
    return _token


def refresh() -> None:
    """Read the namespace now (and keep the last one when PostgreSQL can't say)."""
    global _token, _read_at
    with _lock:
        try:
            identity = _read()
        except Exception:  # noqa: BLE001 - keep serving with what was known; retried shortly
            log.warning("could not read the cache's namespace from PostgreSQL", exc_info=True)
        else:
            _token = hashlib.sha1(repr(identity).encode()).hexdigest()[:12]  # noqa: S324 - a name
        _read_at = time.monotonic()


def _read() -> tuple[Any, ...]:
    global _table_exists
    from django.db import connection

    if not connection.in_atomic_block:
        connection.close_if_health_check_failed()  # as Django does before a request's first query
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        if _table_exists:
            cursor.execute(_WITH_MISSED, [MISSED])
            row: tuple[Any, ...] = cursor.fetchone()
            return row
        cursor.execute(_IDENTITY)
        row = cursor.fetchone()
    if row[3] is not None:  # the table is there now: read again, with the count
        _table_exists = True
        return _read()
    return row


# State every release shares and a deploy must not reset: sessions, rate-limit counters, view
# markers and the views waiting for the worker, the version mirrors (old and new workers serve
# side by side during a rolling restart, so both must see each other's raises).
SHARED_ACROSS_RELEASES = (
    "django.contrib.sessions",
    "allauth:",
    "version:",
    "views:",
    "question-view:",
    "preview-count:",
    "work-email-sends:",
)


def make_key(key: str, key_prefix: str, version: int | str) -> str:
    """settings.CACHES' KEY_FUNCTION: Django's key with the namespace and the release in it.

    Everything but shared state is a value this release's code computed (pickled model
    instances, rendered HTML), named with settings.CACHE_RELEASE: a deploy never unpickles
    objects of classes that have changed, or serves what the old code stored."""
    token = _request.token or current()
    release = "" if key.startswith(SHARED_ACROSS_RELEASES) else settings.CACHE_RELEASE
    return f"{key_prefix}:{version}:{token or 'none'}:{release}:{key}"


def _request_started(**kwargs: object) -> None:
    _request.token = current()


def _request_finished(**kwargs: object) -> None:
    _request.token = None


request_started.connect(_request_started, dispatch_uid="taro.generation")
request_finished.connect(_request_finished, dispatch_uid="taro.generation")


def writes_missed() -> None:
    """A committed write's new version couldn't be written to Redis: retire the namespace, so no
    worker reads the old number from it for longer than REFRESH_SECONDS (this one: not at all)."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO taro_contentversion (name, number) VALUES (%s, 2) "
                "ON CONFLICT (name) DO UPDATE SET number = taro_contentversion.number + 1",
                [MISSED],
            )
    except Exception:  # noqa: BLE001 - PostgreSQL gone too: nothing left to serve stale pages from
        log.error("could not retire the cache's namespace after a missed write", exc_info=True)
    log.warning("a write's versions did not reach the cache: its namespace is retired")
    refresh()


def forget() -> None:
    """Read the namespace again at the next cache access (tests, and a database switched under a
    running process)."""
    global _read_at, _table_exists
    _read_at = float("-inf")
    _table_exists = False
    _request.token = None
