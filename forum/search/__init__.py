"""One search over questions, answers and guides, on PostgreSQL full-text search.

Vectors are stored generated columns with GIN indexes; queries use websearch_to_tsquery, so
quoted phrases and -excluded words work and no input can be a syntax error.
"""
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Answer, Question, thread_url

MAX_QUERY_LENGTH = 200
CANDIDATES_PER_KIND = 200
# Ranking reads every matching row; a word found in thousands of posts would make each search
# pay for all of them. Only the first MATCHES_RANKED matches per kind are ranked: exact for
# specific searches, a fair sample for very broad ones (whose best hits are titles anyway).
MATCHES_RANKED = 400
KINDS = {"all", "questions", "guides"}
# Control characters can't appear in stored text, so they mark highlights unambiguously;
# the snippet is escaped first and only then are the markers turned into <mark>.
START, STOP = "\x02", "\x03"
HEADLINE_OPTIONS = {"start_sel": START, "stop_sel": STOP, "max_words": 35, "min_words": 15, "max_fragments": 2,
                    "fragment_delimiter": " … "}


@dataclass
class Hit:
    kind: str  # "question", "answer" or "guide"
    pk: int
    rank: float
    title: str
    url: str
    snippet: SafeString | None = None  # None: not made yet (forum.views.search makes it per page shown)
    badge_short: str = ""
    is_anonymous: bool = False
    author_label: str = ""
    score: int = 0
    answer_count: int = 0


def clean_query(raw: str) -> tuple[str, str]:
    """The query to run and a note for the reader when it had to be changed."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH], f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
    return text, ""


# Snippets come from Markdown source: drop table rules, pipes and emphasis marks so they read as prose.
MARKDOWN_NOISE = re.compile(r"\|?\s*:?-{3,}:?\s*(?=\||$)|[|#*_`>]+")


def highlight(headline: str) -> SafeString:
    prose = " ".join(MARKDOWN_NOISE.sub(" ", headline).split())
    return mark_safe(escape(prose).replace(START, "<mark>").replace(STOP, "</mark>"))


# Levels are written both ways ("SDE 2", "SDE2", "L 6", "L6"); match either spelling.
LEVEL_TERM = re.compile(r"\b(SDE|SDM|HV|L)\s?([1-8])\b", re.IGNORECASE)


def ts_query(text: str) -> SearchQuery:
    levels = LEVEL_TERM.findall(text)
    rest = LEVEL_TERM.sub(" ", text).strip()
    query = SearchQuery(rest, search_type="websearch", config="english") if rest.strip(" -\"") else None
    for prefix, number in levels:
        either = (SearchQuery(f"{prefix}{number}", search_type="plain", config="english")
                  | SearchQuery(f"{prefix} {number}", search_type="phrase", config="english"))
        query = either if query is None else query & either
    return query if query is not None else SearchQuery(text, search_type="websearch", config="english")


AUTHOR_FIELDS = ("badge_short", "is_anonymous", "score", "author__username", "author__profile__display_name")


def _ranked_rows(model, narrowed, query: SearchQuery, *fields: str) -> list[dict]:
    """The best CANDIDATES_PER_KIND of the first MATCHES_RANKED matches, as dicts.

    The inner query touches only the GIN index and the table itself (a join there makes the
    planner walk another index row by row); `narrowed` adds the joined filters outside it.
    """
    matches = model.objects.filter(search_vector=query, is_deleted=False).values("pk")[:MATCHES_RANKED]
    return list(
        narrowed.filter(pk__in=matches)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")
        .values("pk", "rank", *AUTHOR_FIELDS, *fields)[:CANDIDATES_PER_KIND]
    )


def _author(row: dict) -> dict:
    """What a hit may say about its author: never a name on an anonymous post."""
    name = "" if row["is_anonymous"] else (row["author__profile__display_name"] or row["author__username"])
    return {"badge_short": row["badge_short"], "is_anonymous": row["is_anonymous"], "score": row["score"],
            "author_label": name}


def question_hits(query: SearchQuery, topic=None) -> list[Hit]:
    narrowed = Question.objects.filter(topics=topic) if topic is not None else Question.objects.all()
    return [
        Hit(kind="question", pk=r["pk"], rank=r["rank"], title=r["title"], url=thread_url(r["pk"], r["slug"]),
            answer_count=r["answer_count"], **_author(r))
        for r in _ranked_rows(Question, narrowed, query, "title", "slug", "answer_count")
    ]


def answer_hits(query: SearchQuery, topic=None) -> list[Hit]:
    narrowed = Answer.objects.filter(question__is_deleted=False)
    if topic is not None:
        narrowed = narrowed.filter(question__topics=topic)
    return [
        Hit(kind="answer", pk=r["pk"], rank=r["rank"], title=r["question__title"],
            url=thread_url(r["question_id"], r["question__slug"], r["pk"]), **_author(r))
        for r in _ranked_rows(Answer, narrowed, query, "question_id", "question__title", "question__slug")
    ]


def guide_hits(query: SearchQuery, topic=None) -> list[Hit]:
    from guides.selectors import search_guides

    return [Hit(kind="guide", **row) for row in search_guides(query, topic=topic, limit=CANDIDATES_PER_KIND)]


def search(text: str, *, kind: str = "all", topic=None) -> list[Hit]:
    """Every hit, best first. Snippets are added later for the page being shown only."""
    query = ts_query(text)
    hits: list[Hit] = []
    if kind in {"all", "questions"}:
        hits += question_hits(query, topic) + answer_hits(query, topic)
    if kind in {"all", "guides"}:
        hits += guide_hits(query, topic)
    return sorted(hits, key=lambda hit: (-hit.rank, hit.kind, -hit.pk))


def add_snippets(hits: list[Hit], text: str) -> None:
    """ts_headline is costly, so it runs for the 20 hits on screen, one query per kind."""
    query = ts_query(text)
    for model, kind in ((Question, "question"), (Answer, "answer")):
        ids = [h.pk for h in hits if h.kind == kind]
        if not ids:
            continue
        headlines = dict(
            model.objects.filter(pk__in=ids)
            .annotate(headline=SearchHeadline("body_source", query, config="english", **HEADLINE_OPTIONS))
            .values_list("pk", "headline")
        )
        for hit in hits:
            if hit.kind == kind:
                hit.snippet = highlight(headlines.get(hit.pk, ""))
    guide_ids = [h.pk for h in hits if h.kind == "guide"]
    if guide_ids:
        from guides.selectors import guide_headlines

        headlines = guide_headlines(guide_ids, query, HEADLINE_OPTIONS)
        for hit in hits:
            if hit.kind == "guide":
                hit.snippet = highlight(headlines.get(hit.pk, ""))


def refresh_counts(hits: list[Hit]) -> None:
    """Scores and answer counts as they are now, for the hits on screen (cached hits keep the
    ranking; votes don't move it, but they do move the numbers shown): two small queries."""
    for model, kind, fields in ((Question, "question", ("score", "answer_count")), (Answer, "answer", ("score",))):
        shown = [hit for hit in hits if hit.kind == kind]
        if not shown:
            continue
        now = {row["pk"]: row for row in model.objects.filter(pk__in=[h.pk for h in shown]).values("pk", *fields)}
        for hit in shown:
            for field in fields:
                setattr(hit, field, now.get(hit.pk, {}).get(field, getattr(hit, field)))
