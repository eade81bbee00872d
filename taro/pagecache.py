"""Caching of whole pages (anonymous readers) and of fragments (everyone), keyed on versions.

Every key names the versions of what it shows (taro/versions.py, `Question.version`,
`Answer.version`), and those versions change in the same transaction as the data. So no write
has to remember to invalidate anything, and a write that commits is seen by the next read on
every worker. Every entry has a TTL (settings.CACHE_TTL_SECONDS unless shorter) and only
canonical URLs are stored, so the cache stays bounded whatever query strings arrive. When the
cache backend fails, reads miss and writes are dropped (settings.CACHES): pages are rendered.
"""

import functools
import gzip
import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from redis.commands.core import Script

from taro import nearcache, requestcache, versions

# Part of every key: a deploy with changed templates never serves fragments rendered by the old
# ones.
RELEASE = settings.TEMPLATE_DIGEST
# Whole pages are stored gzipped ("gz"): a format of its own in the key, so pages stored by a
# release that kept them plain are never sent as if compressed.
PAGE_PREFIX = f"page:gz:{RELEASE}:"

# What the lookup tells: (version key, stored page, marker set?), each None when it can't say.
Lookup = tuple[str | None, tuple[bytes, str] | None, bool | None]
# A view: (request, *args, **kwargs) -> response.
View = Callable[..., HttpResponseBase]


def skip(request: HttpRequest) -> None:
    """This response must not be stored: the URL isn't canonical (a page number past the end,
    an unknown sort…), so storing it would let arbitrary query strings fill the cache."""
    requestcache.of(request).skip = True


def _url_digest(request: HttpRequest, params: tuple[str, ...]) -> str:
    # Host and scheme are part of the page (canonical and og:url are absolute). Computed once a
    # request: the lookup and the store both name it.
    known = requestcache.of(request).url_digest
    if known is not None and known[0] == params:
        return known[1]
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in params)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    requestcache.of(request).url_digest = (params, digest)
    return digest


def page_key(request: HttpRequest, version_key: str, params: tuple[str, ...]) -> str:
    return f"{PAGE_PREFIX}{version_key}:{_url_digest(request, params)}"


def serve_anonymous(
    request: HttpRequest,
    render: Callable[[], HttpResponseBase],
    *,
    depends_on: tuple[str, ...],
    version_key: Callable[[], str],
    params: tuple[str, ...] = (),
    timeout: int | None = None,
    mark: tuple[str, int] | None = None,
) -> HttpResponseBase:
    """The cached page for an anonymous GET, else `render()` (stored for the next reader).

    The key names the versions in `depends_on`; `version_key()` reads them the slow way
    (PostgreSQL when the mirror lacks one) and must give the same string as versions.key_of().
    `mark` is (cache key, seconds): a marker set in the same round trip as the lookup when it
    isn't there; `requestcache.of(request).marked` then says whether this request set it (None when
    the lookup couldn't tell, and the caller asks the cache itself).
    """
    requestcache.of(request).marked = None
    if not is_cacheable_request(request, params):
        return render()
    mirrored_key, cached, marked = _lookup(request, depends_on, params, mark)
    requestcache.of(request).marked = marked
    if cached is not None:
        return _stored_response(request, *cached)
    key = page_key(request, mirrored_key if mirrored_key is not None else version_key(), params)
    if mirrored_key is None:
        cached = cache.get(key)
    if cached is None and not cache.add(f"{key}:rendering", 1, RENDER_LOCK_SECONDS):
        cached = _wait_for(key)
    if cached is not None:
        return _stored_response(request, *cached)
    try:
        response = render()
        # A cacheable response is never streamed: an HttpResponse, whose content is at hand.
        if is_cacheable_response(request, response) and isinstance(response, HttpResponse):
            compressed = gzip.compress(response.content, compresslevel=6, mtime=0)
            cache.set(
                key, (compressed, response["Content-Type"]), timeout or settings.CACHE_TTL_SECONDS
            )
            _share(response)
            if _accepts_gzip(request):  # the first reader gets what the next ones will
                response.content = compressed
                response["Content-Encoding"] = "gzip"
    finally:
        cache.delete(f"{key}:rendering")
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


# How long a browser or a shared cache may keep a page stored for anonymous readers without
# asking again: short, because the page moves with the next vote or answer. Every other
# response is `private, no-store` (taro.middleware.CacheControlMiddleware).
PUBLIC_MAX_AGE = 60
SHARED_CACHE_CONTROL = f"public, max-age={PUBLIC_MAX_AGE}"


def _share(response: HttpResponseBase) -> None:
    """Public for a minute, but only to requests without cookies' worth of difference: a signed-in
    reader's request carries a session cookie, so a shared cache never gives them this page."""
    response["Cache-Control"] = SHARED_CACHE_CONTROL
    patch_vary_headers(response, ("Cookie",))


def _accepts_gzip(request: HttpRequest) -> bool:
    # META, not request.headers: a cached page never needs the whole headers mapping built.
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


