"""Cached template fragments, declared once and bound once.

Each app declares its fragments in its `cache_entries` module (`FEED = declare("feed")`): a
name, and the setting its lifetime comes from (never longer than CACHE_TTL_SECONDS). A view
binds a fragment to the values its content varies on (`FEED.bind(feed_key)`), prefetches the
bound fragment's key with the page's other cache reads, and hands it to the template, which
renders it with `{% cached feed_fragment %}…{% endcached %}` (taro's `fragment_cache` library).
The key is built in one place: the template can't spell it differently from the view.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from taro import versions

_declared: dict[str, "Fragment"] = {}


@dataclass(frozen=True)
class Bound:
    """A fragment bound to what it varies on: its cache key and lifetime."""

    name: str
    key: str
    ttl_setting: str

    @property
    def ttl(self) -> int:
        seconds: int = min(int(getattr(settings, self.ttl_setting)), settings.CACHE_TTL_SECONDS)
        return seconds


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
    """A new fragment; two with one name would share cache entries, so that is refused."""
    if name in _declared:
        raise ImproperlyConfigured(f"the cached fragment {name!r} is declared twice")
    if not isinstance(getattr(settings, ttl_setting, None), int):
        raise ImproperlyConfigured(f"{ttl_setting} (the lifetime of {name!r}) isn't a setting")
    if set(depends_on) - set(versions.SITE):
        raise ImproperlyConfigured(f"{name!r} depends on versions that don't exist")
    _declared[name] = Fragment(name, ttl_setting, depends_on)
    return _declared[name]


def declared() -> dict[str, Fragment]:
    return dict(_declared)
