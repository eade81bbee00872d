"""The ranked hits of a search: questions, answers and guide sections, best first.

Strict matching first (every term); when that finds fewer than FEW hits, the any-term query
ranks more and its hits follow the strict ones (`Ranking.any_words` says so, and the page tells
the reader). A title or heading that says more of the search ranks higher (`Headings`), and
answers are shown under their question, once (grouping.py). Vectors are stored generated
columns with GIN indexes (forum.models, guides.models); guides expose their sections
(guides.selectors.searchable_sections) and the ranking happens here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Case, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse

from forum.models import SEARCH_BUCKET, Answer, Question, thread_url
from forum.search.grouping import grouped
from forum.search.hits import AUTHOR_FIELDS, Hit, author_fields
from forum.search.query import CONFIG, ParsedQuery, parse, relevance
from forum.search.spelling import corrected
from guides.selectors import searchable_sections

FEW = 3
SECTIONS_PER_GUIDE = 2  # the best sections of a guide, not every section that mentions a word
CANDIDATES_PER_KIND = 200
# Ranking reads every matching row; a word found in thousands of posts would make each search
# pay for all of them. Only the first MATCHES_RANKED matches per kind are ranked: exact for
# specific searches, a fair sample for very broad ones (whose best hits are titles anyway).
MATCHES_RANKED = 400
# What a title or heading that says every term of the search adds to its rank (ts_rank gives a
# title match about 0.1-0.6): enough to lead the hits that only mention the words.
HEADING_WEIGHT = 0.5
NOTHING_SAID = Value(0.0)
# A search that names a guide (its title says it) finds the guide's opening first, before the
# sections of other guides headed with the same words.
GUIDE_NAMED = 1.5


@dataclass
class Ranking:
    hits: list[Hit]
    any_words: bool = False  # the any-term fallback added hits after the strict ones
    corrected: str = ""  # the hits are for this spelling of the search (spelling.py)
    suggestion: str = ""  # a spelling that found no more: offered, not used


def search(parsed: ParsedQuery, *, kind: str = "all", topic=None, request=None) -> Ranking:
    """Strict hits; when they are few, those of the corrected spelling if a word is misspelt
    and it finds more ("promtion document"), else the any-term hits that are not among them."""
    if parsed.is_empty:
        return Ranking([])
    excluded = parsed.excluded()
    headings = Headings.of(parsed)
    hits = rank(parsed.strict(), kind=kind, topic=topic, excluded=excluded, headings=headings)
    spelling = ""
    if len(hits) < FEW:
        spelling = corrected(parsed, request=request)
        fixed = parse(spelling) if spelling else None
        if fixed and not fixed.is_empty:
            better = rank(
                fixed.strict(),
                kind=kind,
                topic=topic,
                excluded=fixed.excluded(),
                headings=Headings.of(fixed),
            )
            if len(better) > len(hits):
                return Ranking(grouped(better), corrected=spelling)
    if len(hits) >= FEW or not parsed.has_fallback:
        return Ranking(grouped(hits), suggestion=spelling)
    seen = {(hit.kind, hit.pk) for hit in hits}
    loose = rank(parsed.loose(), kind=kind, topic=topic, excluded=excluded, headings=headings)
    more = [hit for hit in loose if (hit.kind, hit.pk) not in seen]
    return Ranking(grouped(hits + more), any_words=bool(more), suggestion=spelling)


def rank(
    query: SearchQuery,
    *,
    kind: str = "all",
    topic=None,
    excluded: SearchQuery | None = None,
    headings: Headings | None = None,
) -> list[Hit]:
    """Every hit of this kind ("all", "questions" or "guides"), best first, without snippets.
    `excluded` (what -terms name) also leaves out answers whose question says it: people
    exclude threads, not single posts. With `headings`, a title or heading that says more of
    the search ranks higher."""
    hits: list[Hit] = []
    if kind in {"all", "questions"}:
        hits += question_hits(query, topic, headings=headings)
        hits += answer_hits(query, topic, excluded=excluded)
    if kind in {"all", "guides"}:
        hits += section_hits(query, topic, headings=headings)
    return sorted(hits, key=lambda hit: (-hit.rank, hit.kind, -hit.pk))


@dataclass(frozen=True)
class Headings:
    """The search's terms as they may appear in a title or heading: a hit whose title or
    heading says a share of them gains up to HEADING_WEIGHT. So "LP bias for action examples"
    finds the section headed "Bias for Action" before the sections that only mention bias and
    action, and "how many pages is a promo doc" the one headed "How long the document runs".
    A guide's opening section (no heading of its own) is headed by the guide's title, and
    counts it GUIDE_NAMED times."""

    texts: list[tuple[str, int]]  # (a clause's text for weight A, what saying it counts)
    title_texts: Sequence[tuple[str, int]] = ()  # the same for weight C (a section's guide title)

    @classmethod
    def of(cls, parsed: ParsedQuery) -> Headings:
        return cls(parsed.heading_texts("A"), parsed.heading_texts("C"))

    @property
    def total(self) -> int:
        return sum(weight for _, weight in self.texts)

    def said(self, vector: str = "search_vector", *, opening_title: bool = False):
        """How much of the search the title or heading says (0 when there are no terms); with
        `opening_title`, a guide's opening section counts its guide's title (weight C)."""
        if not self.texts:
            return Value(0.0)
        cases = []
        for (text, weight), (title_text, _) in zip(
            self.texts, self.title_texts or self.texts, strict=True
        ):
            whens = [When(Q(**{vector: _raw(text)}), then=Value(float(weight)))]
            if opening_title:
                opening = Q(anchor="", **{vector: _raw(title_text)})
                whens.append(When(opening, then=Value(weight * GUIDE_NAMED)))
            cases.append(Case(*whens, default=Value(0.0), output_field=FloatField()))
        return sum(cases, start=Value(0.0))

    def bonus(self, said: float) -> float:
        """Squared: a heading that says the whole search gains all of HEADING_WEIGHT, one that
        says half of it a quarter (a heading saying only "rating" is no answer to "NI
        rating")."""
        return HEADING_WEIGHT * (said / self.total) ** 2 if self.texts else 0.0

    @property
    def enough(self) -> int:
        """A guide section whose heading says this much of the search is a hit even when its
        text lacks the rest ("bias for action" for "LP bias for action examples")."""
        return max(2, math.ceil(self.total / 2))


def _ranked_rows(
    model,
    narrowed,
    query: SearchQuery,
    *fields: str,
    limit: int = CANDIDATES_PER_KIND,
    said=NOTHING_SAID,
    matches=None,
) -> list[dict]:
    """The best CANDIDATES_PER_KIND of MATCHES_RANKED matches (`matches`, default the first
    found), as dicts, each with `said`: how many of the terms its title says.

    The inner query touches only the GIN index and the table itself (a join there makes the
    planner walk another index row by row); `narrowed` adds the joined filters outside it.
    """
    if matches is None:
        matches = model.objects.filter(search_vector=query, is_deleted=False).values("pk")
        matches = matches[:MATCHES_RANKED]
    return list(
        narrowed.filter(pk__in=matches)
        .annotate(rank=relevance(query), said=said)
        .order_by("-rank", "-id")
        .values("pk", "rank", "said", *AUTHOR_FIELDS, *fields)[:limit]
    )


def question_hits(
    query: SearchQuery,
    topic=None,
    *,
    limit: int = CANDIDATES_PER_KIND,
    headings: Headings | None = None,
) -> list[Hit]:
    narrowed = Question.objects.all() if topic is None else Question.objects.filter(topics=topic)
    headings = headings or NO_HEADINGS
    rows = _ranked_rows(
        Question,
        narrowed,
        query,
        "title",
        "slug",
        "answer_count",
        limit=limit,
        said=headings.said(),
    )
    return [
        Hit(
            kind=Question.kind,
            pk=r["pk"],
            rank=r["rank"] + headings.bonus(r["said"]),
            title=r["title"],
            url=thread_url(r["pk"], r["slug"]),
            answer_count=r["answer_count"],
            **author_fields(r),
        )
        for r in rows
    ]


def answer_hits(
    query: SearchQuery,
    topic=None,
    *,
    excluded: SearchQuery | None = None,
) -> list[Hit]:
    """Answers, ranked by their own text: they are shown under their question
    (forum.search.grouping), which ranks with its title when it matches too. (Checking the
    question's title for every answer would read each question's vector: too slow.)"""
    narrowed = Answer.objects.filter(question__is_deleted=False)
    if excluded is not None:
        narrowed = narrowed.exclude(question__search_vector=excluded)
    if topic is not None:
        narrowed = narrowed.filter(question__topics=topic)
    rows = _ranked_rows(
        Answer,
        narrowed,
        query,
        "question_id",
        "question__title",
        "question__slug",
        matches=newest_answer_matches(query),
    )
    return [
        Hit(
            kind=Answer.kind,
            pk=r["pk"],
            rank=r["rank"],
            title=r["question__title"],
            url=thread_url(r["question_id"], r["question__slug"], r["pk"]),
            question_id=r["question_id"],
            question_url=thread_url(r["question_id"], r["question__slug"]),
            **author_fields(r),
        )
        for r in rows
    ]


# Newest first: the answers of the newest RECENT_BUCKETS search buckets (forum.models.
# SEARCH_BUCKET), read along answer_search_recent, which yields only that slice's matches. Only
# when few of them (under DENSE) have the words are the older answers read too, along the plain
# index: a rare word has few matches anywhere, so few to gather. The plain index alone gathers
# every match of a common word before the first is read: 42,000 answers and 14 ms for
# "promotion document" at ten times the reference data, against about 1 ms this way
# (docs/benchmark.md).
# The indexes know which words a post has, not where: a phrase ("promotion document", or TT
# for "top tier") is checked on each post that has all its words, which for common words was
# every one of tens of thousands of rows (120 ms). So the rows having the words (`words`: the
# query with its phrases made ANDs) are read first, at most EXAMINED of them per part, and the
# query itself is checked on those only. For a query without a phrase, `words` is the query.
NEWEST_ANSWER_MATCHES = """
WITH typed AS MATERIALIZED (SELECT {tsquery} AS query),
bounds AS MATERIALIZED (
    SELECT query,
           regexp_replace(query::text, '<(-|[0-9]+)>', '&', 'g')::tsquery AS words,
           (SELECT max(id) FROM {table}) / %s - %s AS first_recent
      FROM typed
),
recent_words AS MATERIALIZED (
    SELECT a.id, a.search_vector FROM {table} a, bounds
     WHERE a.search_bucket >= bounds.first_recent
       AND NOT a.is_deleted AND a.search_vector @@ bounds.words
     LIMIT %s
),
recent AS MATERIALIZED (
    SELECT worded.id FROM recent_words worded, bounds
     WHERE worded.search_vector @@ bounds.query
     LIMIT %s
)
SELECT id FROM (
    SELECT id FROM recent
    UNION ALL
    SELECT worded.id
      FROM (SELECT a.id, a.search_vector FROM {table} a, bounds
             WHERE NOT a.is_deleted AND a.search_vector @@ bounds.words
             LIMIT %s) worded,
           bounds
     WHERE (SELECT count(*) FROM recent_words) < %s
       AND worded.id < bounds.first_recent * %s
       AND worded.search_vector @@ bounds.query
) found
LIMIT %s
"""
RECENT_BUCKETS = 2
EXAMINED = 5 * MATCHES_RANKED
# Words that this many of the newest buckets' answers have are common (1% and more): those
# answers are the sample ranked (CANDIDATES_PER_KIND are kept), and the older ones are not
# read. Rarer words are looked for in every older answer too, along the plain index: few rows
# to gather.
DENSE = CANDIDATES_PER_KIND


def newest_answer_matches(query: SearchQuery) -> RawSQL:
    """The ids of MATCHES_RANKED answers matching `query`, newest first (see
    NEWEST_ANSWER_MATCHES), for `pk__in`."""
    compiler = Answer.objects.all().query.get_compiler(connection=connection)
    tsquery, params = compiler.compile(query.resolve_expression(compiler.query))
    sql = NEWEST_ANSWER_MATCHES.format(tsquery=tsquery, table=Answer._meta.db_table)
    ranked, bucket = MATCHES_RANKED, SEARCH_BUCKET
    examined = max(EXAMINED, ranked)
    return RawSQL(
        sql,
        [
            *params,
            bucket,
            RECENT_BUCKETS - 1,
            examined,
            ranked,
            examined,
            DENSE,
            bucket,
            ranked,
        ],
    )


def section_hits(
    query: SearchQuery,
    topic=None,
    *,
    limit: int = CANDIDATES_PER_KIND,
    headings: Headings | None = None,
) -> list[Hit]:
    """Guide sections, at most SECTIONS_PER_GUIDE of each guide: "Guide › Section", linking to
    the section's anchor. Guides are few (a few hundred sections in all), so one query ranks
    every match, and a section whose heading says most of the search is a match even when its
    text lacks a word (Headings.enough)."""
    headings = headings or NO_HEADINGS
    matching = Q(search_vector=query)
    if headings.total > 1:
        matching |= Q(said__gte=headings.enough)
    rows = (
        searchable_sections(topic=topic)
        .annotate(said=headings.said(opening_title=True))
        .filter(matching)
        .annotate(rank=relevance(query))
        .order_by("-rank", "guide__order", "position")
        .values("pk", "rank", "said", "guide_title", "heading", "anchor", "guide__slug")
    )
    ranked = sorted(rows, key=lambda r: -(r["rank"] + headings.bonus(r["said"])))
    hits: list[Hit] = []
    per_guide: dict[str, int] = {}
    for r in ranked:
        slug = r["guide__slug"]
        per_guide[slug] = per_guide.get(slug, 0) + 1
        if per_guide[slug] > SECTIONS_PER_GUIDE:
            continue
        url = reverse("guides:detail", args=[slug])
        hits.append(
            Hit(
                kind="guide",
                pk=r["pk"],
                rank=r["rank"] + headings.bonus(r["said"]),
                title=r["guide_title"],
                url=f"{url}#{r['anchor']}" if r["anchor"] else url,
                section=r["heading"],
            )
        )
        if len(hits) >= limit:
            break
    return hits


NO_HEADINGS = Headings([])


def _raw(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="raw", config=CONFIG)
