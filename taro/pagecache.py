"""Whole-page caching for anonymous readers, with versioned invalidation per namespace.

Keys carry a version token kept in the cache itself; `bump_version(namespace)` retires every
cached page of that namespace at once without having to know the keys. The token is random,
not a counter, so a version key that was evicted can never bring back pages cached under an
old number. Guides bump theirs when `sync_guides` changes something; the forum bumps its own
after every write commits.
"""
import hashlib
import uuid
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse


def _version_key(namespace: str) -> str:
    return f"{namespace}:page-version"


def current_version(namespace: str) -> str:
    version = cache.get(_version_key(namespace))
    if version is None:
        cache.add(_version_key(namespace), uuid.uuid4().hex, timeout=None)
        version = cache.get(_version_key(namespace))
    return version


def bump_version(namespace: str) -> None:
    cache.set(_version_key(namespace), uuid.uuid4().hex, timeout=None)


def bump_after_commit(namespace: str) -> None:
    """Invalidate once the write is visible, so no reader caches the page from before it."""
    transaction.on_commit(lambda: bump_version(namespace), robust=True)


def page_key(request, namespace: str, params: tuple[str, ...]) -> str:
    # Host and scheme are part of the page (canonical and og:url are absolute).
    query = "&".join(f"{name}={request.GET.get(name, '')}" for name in params)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"{namespace}:page:{current_version(namespace)}:{hashlib.sha256(url.encode()).hexdigest()}"


def cache_for_anonymous(namespace: str, *, timeout: int = 300, params: tuple[str, ...] = ()):
    """Serve and store the page for anonymous GET/HEAD requests; everyone else gets it fresh.

    Only the query parameters in `params` may vary a cached page; a request with any other
    parameter is rendered fresh, because the page echoes its full path (the "Log in" link's next=).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _is_cacheable_request(request, params):
                return view(request, *args, **kwargs)
            key = page_key(request, namespace, params)
            cached = cache.get(key)
            if cached is not None:
                return _rebuild(cached)
            response = view(request, *args, **kwargs)
            if _is_cacheable_response(request, response):
                cache.set(key, (response.content, response["Content-Type"]), timeout)
            return response

        return wrapped

    return decorator


def _is_cacheable_request(request, params: tuple[str, ...]) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and set(request.GET) <= set(params)
        and all(len(values) == 1 for _, values in request.GET.lists())
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
