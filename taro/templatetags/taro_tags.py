from django import template

from taro import dates
from taro.text import sentence as text_sentence

register = template.Library()


@register.inclusion_tag("includes/badge.html")
def badge(label: str, verified: bool = False, anonymous: bool = False):
    """The one way a role badge is drawn, for profiles and for posts (which store their own).
    The verified mark is kept on the line of the label's last word, never alone at an edge."""
    head, _, last = (label or "").rpartition(" ")
    return {
        "label": label,
        "label_head": head,
        "label_last": last,
        "verified": verified,
        "anonymous": anonymous,
    }


@register.inclusion_tag("includes/avatar.html")
def avatar(initials: str, size: str = "md"):
    return {"initials": initials or "?", "size": size}


@register.filter
def day(value) -> str:
    """{{ when|day }}: "4 Dec 2026" (taro/dates.py)."""
    return dates.day(value)


@register.filter
def moment(value) -> str:
    """{{ when|moment }}: "4 Dec 2026, 19:08 UTC" (taro/dates.py)."""
    return dates.moment(value)


@register.filter(name="sentence")
def sentence_filter(text) -> str:
    """{{ reason|sentence }}: ends in exactly one full stop, however it was typed."""
    return text_sentence(str(text))
