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

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.module_loading import import_string

from taro import pagecache, versions
from taro.fragments import check_declaration, lifetime

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
        return lifetime(self.ttl_setting)

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
    """A new entry (taro.fragments.check_declaration says what is refused)."""
    check_declaration("cache entry", name, _declared, ttl_setting, depends_on)
    entry: Entry[Any] = Entry(name, depends_on, load, ttl_setting)
    _declared[name] = entry
    return entry


def declared() -> dict[str, Entry[Any]]:
    return dict(_declared)
