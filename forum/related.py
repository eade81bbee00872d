"""A thread's related box: similar questions and guide sections (the site search's engine,
forum/search/suggestions.py) and the guide sections and video lessons the thread cites, as a
cached fragment.

Keyed on what it shows: the forum's content (other questions' titles and answer counts, and
whether they are still visible), the guides (and the lessons: every lesson write bumps
versions.GUIDES, videos/services.py), and the thread's own version (its title and the links in
its posts). So it is rendered once per version, and a cache hit runs no SQL: the
versions come from the same per-request read as the rest of the page.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from forum.search.suggestions import related_to
from taro import pagecache, versions

DEPENDS_ON = (versions.FORUM, versions.GUIDES)


def related_key(request, question) -> str:
    numbers = versions.current(DEPENDS_ON, request=request)
    return pagecache.fragment_key(
        "related", question.pk, question.version, versions.key_of(numbers)
    )


def related_box(request, question) -> SafeString:
    """The box's HTML (read through pagecache.prefetched: the thread view fetches it with the
    page's own parts)."""
    key = related_key(request, question)
    html = pagecache.prefetched(request, key)
    if html is None:
        html = render_to_string("forum/includes/related_box.html", related_to(question))
        cache.set(key, html)
    return mark_safe(html)  # noqa: S308 - our template's output, escaped when rendered
