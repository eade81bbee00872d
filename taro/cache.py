"""The Redis cache backend, failing open (settings.CACHES with REDIS_URL).

django-redis with IGNORE_EXCEPTIONS already turns an unreachable Redis into misses and dropped
writes. One method needs a different answer: `add()` is how a caller takes a lock or claims a
slot (allauth's login throttle takes a lock with it), and "not added" would make it wait and then
refuse, so with Redis down nobody could log in. Here an unreachable Redis lets `add()` succeed:
throttles and view de-duplication stop counting during the outage (logged), and the site stays
usable. Posting limits don't depend on the cache at all (forum/limits.py).
"""

from django_redis.cache import RedisCache, omit_exception


class FailOpenRedisCache(RedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
