"""The Redis cache backend, failing open (settings.CACHES with REDIS_URL).

django-redis with IGNORE_EXCEPTIONS already turns an unreachable Redis into misses and dropped
writes. One method needs a different answer: `add()` is how a caller takes a lock or claims a
slot (allauth's login throttle takes a lock with it), and "not added" would make it wait and then
refuse, so with Redis down nobody could log in. Here an unreachable Redis lets `add()` succeed:
throttles and view de-duplication stop counting during the outage (logged), and the site stays
usable. Posting limits don't depend on the cache at all (forum/limits.py).
"""

from typing import Any

from django_redis.cache import RedisCache, omit_exception
from django_redis.compressors.zlib import ZlibCompressor


# django-redis ships no type information: its RedisCache is Any to mypy.
class FailOpenRedisCache(RedisCache):  # type: ignore[misc]
    @omit_exception(return_value=True)  # type: ignore[untyped-decorator]
    def add(self, *args: Any, **kwargs: Any) -> bool:
        return bool(self.client.add(*args, **kwargs))


def add_or_false(key: str, value: object, timeout: int) -> bool:
    """cache.add() for counting something once (a view per visitor per hour): False when the key
    was there, and also when the cache can't be reached. The fail-open add() above would say
    True every time during an outage, counting every reload."""
    from django.core.cache import caches

    backend = caches["default"]
    if not isinstance(backend, FailOpenRedisCache):
        return backend.add(key, value, timeout)
    try:
        return bool(backend.client.add(key, value, timeout=timeout))
    except Exception:  # noqa: BLE001 - django-redis's ConnectionInterrupted and the like
        return False


# A gzip stream's first bytes; in a pickled (gzipped page, content type) they come within the
# first 24 bytes (the pickle header and the bytes' length).
GZIP_MAGIC = b"\x1f\x8b\x08"


class CompressOnce(ZlibCompressor):  # type: ignore[misc]  # django-redis ships no types
    """zlib for what the cache stores (HTML fragments take a fifth of the memory), except a value
    that is gzip already: the page cache stores pages gzipped, to send as stored, and zlib over
    them gained nothing and cost about 1.4 ms a page. Such a value is stored as it is;
    django-redis reads a value that isn't zlib as stored (its decode() tries, then takes it)."""

    def compress(self, value: bytes) -> bytes:
        if GZIP_MAGIC in value[:24]:
            return value
        compressed: bytes = super().compress(value)
        return compressed
