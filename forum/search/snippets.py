"""Highlighted snippets (ts_headline) for the hits on screen, escaped before highlighting.

They quote the plain-text rendering stored beside each post's HTML (and each guide section's),
so they read as prose: no Markdown syntax, link targets or table pipes.
"""

from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Answer, Question
from forum.search.hits import Hit
from guides.selectors import searchable_sections

# Control characters can't appear in stored text, so they mark highlights unambiguously;
# the snippet is escaped first and only then are the markers turned into <mark>.
START, STOP = "\x02", "\x03"
HEADLINE_OPTIONS: dict[str, Any] = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


def highlight(headline: str) -> SafeString:
    prose = " ".join(headline.split())
    return mark_safe(escape(prose).replace(START, "<mark>").replace(STOP, "</mark>"))


def add_snippets(hits: list[Hit], query: SearchQuery) -> None:
    """ts_headline is costly, so it runs for the hits on screen only, one query per kind."""
    sources: dict[str, QuerySet[Any]] = {
        Question.kind: Question.objects.all(),
        Answer.kind: Answer.objects.all(),
        "guide": searchable_sections(),
    }
    for hit in hits:
        if not hit.matched:  # a question shown for its answers: they are quoted, not it
            hit.snippet = SafeString("")
    for kind, queryset in sources.items():
        shown = [hit for hit in hits if hit.kind == kind and hit.snippet is None]
        if not shown:
            continue
        headlines = dict(
            queryset.filter(pk__in=[hit.pk for hit in shown])
            .annotate(
                headline=SearchHeadline("body_text", query, config="english", **HEADLINE_OPTIONS)
            )
            .values_list("pk", "headline")
        )
        for hit in shown:
            hit.snippet = highlight(headlines.get(hit.pk, ""))
