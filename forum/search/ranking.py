"""The ranked hits of a search: questions, answers and guide sections, best first.

Strict matching first (every term); when that finds fewer than FEW hits, the any-term query
ranks more and its hits follow the strict ones (`Ranking.any_words` says so, and the page tells
the reader). Vectors are stored generated columns with GIN indexes (forum.models,
guides.models); guides expose their sections (guides.selectors.searchable_sections) and the
ranking happens here.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from forum.models import Answer, Question, thread_url
from forum.search.hits import AUTHOR_FIELDS, Hit, author_fields
from forum.search.query import ParsedQuery, relevance
from guides.selectors import searchable_sections

FEW = 3
SECTIONS_PER_GUIDE = 2  # the best sections of a guide, not every section that mentions a word
CANDIDATES_PER_KIND = 200
# Ranking reads every matching row; a word found in thousands of posts would make each search
# pay for all of them. Only the first MATCHES_RANKED matches per kind are ranked: exact for
# specific searches, a fair sample for very broad ones (whose best hits are titles anyway).
MATCHES_RANKED = 400


@dataclass
class Ranking:
    hits: list[Hit]
    any_words: bool = False  # the any-term fallback added hits after the strict ones


def search(parsed: ParsedQuery, *, kind: str = "all", topic=None) -> Ranking:
    """Strict hits, then (when they are few) the any-term hits that are not among them."""
    if parsed.is_empty:
        return Ranking([])
    excluded = parsed.excluded()
    hits = rank(parsed.strict(), kind=kind, topic=topic, excluded=excluded)
    if len(hits) >= FEW or not parsed.has_fallback:
        return Ranking(hits)
    seen = {(hit.kind, hit.pk) for hit in hits}
    loose = rank(parsed.loose(), kind=kind, topic=topic, excluded=excluded)
    more = [hit for hit in loose if (hit.kind, hit.pk) not in seen]
    return Ranking(hits + more, any_words=bool(more))


def rank(
    query: SearchQuery, *, kind: str = "all", topic=None, excluded: SearchQuery | None = None
) -> list[Hit]:
    """Every hit of this kind ("all", "questions" or "guides"), best first, without snippets.
    `excluded` (what -terms name) also leaves out answers whose question says it: people
    exclude threads, not single posts."""
    hits: list[Hit] = []
    if kind in {"all", "questions"}:
        hits += question_hits(query, topic) + answer_hits(query, topic, excluded=excluded)
    if kind in {"all", "guides"}:
        hits += section_hits(query, topic)
    return sorted(hits, key=lambda hit: (-hit.rank, hit.kind, -hit.pk))


def _ranked_rows(
    model, narrowed, query: SearchQuery, *fields: str, limit: int = CANDIDATES_PER_KIND
) -> list[dict]:
    """The best CANDIDATES_PER_KIND of the first MATCHES_RANKED matches, as dicts.

    The inner query touches only the GIN index and the table itself (a join there makes the
    planner walk another index row by row); `narrowed` adds the joined filters outside it.
    """
    matches = model.objects.filter(search_vector=query, is_deleted=False).values("pk")
    matches = matches[:MATCHES_RANKED]
    return list(
        narrowed.filter(pk__in=matches)
        .annotate(rank=relevance(query))
        .order_by("-rank", "-id")
        .values("pk", "rank", *AUTHOR_FIELDS, *fields)[:limit]
    )


def question_hits(query: SearchQuery, topic=None, *, limit: int = CANDIDATES_PER_KIND) -> list[Hit]:
    narrowed = Question.objects.all() if topic is None else Question.objects.filter(topics=topic)
    return [
        Hit(
            kind=Question.kind,
            pk=r["pk"],
            rank=r["rank"],
            title=r["title"],
            url=thread_url(r["pk"], r["slug"]),
            answer_count=r["answer_count"],
            **author_fields(r),
        )
        for r in _ranked_rows(
            Question, narrowed, query, "title", "slug", "answer_count", limit=limit
        )
    ]


def answer_hits(
    query: SearchQuery, topic=None, *, excluded: SearchQuery | None = None
) -> list[Hit]:
    narrowed = Answer.objects.filter(question__is_deleted=False)
    if excluded is not None:
        narrowed = narrowed.exclude(question__search_vector=excluded)
    if topic is not None:
        narrowed = narrowed.filter(question__topics=topic)
    return [
        Hit(
            kind=Answer.kind,
            pk=r["pk"],
            rank=r["rank"],
            title=r["question__title"],
            url=thread_url(r["question_id"], r["question__slug"], r["pk"]),
            **author_fields(r),
        )
        for r in _ranked_rows(
            Answer, narrowed, query, "question_id", "question__title", "question__slug"
        )
    ]


def section_hits(query: SearchQuery, topic=None, *, limit: int = CANDIDATES_PER_KIND) -> list[Hit]:
    """Guide sections, at most SECTIONS_PER_GUIDE of each guide: "Guide › Section", linking to
    the section's anchor. Guides are few (a few hundred sections in all), so one query ranks
    every match."""
    rows = (
        searchable_sections(topic=topic)
        .filter(search_vector=query)
        .annotate(rank=relevance(query))
        .order_by("-rank", "guide__order", "position")
        .values("pk", "rank", "guide_title", "heading", "anchor", "guide__slug")
    )
    hits, per_guide = [], {}
    for r in rows:
        slug = r["guide__slug"]
        per_guide[slug] = per_guide.get(slug, 0) + 1
        if per_guide[slug] > SECTIONS_PER_GUIDE:
            continue
        url = reverse("guides:detail", args=[slug])
        hits.append(
            Hit(
                kind="guide",
                pk=r["pk"],
                rank=r["rank"],
                title=r["guide_title"],
                url=f"{url}#{r['anchor']}" if r["anchor"] else url,
                section=r["heading"],
            )
        )
        if len(hits) >= limit:
            break
    return hits
