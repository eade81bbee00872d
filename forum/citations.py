"""Links from posts to guides and to career video lessons, recorded when a post is saved so
guide pages and lesson pages can list the threads that cite them."""

import re

from forum.models import Citation, LessonCitation
from guides.models import Guide
from videos.selectors import lesson_ids

# /guides/<slug>/ or /guides/<slug>/#section, relative or on any host (people paste full URLs).
GUIDE_LINK = re.compile(r"/guides/([a-z0-9-]+)/?(?:#([A-Za-z0-9_-]+))?")


def cited_targets(body_source: str) -> set[tuple[str, str]]:
    return {(slug, anchor or "") for slug, anchor in GUIDE_LINK.findall(body_source)}


# /videos/<slug>/, optionally at a moment: #t=83 (what the player and search results link to) or
# ?t=83 (the no-JavaScript chapter links); fractions of a second are dropped.
LESSON_LINK = re.compile(r"/videos/([a-z0-9_-]+)/?(?:[?#]t=(\d+)(?:\.\d+)?)?")


def cited_moments(body_source: str) -> set[tuple[str, int]]:
    """(lesson slug, seconds) for each lesson link; 0 = the lesson as a whole."""
    return {(slug, int(seconds or 0)) for slug, seconds in LESSON_LINK.findall(body_source)}


def record_citations(*, post) -> None:
    """Replace the post's citations with the guide and lesson links its current text contains."""
    record_guide_citations(post=post)
    record_lesson_citations(post=post)


def record_lesson_citations(*, post) -> None:
    """Links to lessons that exist, published or not: the pages that show them read only
    published, ready lessons, so a citation counts from the day its lesson is published."""
    target = post.as_target()
    LessonCitation.objects.filter(**target).delete()
    wanted = cited_moments(post.body_source)
    if not wanted:
        return
    ids = lesson_ids({slug for slug, _ in wanted})
    rows = [
        LessonCitation(lesson_id=ids[slug], seconds=seconds, **target)
        for slug, seconds in sorted(wanted)
        if slug in ids
    ]
    LessonCitation.objects.bulk_create(rows, ignore_conflicts=True)


def record_guide_citations(*, post) -> None:
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
