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


def get_guide_page(*, slug: str) -> GuidePage:
    """Two queries: the guide with its previous/next guide annotated, then its topics."""
    guide = Guide.objects.with_topics().with_neighbours().filter(slug=slug).first()
    if guide is None:
        raise Http404("No guide with that address.")
    return GuidePage(
        guide=guide,
        previous=GuideLink(guide.previous_slug, guide.previous_title) if guide.previous_slug else None,
        next=GuideLink(guide.next_slug, guide.next_title) if guide.next_slug else None,
    )