# Same test as Django's GZipMiddleware.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _stored_response(request: HttpRequest, compressed: bytes, content_type: str) -> HttpResponse:
    """A stored page is kept gzipped and sent that way to clients that accept it (every browser).
    Only shared pages are compressed: they hold no secret, so compression can't leak one (BREACH);
    pages with a reader's CSRF token are never compressed by Taro."""
    if _accepts_gzip(request):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(compressed), content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    _share(response)
    return response


# A cached page in one round trip: the script sets the caller's marker (if any), reads the mirrored
# versions (taro/versions.py), builds the page's key from them exactly as versions.key_of() and
# page_key() do, and returns {marked, key part, page or nil, the numbers…}. When a version isn't
# mirrored: {marked} alone, and the caller reads the versions the usual way.
LOOKUP_SCRIPT = """
local marked = 0
if ARGV[3] ~= '' and redis.call('SET', ARGV[3], '1', 'NX', 'EX', ARGV[4]) then marked = 1 end
local parts = {}
local numbers = {}
for i, key in ipairs(KEYS) do
  local number = redis.call('GET', key)
  if not number then return {marked} end
  parts[i] = ARGV[i + 4] .. number
  numbers[i] = number
end
local version_key = table.concat(parts, '.')
return {marked, version_key, redis.call('GET', ARGV[1] .. version_key .. ARGV[2]), unpack(numbers)}
"""
_lookup_script: Script | None = None


def _lookup(
    request: HttpRequest,
    names: tuple[str, ...],
    params: tuple[str, ...],
    mark: tuple[str, int] | None,
) -> Lookup:
    """(version key, cached page, marker set?): from this worker's near cache when it holds the
    versions, the page and the marker (taro/nearcache.py: no round trip at all), else from Redis
    in one round trip (and held for the next request); Nones when neither can tell."""
    if not versions.mirrored():
        return None, None, None
    mark_key, mark_seconds = (cache.make_key(mark[0]), mark[1]) if mark else ("", 0)
    mirror_keys, page_prefix = _lookup_keys(tuple(names), cache.make_key(""))
    page_suffix = f":{_url_digest(request, params)}"
    near = nearcache.near_cache()
    epoch = near.check() if near is not None else None
    if near is not None and epoch is not None:
        held = _held(near, names, page_prefix, page_suffix, mark_key)
        if held is not None:
            return held
    try:
        from django_redis import get_redis_connection

        global _lookup_script
        client = get_redis_connection("default")
        if _lookup_script is None:
            _lookup_script = client.register_script(LOOKUP_SCRIPT)
        found = _lookup_script(
            keys=mirror_keys,
            args=[page_prefix, page_suffix, mark_key, mark_seconds, *names],
            client=client,
        )
    except Exception:  # noqa: BLE001 - fail open: the usual path reads PostgreSQL and renders
        return None, None, None
    marked = bool(found[0]) if mark else None
    if len(found) < 2:
        return None, None, marked
    version_key, raw = found[1].decode(), found[2]
    # django-redis's cache: its client decodes what it stored
    page = cache.client.decode(raw) if raw is not None else None  # type: ignore[attr-defined]
    if near is not None and epoch is not None:
        near.remember(
            epoch,
            versions={name: int(number) for name, number in zip(names, found[3:], strict=True)},
            page=(page_prefix + version_key + page_suffix, page) if page is not None else None,
            marker=mark_key or None,  # set now, or already there
        )
    return version_key, page, marked


def _held(
    near: nearcache.NearCache,
    names: tuple[str, ...],
    page_prefix: str,
    page_suffix: str,
    mark_key: str,
) -> Lookup | None:
    """The lookup's answer from the near cache alone, or None if it doesn't hold all of it."""
    numbers = near.versions(names)
    if numbers is None:
        return None
    version_key = versions.key_of(numbers)
    page = near.page(page_prefix + version_key + page_suffix)
    if page is None or (mark_key and not near.marker_seen(mark_key)):
        return None
    return version_key, page, (False if mark_key else None)


@functools.lru_cache(maxsize=64)
def _lookup_keys(names: tuple[str, ...], namespace: str) -> tuple[list[str], str]:
    """The cache's full keys of these versions' mirrors, and of the page prefix: the same for
    every request in one namespace (`namespace`: the full key of "", taro/generation.py), so
    built once a process and namespace."""
    return [cache.make_key(versions.mirror_key(name)) for name in names], cache.make_key(
        PAGE_PREFIX
    )


# When a version moves, every reader of a popular page misses at once. One of them renders it
# (the one that took this lock); the others wait for its result instead of rendering the same
# page side by side, and render it themselves only if it takes longer than this.
RENDER_LOCK_SECONDS = 2
RENDER_WAIT_SECONDS = 0.25


def _wait_for(key: str) -> Any:
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.005)
        cached = cache.get(key)
        if cached is not None:
            return cached
    return None


