"""What people type, made into a PostgreSQL full-text query: parsed once per search.

Queries use websearch_to_tsquery, so quoted phrases and -excluded words work and no input can
be a syntax error.
"""

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F

MAX_QUERY_LENGTH = 200
KINDS = {"all", "questions", "guides"}
# Levels are written both ways ("SDE 2", "SDE2", "L 6", "L6"); match either spelling.
LEVEL_TERM = re.compile(r"\b(SDE|SDM|HV|L)\s?([1-8])\b", re.IGNORECASE)


def clean_query(raw: str) -> tuple[str, str]:
    """The query to run and a note for the reader when it had to be changed."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        note = f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
        return text[:MAX_QUERY_LENGTH], note
    return text, ""


def parse(text: str) -> SearchQuery:
    """The full-text query for a cleaned search text; level terms match either spelling."""
    levels = LEVEL_TERM.findall(text)
    rest = LEVEL_TERM.sub(" ", text).strip()
    query = _websearch(rest) if rest.strip(' -"') else None
    for prefix, number in levels:
        either = SearchQuery(
            f"{prefix}{number}", search_type="plain", config="english"
        ) | SearchQuery(f"{prefix} {number}", search_type="phrase", config="english")
        query = either if query is None else query & either
    return query if query is not None else _websearch(text)


def any_of(words: Iterable[str], *, max_length: int | None = None) -> SearchQuery:
    """A query matching any of `words` (suggestions while asking, a guide's related questions),
    its text cut at `max_length` characters when given."""
    text = " OR ".join(words)
    return _websearch(text[:max_length] if max_length else text)


def relevance(query: SearchQuery) -> SearchRank:
    """How well a row's stored vector matches `query`, to annotate and order by. F(): the stored
    column; a bare "search_vector" would make Django wrap it in to_tsvector() and recompute it
    for every candidate row (300 ms on the reference data)."""
    return SearchRank(F("search_vector"), query)


def _websearch(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")
