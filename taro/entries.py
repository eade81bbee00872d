"""Cached values a selector reads, declared once: the name, the versions the value is keyed on,
its loader and its lifetime (a setting, never past CACHE_TTL_SECONDS).

    GUIDE_PAGE = declare(
        "guide-page", depends_on=(versions.GUIDES,), load="guides.selectors.load_guide_page"
    )
    page = GUIDE_PAGE.get(slug, request=request)      # the selector
    pagecache.prefetch(request, [GUIDE_PAGE.key(slug, request=request)])   # the view

The key is `frag:<release>:<name>:<versions>:<parts>`, built here only, from the request's
versions (read once: request.cache); `get()` takes what the view prefetched, else the cache,
else loads and stores. Keyword arguments of `get()` go to the loader, not into the key (what the
key's parts already identify, passed along to save a query). The loader is named by its dotted
path: an app's `cache_entries` module is imported by its selectors, so it can't import them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string

from taro import pagecache, versions

T = TypeVar("T")  # what an entry's loader returns
_declared: dict[str, "Entry[Any]"] = {}


@dataclass(frozen=True)
class Entry(Generic[T]):
    name: str
    depends_on: tuple[str, ...]
    load: str  # the loader's dotted path
    ttl_setting: str = "CACHE_TTL_SECONDS"

    @property
    def loader(self) -> Callable[..., T]:
        found: Callable[..., T] = import_string(self.load)
        return found

    @property
    def ttl(self) -> int:
        seconds: int = min(int(getattr(settings, self.ttl_setting)), settings.CACHE_TTL_SECONDS)
        return seconds

    def key(self, *parts: object, request: HttpRequest | None = None) -> str:
        shown = versions.key(self.depends_on, request=request) if self.depends_on else "-"
        return pagecache.fragment_key(self.name, shown, *parts)

    def get(self, *parts: object, request: HttpRequest | None = None, **load_kwargs: Any) -> T:
        key = self.key(*parts, request=request)
        value: T | None = (
            pagecache.prefetched(request, key) if request is not None else cache.get(key)
        )
        if value is None:
            value = self.loader(*parts, **load_kwargs)
            cache.set(key, value, self.ttl)
        return value


def declare(
    name: str,
    *,
    depends_on: tuple[str, ...],
    load: str,
    ttl_setting: str = "CACHE_TTL_SECONDS",
) -> Entry[Any]:
    """A new entry; two with one name would share cache keys, so that is refused."""
    if name in _declared:
        raise ImproperlyConfigured(f"the cache entry {name!r} is declared twice")
    if not isinstance(getattr(settings, ttl_setting, None), int):
        raise ImproperlyConfigured(f"{ttl_setting} (the lifetime of {name!r}) isn't a setting")
    unknown = set(depends_on) - set(versions.SITE)
    if unknown:
        raise ImproperlyConfigured(f"{name!r} depends on unknown versions: {sorted(unknown)}")
    entry: Entry[Any] = Entry(name, depends_on, load, ttl_setting)
    _declared[name] = entry
    return entry


def declared() -> dict[str, Entry[Any]]:
    return dict(_declared)
