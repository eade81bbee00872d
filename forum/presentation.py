"""How posts read outside their own page: plain-text excerpts and the author's public label.

Used when a post is saved (the stored excerpt), and by notifications, feeds and structured data.
"""

import html

import nh3

EXCERPT_LENGTH = 400


def plain_excerpt(body_html: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(html.unescape(nh3.clean(body_html, tags=set())).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def public_author_label(post) -> str:
    """How the author appears to other people, e.g. in a notification or a feed."""
    if post.is_anonymous:
        return f"Anonymous · {post.badge_short}" if post.badge_short else "Anonymous"
    return post.author.profile.name
