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

A *companion* is an entry read on most requests of a kind (the account menu, a thread's question
and the reader's votes in it), fetched in the same round trip as the request's versions
(taro.versions.want): its key can't name versions not read yet, so it keeps the stamp it was
made under (the versions it shows) beside its value, and is made again when the stamp moves.

    ACCOUNT_MENU = declare_companion("account-menu", load="taro.templatetags.shell.render_menu")
    ACCOUNT_MENU.want(request, user.pk)                       # before the versions are read
    html = ACCOUNT_MENU.get(user.pk, stamp=people, request=request)
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
_declared: dict[str, "Entry[Any] | Companion[Any]"] = {}


@dataclass(frozen=True)
class _Declared(Generic[T]):
    """What entries and companions share: a name, a loader and a lifetime."""

    name: str
    load: str  # the loader's dotted path
    ttl_setting: str = "CACHE_TTL_SECONDS"

    @property
    def loader(self) -> Callable[..., T]:
        found: Callable[..., T] = import_string(self.load)
        return found

    @property
    def ttl(self) -> int:
        return lifetime(self.ttl_setting)


@dataclass(frozen=True)
class Entry(_Declared[T]):
    depends_on: tuple[str, ...] = ()  # the site versions named in the key

    def key(self, *parts: object, request: HttpRequest | None = None) -> str:
        shown = versions.key(self.depends_on, request=request) if self.depends_on else "-"
        return pagecache.fragment_key(self.name, shown, *parts)

    def get(self, *parts: object, request: HttpRequest | None = None, **load_kwargs: Any) -> T:
        value: T | None = self.peek(*parts, request=request)
        if value is None:
            value = self.loader(*parts, **load_kwargs)
            self.put(value, *parts, request=request)
        return value

    def peek(self, *parts: object, request: HttpRequest | None = None) -> Any:
        """What is cached (None: nothing), loading nothing: as the view prefetched it, else read."""
        return pagecache.prefetched(request, self.key(*parts, request=request))

    def put(self, value: T, *parts: object, request: HttpRequest | None = None) -> None:
        """Store a value made outside get(): one that grew since it was read (a search's ranking
        keeps the snippets each page made), or one read on the way to something else."""
        cache.set(self.key(*parts, request=request), value, self.ttl)


@dataclass(frozen=True)
class Companion(_Declared[T]):
    def key(self, *parts: object) -> str:
        return pagecache.fragment_key(self.name, *parts)

    def want(self, request: HttpRequest, *parts: object) -> None:
        """Fetch it with this request's versions (asked before they are read)."""
        versions.want(request, self.key(*parts))

    def get(
        self,
        *parts: object,
        stamp: object,
        request: HttpRequest | None = None,
        **load_kwargs: Any,
    ) -> T:
        """The value stored under `stamp`, else loaded and stored with it."""
        key = self.key(*parts)
        stored = versions.fetched(request, key) if request is not None else cache.get(key)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == stamp:
            found: T = stored[1]
            return found
        value = self.loader(*parts, **load_kwargs)
        cache.set(key, (stamp, value), self.ttl)
        return value

    def forget(self, *parts: object) -> None:
        """Drop it (what it shows changed in a way no stamp names)."""
        cache.delete(self.key(*parts))


def declare(
    name: str,
    *,
    depends_on: tuple[str, ...],
    load: str,
    ttl_setting: str = "CACHE_TTL_SECONDS",
) -> Entry[Any]:
    """A new entry (taro.fragments.check_declaration says what is refused)."""
    check_declaration("cache entry", name, _declared, ttl_setting, depends_on)
    entry: Entry[Any] = Entry(name, load, ttl_setting, depends_on)
    _declared[name] = entry
    return entry


def declare_companion(
    name: str, *, load: str, ttl_setting: str = "CACHE_TTL_SECONDS"
) -> Companion[Any]:
    """A new companion (the same checks as declare(); it names no versions in its key)."""
    check_declaration("cache entry", name, _declared, ttl_setting, ())
    companion: Companion[Any] = Companion(name, load, ttl_setting)
    _declared[name] = companion
    return companion


def declared() -> dict[str, "Entry[Any] | Companion[Any]"]:
    return dict(_declared)
