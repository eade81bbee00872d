"""Suggestions while someone types a question's title: similar questions and guide sections."""

from forum.models import Question
from forum.search.query import MAX_QUERY_LENGTH, any_of, relevance
from guides.selectors import searchable_guides


def similar_questions(title: str, limit: int = 5) -> list[Question]:
    words = [w for w in title.split() if len(w) > 2]
    if not words:
        return []
    query = any_of(words, max_length=MAX_QUERY_LENGTH)
    return list(
        Question.objects.visible()
        .filter(search_vector=query)
        .annotate(rank=relevance(query))
        .order_by("-rank", "-id")
        .only("id", "slug", "title", "answer_count")[:limit]
    )


def guide_sections(title: str, *, limit: int = 3) -> list[dict]:
    """Guide sections that may already answer a question being typed.

    Guides are ranked by full-text search on the title; within them, sections whose heading
    shares a word stem with the title come first, else the guide itself is suggested.
    """
    words = [w.strip("?,.!:;\"'()").lower() for w in title.split()]
    words = [w for w in words if len(w) > 2]
    if not words:
        return []
    query = any_of(words)
    guides = (
        searchable_guides()
        .filter(search_vector=query)
        .annotate(rank=relevance(query))
        .order_by("-rank")
        .only("slug", "title", "toc")[:2]
    )
    stems = {w[:5] for w in words if len(w) > 3}
    suggestions = []
    for guide in guides:
        sections = [
            entry
            for entry in guide.toc
            if stems & {w.lower()[:5] for w in entry["name"].split() if len(w) > 3}
        ]
        for entry in sections[:2] or [None]:
            suggestions.append(
                {
                    "guide": guide.title,
                    "section": entry["name"] if entry else "",
                    "url": guide.get_absolute_url() + (f"#{entry['id']}" if entry else ""),
                }
            )
    return suggestions[:limit]