def cache_for_anonymous(
    *,
    depends_on: tuple[str, ...] | Callable[[], tuple[str, ...]],
    params: tuple[str, ...] = (),
    timeout: int | None = None,
) -> Callable[[View], View]:
    """Serve and store the page for anonymous GET/HEAD requests; everyone else gets it rendered.

    `depends_on` names the site-wide versions (taro/versions.py) of everything the page shows:
    a tuple, or a function returning one when what the page shows is registered at start-up
    (a guide page's panels, guides/panels.py).
    Only the query parameters in `params` may vary a cached page; a request with any other
    parameter is rendered fresh, because the page echoes its full path (the "Log in" link's next=).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            names = depends_on() if callable(depends_on) else depends_on
            return serve_anonymous(
                request,
                lambda: view(request, *args, **kwargs),
                depends_on=names,
                version_key=lambda: versions.key(names, request=request),
                params=params,
                timeout=timeout,
            )

        return wrapped

    return decorator


def is_cacheable_request(request: HttpRequest, params: tuple[str, ...]) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and set(request.GET) <= set(params)
        and all(len(values) == 1 for _, values in request.GET.lists())
        and (_cookieless_without_messages(request) or _anonymous_without_messages(request))
    )


def _cookieless_without_messages(request: HttpRequest) -> bool:
    """A request with no cookie at all has no session (Taro signs people in by session only), so
    no account and no stored message: neither is looked up (a first visit, a crawler). Only a
    message added by this very request could be pending."""
    if request.COOKIES:
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


def _anonymous_without_messages(request: HttpRequest) -> bool:
    return (
        not request.user.is_authenticated
        # Pending messages are shown once, to one reader; len() peeks without consuming them.
        and len(get_messages(request)) == 0
    )


def is_cacheable_response(request: HttpRequest, response: HttpResponseBase) -> bool:
    # A page that used a CSRF token must not be shared: the token belongs to this reader.
    return (
        response.status_code == 200
        and not response.streaming
        and not requestcache.of(request).skip
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    )


def fragments(
    keys: Mapping[str, str],
    render_missing: Callable[[list[str]], dict[str, str]],
    *,
    ttl: int | None = None,
) -> dict[str, Any]:
    """Cached HTML fragments for `keys` ({name: cache key}) in one round trip; the missing ones
    come from `render_missing(names)` ({name: html}) and are stored for the next reader, for
    `ttl` seconds (the cache's default when None). Views use taro.fragments.html_of_many()."""
    found = _get_many(list(keys.values()))
    result = {name: found[key] for name, key in keys.items() if key in found}
    missing = [name for name in keys if name not in result]
    if missing:
        rendered = render_missing(missing)
        stored = {keys[name]: html for name, html in rendered.items()}
        if ttl is None:
            cache.set_many(stored)
        else:
            cache.set_many(stored, ttl)
        result.update(rendered)
    return result


def prefetch(request: HttpRequest, keys: Iterable[str | None]) -> None:
    """Fetch these cache keys in one round trip for what the rest of the request reads through
    prefetched() (and `{% cache %}` from taro's fragment_cache library): a page's fragments,
    once the versions in their keys are known, instead of a round trip each."""
    wanted = [key for key in keys if key]
    found = _get_many(wanted) if wanted else {}
    requestcache.of(request).prefetched.update({key: found.get(key) for key in wanted})


def _get_many(keys: list[str]) -> dict[str, Any]:
    """cache.get_many(), taking what this worker holds first (taro/nearcache.py): every such key
    names the versions of what it holds, so its value never changes, and what a worker holds
    is dropped with everything else when Redis says a version moved."""
    near = nearcache.near_cache()
    epoch = near.check() if near is not None else None
    if near is None or epoch is None:
        return cache.get_many(keys)
    held: dict[str, Any] = near.fragments(keys)
    missing = [key for key in keys if key not in held]
    if missing:
        fetched = cache.get_many(missing)
        near.remember(epoch, fragments=fetched)
        held.update(fetched)
    return held


def prefetched(request: HttpRequest | None, key: str) -> Any:
    """The value of `key` (None: not cached), from prefetch() when it fetched it for `request`,
    else read."""
    known = requestcache.of(request).prefetched if request is not None else {}
    if key in known:
        return known[key]
    return cache.get(key)


# Cached HTML is stored with this in place of a CSRF token, swapped for the reader's own token
# when it is served (a token belongs to one person and must never be shared through the cache).
CSRF_PLACEHOLDER = "__taro_csrf_placeholder__"


def with_csrf_token(request: HttpRequest, html: str) -> SafeString:
    """Cached HTML with the placeholder swapped for this reader's CSRF token: one token for the
    whole response, whichever fragments ask (each get_token() masks the secret afresh, which
    costs more than the swap)."""
    return mark_safe(html.replace(CSRF_PLACEHOLDER, csrf_token(request)))


def csrf_token(request: HttpRequest) -> str:
    """This reader's CSRF token, masked once per response (each get_token() masks afresh)."""
    state = requestcache.of(request)
    if state.csrf_token is None:
        state.csrf_token = get_token(request)
    return state.csrf_token


def fragment_key(*parts: object) -> str:
    return ":".join(["frag", RELEASE, *map(str, parts)])
