"""Versions of shared content: stored in PostgreSQL, bumped in the writing transaction, read from
Redis.

Four site-wide names, each retired by the writes that change what it covers:

- FORUM: what posts exist and what they say: new, edited, deleted and restored questions and
  answers, topics, citations (list counts, search hits, guide sidebars);
- VOTES: any score or accepted answer (search results, reputation);
- RANKING: what question lists show and sort by among those: question scores and whether a
  question has an accepted answer (a vote on an answer leaves every list page cached);
- GUIDES: guide text and metadata (`sync_guides`);
- PEOPLE: how people are shown (display names, badges), and whether their profiles are public:
  profile edits, and any save of an account (but a login), a position or a company
  (taro/signals.py).

Threads have their own (`Question.version`), so a vote retires its own thread and the pages
that list scores, and leaves every other thread, guide and profile fragment cached.

PostgreSQL holds the truth: `bump()` increments the row inside the writer's transaction, so
the new number commits with the data. Reading it costs a query per request, so with Redis
each number is mirrored there: the writer drops the mirror when it bumps (readers meanwhile
read PostgreSQL, which still shows the old number with the old data) and raises it to its own
number after commit (never lowering it: a Lua compare-and-set); a reader that finds no mirror
reads PostgreSQL and raises it the same way. The mirror can lag the database only between a
commit and the writer's own response (so whoever saw the write acknowledged sees the new
number). If Redis didn't take the raise (paused, asleep, gone, out of memory), the writer
retires the cache's whole namespace in PostgreSQL before it answers, and every worker has left
the old mirror within taro.generation.REFRESH_SECONDS. Without Redis the numbers are read from
PostgreSQL.

The numbers count again after a restore; the namespace is what keeps them from meaning the lost
timeline's pages (taro/generation.py names the database's incarnation in every key).

Lock order: a write bumps its versions *first*, before it touches content rows, so every writer
takes the version rows before any question row and two writers can never deadlock.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest

from taro import generation, requestcache
from taro.models import ContentVersion

# `load(names)`: the numbers of these versions, read from PostgreSQL.
Loader = Callable[[list[str]], dict[str, int]]
# What want() asked for: cache keys, and (key, seconds) to add.
Companions = tuple[list[str], tuple[str, int] | None]

FORUM = "forum"
VOTES = "votes"
RANKING = "ranking"
GUIDES = "guides"
PEOPLE = "people"
SITE = (FORUM, VOTES, RANKING, GUIDES, PEOPLE)
MIRROR_TTL_SECONDS = 60

log = logging.getLogger(__name__)

# Raise the mirror to ARGV[1] unless it already holds as much: never move it backwards.
RAISE_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
return 0
"""


def mirrored() -> bool:
    backend = str(settings.CACHES["default"]["BACKEND"])
    return "redis" in backend.lower()


def mirror_key(name: str) -> str:
    """The mirror's cache key for `name`, before the cache's own prefix."""
    return f"version:{name}"


def raise_mirror(name: str, number: int) -> bool:
    """Raise the mirror of `name` to `number`; False when Redis couldn't be told."""
    if not mirrored():
        return True
    try:
        from django_redis import get_redis_connection

        client = get_redis_connection("default")
        client.eval(RAISE_SCRIPT, 1, cache.make_key(mirror_key(name)), number, MIRROR_TTL_SECONDS)
    except Exception:  # noqa: BLE001 - fail open: readers fall back to PostgreSQL when the mirror is gone
        log.warning("could not mirror version %s=%s to the cache", name, number, exc_info=True)
        return False
    return True


def _raise_after_commit(name: str, number: int) -> None:
    """The writer's raise: if Redis missed it, the mirror may still hold the old number, so the
    cache's namespace is retired before the writer answers (taro/generation.py)."""
    if not raise_mirror(name, number):
        generation.writes_missed()


def bump_row(sql: str, params: list[int | str], mirror_name: str) -> int:
    """Run an `UPDATE … RETURNING <number>` inside the writer's transaction and mirror the new
    number once it has committed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("versions must be bumped inside the write's transaction")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return 0
    number: int = row[0]
    if mirrored():
        cache.delete(mirror_key(mirror_name))
        transaction.on_commit(lambda: _raise_after_commit(mirror_name, number), robust=True)
    return number


def bump(*names: str) -> None:
    """Retire everything cached under these names, atomically with the caller's writes."""
    for name in sorted(set(names)):  # one order for every writer
        if not bump_row(
            "UPDATE taro_contentversion SET number = number + 1 WHERE name = %s RETURNING number",
            [name],
            name,
        ):
            ContentVersion.objects.get_or_create(name=name, defaults={"number": 2})


def read(names: list[str], load: Loader, *, request: HttpRequest | None = None) -> dict[str, int]:
    """Versions by name from the mirror; `load(missing)` reads the missing ones from PostgreSQL
    (and they are mirrored for the next reader). With `request`, what the request asked for
    with want() comes in the same round trip."""
    companions = _take_wanted(request)
    if not mirrored():
        _fetch_companions(request, companions)
        return load(names)
    values = _read_mirror(names, request, companions)
    missing = [name for name in names if name not in values]
    if missing:
        loaded = load(missing)
        for name, number in loaded.items():
            raise_mirror(name, number)
        values.update(loaded)
    return values


