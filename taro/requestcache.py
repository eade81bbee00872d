"""What one request knows about the cache, on one attribute: `request.cache` (`of(request)`).

The version numbers the page is keyed on (read once a request), the entries that ride along with
them (taro.versions.want/fetch_along), the fragments fetched in one batch for the templates
(taro.pagecache.prefetch), the page cache's marker and skip flags, the URL's digest and the CSRF
token cached HTML gets. taro.versions and taro.pagecache own the reading and writing; this is
where they keep what they read, so nothing else is hung on the request.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

ATTRIBUTE = "cache"


@dataclass
class RequestCache:
    versions: dict[str, int] | None = None  # the site-wide versions, as read for this request
    wanted: list[str] = field(default_factory=list)  # keys to fetch with the versions
    add: tuple[str, int] | None = None  # (key, seconds) to set-if-absent with them
    fetched: dict[str, Any] | None = None  # what came with the versions (None: not yet read)
    added: bool | None = None  # whether `add` was set (None: not tried, or unknown)
    prefetched: dict[str, Any] = field(default_factory=dict)  # fragments fetched in one batch
    url_digest: tuple[tuple[str, ...], str] | None = None  # (params, digest) of the page's URL
    csrf_token: str | None = None  # masked once per response, for cached HTML
    marked: bool | None = None  # the page lookup set the view marker (None: it couldn't tell)
    skip: bool = False  # this response must not be stored in the page cache


def of(request: HttpRequest) -> RequestCache:
    found = request.__dict__.get(ATTRIBUTE)
    if found is None:
        found = request.__dict__[ATTRIBUTE] = RequestCache()
    return found  # type: ignore[no-any-return]  # set just above, or by an earlier call
