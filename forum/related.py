"""A thread's related box: similar questions and guide sections (the site search's engine,
forum/search/suggestions.py) and the guide sections and video lessons the thread cites, as a
cached fragment.

Keyed on what it shows: the forum's content (other questions' titles and answer counts, and
whether they are still visible), the guides (and the lessons: every lesson write bumps
versions.GUIDES, videos/services.py), and the thread's own version (its title and the links in
its posts). So it is rendered once per version, and a cache hit runs no SQL: the
versions come from the same per-request read as the rest of the page.
"""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from forum import cache_entries
from forum.search.suggestions import related_to
from taro.fragments import Bound


def related_fragment(request: HttpRequest, question) -> Bound:
    """The box's fragment for this thread version (cache_entries.RELATED_BOX names the forum's
    and the guides' versions); the thread view prefetches its key with the page's parts."""
    return cache_entries.RELATED_BOX.bind(question.pk, question.version, request=request)


def related_box(request: HttpRequest, question, bound: Bound | None = None) -> SafeString:
    """The box's HTML, cached or rendered."""
    bound = bound or related_fragment(request, question)
    return bound.html(
        lambda: render_to_string("forum/includes/related_box.html", related_to(question)),
        request=request,
    )
