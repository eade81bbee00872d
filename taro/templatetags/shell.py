"""The one tag library the site's shell (templates/base.html and its includes) loads: it needs
nothing of any app, only URL names, so error pages render with it as well."""

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per process (and script
    prefix): the site's shell links the same dozen places on every page, and reversing them
    each time was a tenth of a signed-in page's render."""
    return _reverse_once(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=256)
def _reverse_once(name: str, script_prefix: str, urlconf) -> str:
    return reverse(name, urlconf=urlconf)
