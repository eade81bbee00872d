"""Each worker's own copy of the mirrored versions, of the pages and fragments keyed on them and
of the view markers it has seen, kept exact by Redis telling every worker the moment a version
changes.

Why: a page from the page cache took one Redis round trip (taro/pagecache.py's lookup script),
and on the benchmark's machine that round trip cost more CPU than the rest of the request: an
anonymous page got ~55% of the ceiling with it and ~95% without it. A page's key names every
version it shows, so a worker that knows the current versions can serve a page it holds without
asking Redis anything, provided it learns of every change before its next request. The same
goes for the fragments a member's page reads (taro.pagecache.prefetch): their keys name the
versions too, so a worker holding them skips that round trip and their decompression.

How it learns: each worker holds one connection of its own to Redis, in RESP3, with
`CLIENT TRACKING ON BCAST PREFIX <the mirrors' prefix>`. Redis then pushes a message on that
connection whenever a key under the prefix is written, deleted, expired or evicted, or the
database is flushed, in the same pass of its event loop that answers the write (on this
machine, in 20,000 writes, the message was on the watcher's socket every time the writer had
its answer). The writer's worker answers its user only after that, so any request the user
makes next finds the message waiting on every worker's watch. Each lookup first reads whatever
arrived (one non-blocking read when nothing did). A message about a version drops the version
numbers held, and only them: the pages and fragments held are keyed on the versions they show,
so with the numbers gone no lookup can reach an old one, while pages whose versions didn't move
stay warm as people vote. A flush (or a message we don't understand) drops everything, view
markers included. The copies also expire on
their own after HELD_SECONDS, so a Redis that hangs without closing the connection (writers
then can't move the mirror either) or a connection that died without saying so can't keep a
worker behind for longer than that.

It stands aside, and lookups go to Redis as before, when the watch isn't connected: not yet, the
cache isn't Redis, Redis refused (down, an old server), or the connection failed; it tries to
connect again after WATCH_RETRY_SECONDS. redis-py's own client-side cache does the same job
but needs Redis 7.4; this needs 6.0 (RESP3 and tracking).

The numbers held are only ever those a lookup read *after* checking for messages, and they are
dropped if a message came in meanwhile (the epoch), so a change that raced with the read is
seen at the next check at the latest.
"""

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from cachetools import TTLCache
from django.core.signals import setting_changed
from redis.connection import AbstractConnection

log = logging.getLogger(__name__)

# Held this long at most, whatever the watch says (see above). Short: a worker then asks Redis
# once per page every two seconds, next to the hundreds of requests it serves in that time.
HELD_SECONDS = 2
# A view marker seen in Redis is taken as still there for this long (its real lifetime is an
# hour; one seen as already there may have less left).
MARKER_SECONDS = 60
PAGES_HELD = 256  # whole gzipped pages (a few KB each): a couple of MB a worker at most
# Fragments (HTML, counts) by size: a long thread's parts for a member are ~150 KB of HTML.
FRAGMENT_CHARACTERS_HELD = 8_000_000
MARKERS_HELD = 10_000
WATCH_RETRY_SECONDS = 5


