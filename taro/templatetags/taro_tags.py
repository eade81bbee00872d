import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.inclusion_tag("includes/badge.html")
def badge(label: str, verified: bool = False, anonymous: bool = False):
    """The one way a role badge is drawn, for profiles and for posts (which store their own)."""
    return {"label": label, "verified": verified, "anonymous": anonymous}


@register.inclusion_tag("includes/avatar.html")
def avatar(initials: str, size: str = "md"):
    return {"initials": initials or "?", "size": size}


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per process (and script
    prefix): the site's shell links the same dozen places on every page, and reversing them
    each time was a tenth of a signed-in page's render."""
    return _reverse_once(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _reverse_once(name: str, script_prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)
