"""A page of search results: the ranking cached briefly, snippets and fresh numbers per page."""

import hashlib

from django.conf import settings
from django.db import connection

from forum.cache_entries import SEARCH_RANKING
from forum.models import Answer, Question
from forum.search.grouping import each_hit
from forum.search.hits import Hit, RankedHits
from forum.search.query import ParsedQuery, parse
from forum.search.ranking import search, section_hits
from forum.search.snippets import add_snippets
from forum.search.spelling import corrected

SEARCH_TTL_SECONDS = settings.SEARCH_TTL_SECONDS


def ranking_parts(text: str, *, kind: str, topic) -> tuple[str, object, str]:
    """What a search's ranking is cached per (cache_entries.SEARCH_RANKING, which also names the
    versions of what hits show): the kind, the topic and the text's digest."""
    return kind, topic.pk if topic else "", hashlib.sha256(text.encode()).hexdigest()


def ranking_key(text: str, *, kind: str, topic, request=None) -> str:
    return SEARCH_RANKING.key(*ranking_parts(text, kind=kind, topic=topic), request=request)


def rank(kind: str, topic_pk: object, digest: str, *, parsed: ParsedQuery, topic, request=None):
    """SEARCH_RANKING's loader: the search ranked, without snippets yet."""
    ranking = search(parsed, kind=kind, topic=topic, request=request)
    return RankedHits(
        ranking.hits,
        any_words=ranking.any_words,
        corrected=ranking.corrected,
        suggestion=ranking.suggestion,
    )


def results_page(text: str, *, kind: str, topic, paginate, request=None):
    """The page of hits `paginate(hits)` picks, for a cleaned search text.

    The ranked hits are cached for SEARCH_TTL_SECONDS per search (SEARCH_RANKING), for every
    reader. Snippets are made for the hits on the page shown and kept with the ranking; scores
    and answer counts are read fresh, so a vote costs a search one small query, not a new
    ranking. With `request`, the ranking is read through what the view prefetched.
    """
    parsed = parse(text)
    parts = ranking_parts(text, kind=kind, topic=topic)
    hits = SEARCH_RANKING.peek(*parts, request=request)
    ranked_now = not isinstance(hits, RankedHits)  # missing, or stored by an older release
    if ranked_now:
        hits = SEARCH_RANKING.loader(*parts, parsed=parsed, topic=topic, request=request)
    page = paginate(hits)
    page.any_words = getattr(hits, "any_words", False)  # a ranking stored by an older release
    page.corrected = getattr(hits, "corrected", "")
    page.suggestion = getattr(hits, "suggestion", "")
    page.object_list = list(page.object_list)  # Hit objects, made once for this page
    shown = list(each_hit(page.object_list))
    unsnipped = [hit for hit in shown if hit.snippet is None]
    if unsnipped:
        searched = parse(page.corrected) if page.corrected else parsed
        add_snippets(unsnipped, searched.highlight())
        hits.update(page.object_list)
    if ranked_now or unsnipped:
        SEARCH_RANKING.put(hits, *parts, request=request)
    refresh_counts(shown)
    # The list's HTML is cached too (templates/forum/search.html), keyed on everything it shows:
    # what the ranking is cached per (with its versions: titles, names, snippets), the page, and
    # the numbers just read.
    numbers = [(hit.kind, hit.pk, hit.score, hit.answer_count) for hit in shown]
    page.parsed = parsed
    page.html_key = (*parts, page.number, hashlib.sha256(repr(numbers).encode()).hexdigest())
    return page


def refresh_counts(hits: list[Hit]) -> None:
    """Scores and answer counts as they are now, for the hits on screen (cached hits keep the
    ranking; votes don't move it, but they do move the numbers shown): one small query for both
    kinds (a page showing questions, answers and guide sections stays within the key pages'
    query budget), in plain SQL (on a cached search it is most of the page's work, and the ORM
    spent longer building it than PostgreSQL running it)."""
    questions = [hit for hit in hits if hit.kind == Question.kind]
    answers = [hit for hit in hits if hit.kind == Answer.kind]
    if not questions and not answers:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'q', id, score, answer_count FROM {Question._meta.db_table} "
            "WHERE id = ANY(%s) UNION ALL "
            f"SELECT 'a', id, score, 0 FROM {Answer._meta.db_table} WHERE id = ANY(%s)",
            [[hit.pk for hit in questions], [hit.pk for hit in answers]],
        )
        now = {(kind, pk): numbers for kind, pk, *numbers in cursor.fetchall()}
    for kind, shown in (("q", questions), ("a", answers)):
        for hit in shown:
            found = now.get((kind, hit.pk))
            if found is None:  # gone since the ranking was cached: the numbers it had
                continue
            hit.score = found[0]
            if kind == "q":
                hit.answer_count = found[1]


def no_results_help(
    parsed: ParsedQuery, *, limit: int = 3, request=None, suggestion: str | None = None
) -> dict:
    """What a search that found nothing offers instead: a corrected spelling (when a word is
    unknown but close to one in use; `suggestion` when the search made it already) and the
    guide sections closest to it. At most three queries."""
    if suggestion is None:
        suggestion = corrected(parsed, request=request)
    sections = section_hits(parsed.loose(), limit=limit) if not parsed.is_empty else []
    if not sections and suggestion:
        sections = section_hits(parse(suggestion).loose(), limit=limit)
    return {"suggestion": suggestion, "sections": sections}