# A request's first read of the versions is a round trip nearly every page makes, and a page's
# other cache reads mostly don't depend on it: the signed-in header's account menu, the thread's
# question and the reader's votes in it, the thread's view marker. They ride along (one Redis
# pipeline instead of four round trips), and carry the version they were stored under in their
# value instead of their key, so they can be asked for before the versions are known.
_ALWAYS_WANTED: list[
    Callable[[HttpRequest], list[str]]
] = []  # functions: request -> cache keys that request will read
_NOT_FETCHED = object()


def fetch_along(
    source: Callable[[HttpRequest], list[str]],
) -> Callable[[HttpRequest], list[str]]:
    """Register `source(request) -> [cache keys]`: entries read on most requests (the account
    menu), fetched with the request's versions."""
    _ALWAYS_WANTED.append(source)
    return source


def want(request: HttpRequest, *keys: str, add: tuple[str, int] | None = None) -> None:
    """Fetch these cache keys with this request's versions (if they haven't been read yet), and
    `add` = (key, seconds): set that key unless it exists, in the same trip (added() tells)."""
    state = requestcache.of(request)
    state.wanted.extend(keys)
    if add is not None:
        state.add = add


def fetched(request: HttpRequest, key: str) -> Any:
    """The cached value of `key` (None: absent): as it came with the request's versions when
    want() asked in time, else read now."""
    found = (requestcache.of(request).fetched or {}).get(key, _NOT_FETCHED)
    return cache.get(key) if found is _NOT_FETCHED else found


def added(request: HttpRequest) -> bool | None:
    """Whether want(add=…) set its key (None: it wasn't tried, or the cache couldn't say)."""
    return requestcache.of(request).added


def _take_wanted(request: HttpRequest | None) -> Companions:
    if request is None or requestcache.of(request).fetched is not None:
        return [], None
    state = requestcache.of(request)
    state.fetched = {}
    keys = [key for source in _ALWAYS_WANTED for key in source(request)]
    keys += state.wanted
    add, state.wanted, state.add = state.add, [], None
    return keys, add


def _fetch_companions(request: HttpRequest | None, companions: Companions) -> None:
    keys, add = companions
    if request is None:  # then nothing was wanted (_take_wanted)
        return
    if keys:
        found = cache.get_many(keys)
        requestcache.of(request).fetched = {key: found.get(key) for key in keys}
    if add is not None:
        requestcache.of(request).added = cache.add(add[0], 1, add[1])


def _read_mirror(
    names: list[str], request: HttpRequest | None, companions: Companions
) -> dict[str, int]:
    """The mirrored versions, and the companions, in one pipeline; {} when Redis fails."""
    keys, add = companions
    try:
        from django_redis import get_redis_connection

        pipe = get_redis_connection("default").pipeline(transaction=False)
        pipe.mget([cache.make_key(mirror_key(name)) for name in names])
        if keys:
            pipe.mget([cache.make_key(key) for key in keys])
        if add is not None:
            pipe.set(cache.make_key(add[0]), 1, nx=True, ex=add[1])
        results = pipe.execute()
    except Exception:  # noqa: BLE001 - fail open: versions from PostgreSQL, companions missed
        log.warning("could not read versions from the cache", exc_info=True)
        return {}
    decode = cache.client.decode  # type: ignore[attr-defined]  # django-redis's cache
    if request is not None and keys:
        requestcache.of(request).fetched = {
            key: (decode(raw) if raw is not None else None)
            for key, raw in zip(keys, results[1], strict=True)
        }
    if request is not None and add is not None:
        requestcache.of(request).added = bool(results[-1])
    return {name: int(raw) for name, raw in zip(names, results[0], strict=True) if raw is not None}


def _load_site(names: list[str]) -> dict[str, int]:
    found = dict(ContentVersion.objects.filter(name__in=names).values_list("name", "number"))
    return {name: found.get(name, 1) for name in names}


def current(names: tuple[str, ...] = SITE, *, request: HttpRequest | None = None) -> dict[str, int]:
    """The site-wide versions (a missing row reads as 1, as if never bumped).

    With `request`, read once per request: the page cache and the view key on the same numbers.
    """
    found = requestcache.of(request).versions if request is not None else None
    if found is None:
        found = read(list(SITE), _load_site, request=request)
        if request is not None:
            requestcache.of(request).versions = found
    return {name: found[name] for name in names}


def current_with(request: HttpRequest, name: str, load: Loader) -> int:
    """The version `name` (`load(names)` reads it from PostgreSQL), fetched together with the
    site-wide versions when this request hasn't read them yet: one round trip for both."""
    if requestcache.of(request).versions is not None:
        return read([name], load)[name]

    def load_all(missing: list[str]) -> dict[str, int]:
        found = _load_site([n for n in missing if n in SITE])
        return {**found, **(load([name]) if name in missing else {})}

    values = read([*SITE, name], load_all, request=request)
    requestcache.of(request).versions = {n: values[n] for n in SITE}
    return values[name]


def key(names: tuple[str, ...] = SITE, *, request: HttpRequest | None = None) -> str:
    """A short cache-key part naming every version a page depends on, e.g.
    "forum12.votes80.people1"."""
    return key_of(current(names, request=request))


def key_of(numbers: dict[str, int]) -> str:
    """The key part for these versions, in order (taro/pagecache.py builds the same in Redis)."""
    return ".".join(f"{name}{number}" for name, number in numbers.items())
