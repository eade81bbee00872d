"""The ranked hits of a search: questions, answers and guides, best first.

Vectors are stored generated columns with GIN indexes (forum.models, guides.models); guides
expose their rows (guides.selectors.searchable_guides) and the ranking happens here.
"""

from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from forum.models import Answer, Question, thread_url
from forum.search.hits import AUTHOR_FIELDS, Hit, author_fields
from forum.search.query import relevance
from guides.selectors import searchable_guides

CANDIDATES_PER_KIND = 200
# Ranking reads every matching row; a word found in thousands of posts would make each search
# pay for all of them. Only the first MATCHES_RANKED matches per kind are ranked: exact for
# specific searches, a fair sample for very broad ones (whose best hits are titles anyway).
MATCHES_RANKED = 400


def rank(query: SearchQuery, *, kind: str = "all", topic=None) -> list[Hit]:
    """Every hit of this kind ("all", "questions" or "guides"), best first, without snippets."""
    hits: list[Hit] = []
    if kind in {"all", "questions"}:
        hits += question_hits(query, topic) + answer_hits(query, topic)
    if kind in {"all", "guides"}:
        hits += guide_hits(query, topic)
    return sorted(hits, key=lambda hit: (-hit.rank, hit.kind, -hit.pk))


def _ranked_rows(model, narrowed, query: SearchQuery, *fields: str) -> list[dict]:
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
        .values("pk", "rank", *AUTHOR_FIELDS, *fields)[:CANDIDATES_PER_KIND]
    )


def question_hits(query: SearchQuery, topic=None) -> list[Hit]:
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
        for r in _ranked_rows(Question, narrowed, query, "title", "slug", "answer_count")
    ]


def answer_hits(query: SearchQuery, topic=None) -> list[Hit]:
    narrowed = Answer.objects.filter(question__is_deleted=False)
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


def guide_hits(query: SearchQuery, topic=None) -> list[Hit]:
    rows = (
        searchable_guides(topic=topic)
        .filter(search_vector=query)
        .annotate(rank=relevance(query))
        .order_by("-rank", "order")
        .values("pk", "rank", "title", "slug")[:CANDIDATES_PER_KIND]
    )
    return [
        Hit(
            kind="guide",
            pk=r["pk"],
            rank=r["rank"],
            title=r["title"],
            url=reverse("guides:detail", args=[r["slug"]]),
        )
        for r in rows
    ]
