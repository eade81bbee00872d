"""Links from posts to guides, recorded when a post is saved so guide pages can list them."""

import re

from forum.models import Citation
from guides.models import Guide

# /guides/<slug>/ or /guides/<slug>/#section, relative or on any host (people paste full URLs).
GUIDE_LINK = re.compile(r"/guides/([a-z0-9-]+)/?(?:#([A-Za-z0-9_-]+))?")


def cited_targets(body_source: str) -> set[tuple[str, str]]:
    return {(slug, anchor or "") for slug, anchor in GUIDE_LINK.findall(body_source)}


def record_citations(*, post) -> None:
    """Replace the post's citations with the guide links its current text contains."""
    target = post.as_target()
    Citation.objects.filter(**target).delete()
    wanted = cited_targets(post.body_source)
    if not wanted:
        return
    guides = {
        g.slug: g
        for g in Guide.objects.filter(slug__in={slug for slug, _ in wanted}).only(
            "id", "slug", "toc"
        )
    }
    rows = []
    for slug, anchor in sorted(wanted):
        guide = guides.get(slug)
        if guide is None:
            continue
        section_ids = {entry["id"] for entry in guide.toc}
        rows.append(Citation(guide=guide, anchor=anchor if anchor in section_ids else "", **target))
    Citation.objects.bulk_create(rows, ignore_conflicts=True)
