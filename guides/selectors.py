"""Reads for guide pages. Each function runs a fixed number of queries, whatever the data."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from guides import cache_entries
from guides.models import Guide, GuideSection
from taro.models import Topic

if TYPE_CHECKING:  # django-stubs-ext is a development tool, not installed in production
    from django_stubs_ext import WithAnnotations


class _Neighbours(TypedDict):
    """What GuideQuerySet.with_neighbours() annotates."""

    previous_slug: str | None  # None: the first guide, which has no previous one
    previous_title: str  # read only when the slug is set
    next_slug: str | None
    next_title: str


@dataclass(frozen=True)
class GuideLink:
    slug: str
    title: str

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", args=[self.slug])


@dataclass(frozen=True)
class GuidePage:
    guide: Guide
    previous: GuideLink | None
    next: GuideLink | None


def guides_for_index() -> list[Guide]:
    """Two queries: the guides, then their topics."""
    return list(Guide.objects.for_list())


def guide_cards() -> list[Guide]:
    """What a card on the hub shows (no topics): one query."""
    return list(
        Guide.objects.only("slug", "title", "summary", "reading_minutes").order_by("order", "slug")
    )


def get_guide_page(*, slug: str, request: HttpRequest | None = None) -> GuidePage:
    """The guide with its neighbours and topics: two queries, or none when the cache holds the
    page for this version of the guides (cache_entries.GUIDE_PAGE). With `request`, read from
    what the view prefetched (taro.pagecache.prefetch)."""
    page: GuidePage = cache_entries.GUIDE_PAGE.get(slug, request=request)
    return page


def load_guide_page(slug: str) -> GuidePage:
    # with_neighbours() returns the queryset's own type: the plugin doesn't follow its annotate().
    guide = cast(
        "WithAnnotations[Guide, _Neighbours] | None",
        Guide.objects.with_topics()
        .with_neighbours()
        .defer("body_source")
        .filter(slug=slug)
        .first(),
    )
    if guide is None:
        raise Http404("No guide with that address.")
    return GuidePage(
        guide=guide,
        previous=GuideLink(guide.previous_slug, guide.previous_title)
        if guide.previous_slug
        else None,
        next=GuideLink(guide.next_slug, guide.next_title) if guide.next_slug else None,
    )


# Bookkeeping sections every sourced guide ends with (`## What changed`, then `## Sources`): a list
# of citations and a dated change log. Their words echo the guide's topic (article titles), so
# they would rank as hits while answering nothing.
UNSEARCHED_HEADINGS = ("Sources", "What changed")


def searchable_sections(*, topic: Topic | None = None) -> QuerySet[GuideSection]:
    """The guide sections the site search may show (with `topic`, only those of guides on it), as
    a queryset: the forum's search matches, ranks and quotes them."""
    sections = GuideSection.objects.exclude(level=2, heading__in=UNSEARCHED_HEADINGS)
    return sections.filter(guide__topics=topic) if topic is not None else sections
