import functools

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from taro import dates
from taro.text import sentence as text_sentence

register = template.Library()


@register.simple_tag
def badge(label: str, verified: bool = False, anonymous: bool = False) -> SafeString:
    """The one way a role badge is drawn, for profiles and for posts (which store their own).
    The verified mark is kept on the line of the label's last word, never alone at an edge.
    Drawn once per process for each label (a thread draws fifty, most of them alike)."""
    return _badge_html(str(label or ""), bool(verified), bool(anonymous))


@functools.lru_cache(maxsize=1024)
def _badge_html(label: str, verified: bool, anonymous: bool) -> SafeString:
    head, _, last = label.rpartition(" ")
    context = {
        "label": label,
        "label_head": head,
        "label_last": last,
        "verified": verified,
        "anonymous": anonymous,
    }
    return mark_safe(render_to_string("includes/badge.html", context))  # noqa: S308 - escaped


@register.simple_tag
def avatar(initials: str, size: str = "md") -> SafeString:
    return _avatar_html(str(initials or "?"), str(size))


@functools.lru_cache(maxsize=1024)
def _avatar_html(initials: str, size: str) -> SafeString:
    context = {"initials": initials, "size": size}
    return mark_safe(render_to_string("includes/avatar.html", context))  # noqa: S308 - escaped


@register.filter
def day(value) -> str:
    """{{ when|day }}: "4 Dec 2026" (taro/dates.py)."""
    return dates.day(value)


@register.filter
def machine_time(value) -> str:
    """{{ when|machine_time }}: "2026-12-04T19:08:00+0000", for <time datetime> (taro/dates.py)."""
    return dates.machine(value)


@register.filter
def moment(value) -> str:
    """{{ when|moment }}: "4 Dec 2026, 19:08 UTC" (taro/dates.py)."""
    return dates.moment(value)


@register.filter(name="sentence")
def sentence_filter(text) -> str:
    """{{ reason|sentence }}: ends in exactly one full stop, however it was typed."""
    return text_sentence(str(text))
