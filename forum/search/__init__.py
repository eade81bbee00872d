"""Site search on PostgreSQL full-text search: questions, answers and guides in one ranking.

A search goes through four steps, one module each:

- query.py: clean what was typed and parse it once into a full-text query;
- ranking.py: rank questions, answers and guides (`Hit`s, hits.py), best first;
- snippets.py: highlighted snippets for the hits on screen only;
- results.py: one page of results, the ranking cached briefly, numbers read fresh.

suggestions.py serves the ask form (similar questions, guide sections); views.py the pages.
Guides expose their rows (guides.selectors.searchable_guides); the queries are made here.
"""

from forum.search.hits import Hit
from forum.search.query import KINDS, any_of, clean_query, parse
from forum.search.ranking import rank
from forum.search.results import SEARCH_TTL_SECONDS, refresh_counts, results_page
from forum.search.snippets import add_snippets

__all__ = [
    "KINDS",
    "SEARCH_TTL_SECONDS",
    "Hit",
    "add_snippets",
    "any_of",
    "clean_query",
    "parse",
    "rank",
    "refresh_counts",
    "results_page",
]
