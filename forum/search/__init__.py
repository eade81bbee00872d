"""Site search on PostgreSQL full-text search: questions, answers and guide sections in one
ranking.

A search goes through four steps, one module each:

- query.py: clean what was typed and parse it once (operators, question words read as intent
  by intent.py, and every spelling of each term from synonyms.py) into a strict and an
  any-term full-text query;
- ranking.py: rank questions, answers and guide sections (`Hit`s, hits.py), best first, a title
  or heading that says the search ranking higher: strict hits, then a corrected spelling or the
  any-term fallback when they are few; answers grouped under their question (grouping.py);
- snippets.py: highlighted snippets for the hits on screen only, from stored plain text;
- results.py: one page of results, the ranking cached briefly, numbers read fresh; for a search
  that finds nothing, a corrected spelling (spelling.py) and the closest guide sections.

suggestions.py serves the ask form and a thread's related box from the same engine; views.py
the pages. Guides expose their sections (guides.selectors.searchable_sections); the queries are
made here.
"""

from forum.search.hits import Hit
from forum.search.query import KINDS, any_of, clean_query, parse
from forum.search.ranking import rank, search
from forum.search.results import (
    SEARCH_TTL_SECONDS,
    no_results_help,
    ranking_key,
    refresh_counts,
    results_page,
)
from forum.search.snippets import add_snippets
from forum.search.spelling import corrected

__all__ = [
    "KINDS",
    "SEARCH_TTL_SECONDS",
    "Hit",
    "add_snippets",
    "any_of",
    "clean_query",
    "corrected",
    "no_results_help",
    "parse",
    "rank",
    "refresh_counts",
    "ranking_key",
    "results_page",
    "search",
]