class NearCache:
    """One process's copies. `connect()` returns a redis-py connection for the watch (not yet
    connected); `prefix` is the full Redis key prefix of the version mirrors."""

    def __init__(self, connect: Callable[[], AbstractConnection], prefix: str) -> None:
        self._connect = connect
        self._prefix = prefix
        self._lock = threading.Lock()
        self._watch: AbstractConnection | None = None
        self._retry_at = 0.0
        self._epoch = 0
        self._versions: TTLCache[str, int] = TTLCache(maxsize=4096, ttl=HELD_SECONDS)
        # a page: (gzipped bytes, content type), as taro/pagecache.py stores it
        self._pages: TTLCache[str, Any] = TTLCache(maxsize=PAGES_HELD, ttl=HELD_SECONDS)
        self._markers: TTLCache[str, bool] = TTLCache(maxsize=MARKERS_HELD, ttl=MARKER_SECONDS)
        self._fragments: TTLCache[str, str | int] = TTLCache(
            maxsize=FRAGMENT_CHARACTERS_HELD, ttl=HELD_SECONDS, getsizeof=_size
        )
        self._invalidated: list[list[bytes] | None] = []  # the keys of each message taken in

    # Reading -------------------------------------------------------------------------------

    def check(self) -> int | None:
        """Take in what Redis pushed since the last check (dropping the version numbers held if
        a version moved, everything on a flush). Returns the epoch to hand back to remember(),
        or None when the watch is down and nothing may be held or served."""
        with self._lock:
            if self._watch is None and not self._open_watch():
                return None
            watch = self._watch
            if watch is None:  # _open_watch() returned True: it set one
                return None
            try:
                if watch.can_read(timeout=0):
                    self._take_in_messages(watch)
            except Exception:  # noqa: BLE001 - a broken watch: stand aside until it reconnects
                log.warning("lost the cache's change notifications; reconnecting", exc_info=True)
                self._close_watch()
                return None
            return self._epoch

    def _take_in_messages(self, watch: AbstractConnection) -> None:
        self._invalidated.clear()
        unknown = False
        while watch.can_read(timeout=0):
            # Invalidations go to the handler set in _open_watch(); anything else comes back.
            unknown |= watch.read_response(push_request=True) is not None
        flushed = unknown or not self._invalidated or None in self._invalidated
        if flushed:
            self._drop_all()
        else:
            self._drop_versions()

    def versions(self, names: Iterable[str]) -> dict[str, int] | None:
        """The numbers of all these versions, or None if any isn't held."""
        with self._lock:  # a TTLCache changes as it is read (expiry), and servers may thread
            found: dict[str, int] = {}
            for name in names:
                number = self._versions.get(name)
                if number is None:
                    return None
                found[name] = number
            return found

    def page(self, key: str) -> Any:
        with self._lock:
            return self._pages.get(key)

    def marker_seen(self, key: str) -> bool:
        with self._lock:
            return key in self._markers

    def fragments(self, keys: Iterable[str]) -> dict[str, str | int]:
        """The values held for these cache keys (those not held are left out)."""
        with self._lock:
            found: dict[str, str | int] = {}
            for key in keys:
                value = self._fragments.get(key)
                if value is not None:
                    found[key] = value
            return found

    # Remembering ---------------------------------------------------------------------------

    def remember(
        self,
        epoch: int,
        *,
        versions: Mapping[str, int] | None = None,
        page: tuple[str, Any] | None = None,
        marker: str | None = None,
        fragments: Mapping[str, object] | None = None,
    ) -> None:
        """Hold what a lookup read after check() returned `epoch`, unless a change has been
        taken in since (it may predate what was read). `page` is (key, value); `marker` a key
        known to be set in Redis; `fragments` {cache key: value}, of which only strings and
        numbers are held: one object handed to every request could be changed by one of them."""
        with self._lock:
            if epoch != self._epoch or self._watch is None:
                return
            if versions:
                self._versions.update(versions)
            if page is not None:
                self._pages[page[0]] = page[1]
            if marker:
                self._markers[marker] = True
            for key, value in (fragments or {}).items():
                if isinstance(value, str | int) and _size(value) < FRAGMENT_CHARACTERS_HELD // 8:
                    self._fragments[key] = value

    # The watch -------------------------------------------------------------------------------

    def _open_watch(self) -> bool:
        if time.monotonic() < self._retry_at:
            return False
        watch = None
        try:
            watch = self._connect()
            watch.connect()
            # redis-py hands tracking messages ([b"invalidate", keys or None on a flush]) to
            # its parser's handler rather than returning them from read_response().
            watch._parser.set_invalidation_push_handler(self._note_invalidation)
            watch.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self._prefix)
            watch.read_response()
        except Exception:  # noqa: BLE001 - Redis down or too old: lookups go to Redis as before
            log.warning("cache change notifications unavailable; retrying later", exc_info=True)
            if watch is not None:
                watch.disconnect()
            self._retry_at = time.monotonic() + WATCH_RETRY_SECONDS
            return False
        self._watch = watch
        self._drop_all()  # nothing held from before the watch began may be trusted
        return True

    def _close_watch(self) -> None:
        try:
            if self._watch is not None:
                self._watch.disconnect()
        except Exception:  # noqa: BLE001, S110 - it is being thrown away
            pass
        self._watch = None
        self._drop_all()
        self._retry_at = time.monotonic() + WATCH_RETRY_SECONDS

    def _note_invalidation(self, message: list[Any]) -> None:
        self._invalidated.append(message[1] if len(message) > 1 else None)

    def _drop_versions(self) -> None:
        """A version moved: what a lookup read before may be old (the epoch), and no held number
        may name a page or fragment again; pages and fragments keyed on other versions stay."""
        self._epoch += 1
        self._versions.clear()

    def _drop_all(self) -> None:
        self._epoch += 1
        self._versions.clear()
        self._pages.clear()
        self._markers.clear()
        self._fragments.clear()

    def close(self) -> None:
        with self._lock:
            if self._watch is not None:
                self._close_watch()
            self._retry_at = 0.0


def _size(value: object) -> int:
    return len(value) if isinstance(value, str) else 1


_near: NearCache | None = None
_near_for: tuple[int, str] | None = None  # (process id, the mirrors' prefix) it was built for


def watch_name() -> str:
    """The name of this process's watching connection in Redis's CLIENT LIST."""
    return f"taro-near-cache-{os.getpid()}"


def near_cache() -> NearCache | None:
    """This process's near cache (one per process: a forked worker builds its own), or None
    when the cache isn't Redis. A new one when the cache's namespace moves (taro/generation.py):
    the mirrors it watches are then others, and nothing held may be served."""
    global _near, _near_for
    from django.core.cache import cache

    from taro import versions

    if not versions.mirrored():
        return None
    prefix = cache.make_key(versions.mirror_key(""))
    if _near is not None and _near_for == (os.getpid(), prefix):
        return _near
    if _near is not None and _near_for is not None and _near_for[0] == os.getpid():
        _near.close()
    from django_redis import get_redis_connection

    pool = get_redis_connection("default").connection_pool
    kwargs = {
        **pool.connection_kwargs,
        "protocol": 3,
        "socket_keepalive": True,
        "client_name": watch_name(),  # how CLIENT LIST shows it
    }
    _near = NearCache(lambda: pool.connection_class(**kwargs), prefix)
    _near_for = (os.getpid(), prefix)
    return _near


def forget() -> None:
    """Drop everything this process holds: for the test suite, whose rolled-back rows make
    version numbers repeat with other data behind them (a restore does that in production, and
    moves the namespace, which builds a new near cache)."""
    if _near is not None:
        _near.close()


def _forget(*, setting: str, **kwargs: object) -> None:
    """Tests that point the cache elsewhere get a near cache watching the new one."""
    global _near
    if setting != "CACHES":
        return
    from taro import redisconn

    redisconn.reset()  # the other cache hasn't failed yet
    if _near is not None:
        _near.close()
        _near = None


setting_changed.connect(_forget)
