"""Cached template fragments, declared once and bound once.

Each app declares its fragments in its `cache_entries` module (`FEED = declare("feed")`): a
name, and the setting its lifetime comes from (never longer than CACHE_TTL_SECONDS). A view
binds a fragment to the values its content varies on (`FEED.bind(feed_key)`), prefetches the
bound fragment's key with the page's other cache reads, and hands it to the template, which
renders it with `{% cached feed_fragment %}…{% endcached %}` (taro's `fragment_cache` library).
The key is built in one place: the template can't spell it differently from the view.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from taro import pagecache, versions

_declared: dict[str, "Fragment"] = {}


@dataclass(frozen=True)
class Bound:
    """A fragment bound to what it varies on: its cache key and lifetime."""

    name: str
    key: str
    ttl_setting: str

    @property
    def ttl(self) -> int:
        return lifetime(self.ttl_setting)

    def html(self, render: Callable[[], str], *, request: HttpRequest | None = None) -> SafeString:
        """The fragment's HTML: as the view prefetched it (pagecache.prefetch), else from the
        cache, else `render()`ed and stored for its lifetime. `{% cached %}` renders this way,
        and so do fragments rendered in Python (a thread's related box, its parts)."""
        found = pagecache.prefetched(request, self.key)
        if found is None:
            found = render()
            cache.set(self.key, found, self.ttl)
        return mark_safe(found)  # noqa: S308 - our templates' rendered output


def html_of_many(
    bound: Mapping[str, Bound], render_missing: Callable[[list[str]], dict[str, str]]
) -> dict[str, SafeString]:
    """Several bound fragments ({name: bound}) in one round trip; the missing ones come from
    `render_missing(names)` ({name: html}) and are stored for their lifetime."""
    found = pagecache.fragments(
        {name: fragment.key for name, fragment in bound.items()},
        render_missing,
        ttl=min((fragment.ttl for fragment in bound.values()), default=None),
    )
    return {name: mark_safe(html) for name, html in found.items()}  # noqa: S308 - as above


def lifetime(ttl_setting: str) -> int:
    """Seconds from the named setting, never past CACHE_TTL_SECONDS (fragments and entries)."""
    seconds: int = min(int(getattr(settings, ttl_setting)), settings.CACHE_TTL_SECONDS)
    return seconds


def check_declaration(
    what: str, name: str, taken: dict[str, Any], ttl_setting: str, depends_on: tuple[str, ...]
) -> None:
    """Refuse a second declaration of `name` (they would share cache keys), a lifetime that
    isn't a setting, and versions that don't exist (fragments and entries)."""
    if name in taken:
        raise ImproperlyConfigured(f"the {what} {name!r} is declared twice")
    if not isinstance(getattr(settings, ttl_setting, None), int):
        raise ImproperlyConfigured(f"{ttl_setting} (the lifetime of {name!r}) isn't a setting")
    unknown = set(depends_on) - set(versions.SITE)
    if unknown:
        raise ImproperlyConfigured(f"{name!r} depends on unknown versions: {sorted(unknown)}")


@dataclass(frozen=True)
class Fragment:
    name: str
    ttl_setting: str = "CACHE_TTL_SECONDS"
    depends_on: tuple[str, ...] = ()  # site versions named in the key (taro.versions)

    def bind(self, *vary_on: object, request: HttpRequest | None = None) -> Bound:
        """Bound to `vary_on`, and to the current numbers of `depends_on` (read once a request)."""
        if self.depends_on:
            vary_on = (versions.key(self.depends_on, request=request), *vary_on)
        return Bound(self.name, make_template_fragment_key(self.name, vary_on), self.ttl_setting)


def declare(
    name: str, *, ttl_setting: str = "CACHE_TTL_SECONDS", depends_on: tuple[str, ...] = ()
) -> Fragment:
    """A new fragment (check_declaration says what is refused)."""
    check_declaration("cached fragment", name, _declared, ttl_setting, depends_on)
    _declared[name] = Fragment(name, ttl_setting, depends_on)
    return _declared[name]


def declared() -> dict[str, Fragment]:
    return dict(_declared)
