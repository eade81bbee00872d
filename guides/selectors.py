"""Reads for guide pages. Each function runs a fixed number of queries, whatever the data."""
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from guides.models import Guide


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
    return list(Guide.objects.only("slug", "title", "summary", "reading_minutes").order_by("order", "slug"))


def get_guide_page(*, slug: str, guides_version: int) -> GuidePage:
    """The guide with its neighbours and topics: two queries, or none when the cache holds the
    page for this version of the guides (guides change only with `sync_guides`, which moves it)."""
    from django.core.cache import cache

    key = f"guide-page:{slug}:{guides_version}"
    page = cache.get(key)
    if page is None:
        page = _load_guide_page(slug)
        cache.set(key, page)
    return page


def _load_guide_page(slug: str) -> GuidePage:
    guide = Guide.objects.with_topics().with_neighbours().defer("body_source").filter(slug=slug).first()
    if guide is None:
        raise Http404("No guide with that address.")
    return GuidePage(
        guide=guide,
        previous=GuideLink(guide.previous_slug, guide.previous_title) if guide.previous_slug else None,
        next=GuideLink(guide.next_slug, guide.next_title) if guide.next_slug else None,
    )


def search_guides(query, *, topic=None, limit: int = 200) -> list[dict]:
    """Guides matching a SearchQuery, best first, as plain rows for the site search."""
    from django.contrib.postgres.search import SearchRank
    from django.db.models import F

    guides = Guide.objects.filter(search_vector=query)
    if topic is not None:
        guides = guides.filter(topics=topic)
    rows = (guides.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "order")
            .values("pk", "rank", "title", "slug")[:limit])
    return [{"pk": r["pk"], "rank": r["rank"], "title": r["title"],
             "url": reverse("guides:detail", args=[r["slug"]])} for r in rows]


def guide_headlines(ids: list[int], query, options: dict) -> dict[int, str]:
    from django.contrib.postgres.search import SearchHeadline

    return dict(
        Guide.objects.filter(pk__in=ids)
        .annotate(headline=SearchHeadline("body_source", query, config="english", **options))
        .values_list("pk", "headline")
    )


def suggest_sections(title: str, *, limit: int = 3) -> list[dict]:
    """Guide sections that may already answer a question being typed.

    Guides are ranked by full-text search on the title; within them, sections whose heading
    shares a word stem with the title come first, else the guide itself is suggested.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    words = [w.strip("?,.!:;\"'()").lower() for w in title.split()]
    words = [w for w in words if len(w) > 2]
    if not words:
        return []
    query = SearchQuery(" OR ".join(words), search_type="websearch", config="english")
    guides = (Guide.objects.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
              .order_by("-rank").only("slug", "title", "toc")[:2])
    stems = {w[:5] for w in words if len(w) > 3}
    suggestions = []
    for guide in guides:
        sections = [e for e in guide.toc if stems & {w.lower()[:5] for w in e["name"].split() if len(w) > 3}]
        for entry in sections[:2] or [None]:
            suggestions.append({
                "guide": guide.title,
                "section": entry["name"] if entry else "",
                "url": (reverse("guides:detail", args=[guide.slug])
                        + (f"#{entry['id']}" if entry else "")),
            })
    return suggestions[:limit]
