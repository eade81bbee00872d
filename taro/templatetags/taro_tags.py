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


# Words that keep their capitals inside a sentence-cased heading.
PROPER_WORDS = {"Taro", "Amazon", "I", "Google", "GitHub"}


@register.filter
def sentence_case(text) -> str:
    """ "Reset My Password" → "Reset my password": the site writes headings and buttons in
    sentence case, and allauth's own pages say theirs in title case."""
    words = str(text).strip().split(" ")
    kept = [
        word
        if index == 0 or word in PROPER_WORDS or (word.isupper() and len(word) > 1)
        else word.lower()
        for index, word in enumerate(words)
    ]
    return " ".join(kept)


@register.filter(name="sentence")
def sentence_filter(text) -> str:
    """{{ reason|sentence }}: ends in exactly one full stop, however it was typed."""
    return text_sentence(str(text))
