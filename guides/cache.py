"""Whole-page caching of guide pages for anonymous readers.

Keys carry a version token kept in the cache itself; `bump_version()` (called by sync_guides
after a change commits) retires every cached guide page at once without having to know the
keys. The token is random, not a counter, so a version key that was evicted can never bring
back pages cached under an old number.
"""
import hashlib
import uuid
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "guides:page-version"
# Pages also show forum data (related discussions) that changes without a sync, and a local
# memory cache in a server process is not reached by the sync command's bump: five minutes
# bounds how stale either can get.
PAGE_TIMEOUT = 300


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def page_key(request) -> str:
    # Host and scheme are part of the page (canonical and og:url are absolute).
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"guides:page:{current_version()}:{hashlib.sha256(url.encode()).hexdigest()}"


def cache_for_anonymous(view):
    """Serve and store the page for anonymous GET/HEAD requests; everyone else gets it fresh."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _is_cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            return _rebuild(cached)
        response = view(request, *args, **kwargs)
        if _is_cacheable_response(request, response):
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapped


def _is_cacheable_request(request) -> bool:
    # A query string is skipped rather than keyed: the page echoes the full path (the "Log in"
    # link's next=), and keying on arbitrary strings would let anyone fill the cache.
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        # Pending messages are shown once, to one reader; len() peeks without consuming them.
        and len(get_messages(request)) == 0
    )


def _is_cacheable_response(request, response) -> bool:
    # A page that used a CSRF token must not be shared: the token belongs to this reader.
    return (
        response.status_code == 200
        and not response.streaming
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.cookies
    )


def _rebuild(cached: tuple[bytes, str]) -> HttpResponse:
    content, content_type = cached
    return HttpResponse(content, content_type=content_type)
