"""Did you mean…? A misspelt word corrected against the words people and guides actually use.

Core PostgreSQL only (no pg_trgm or fuzzystrmatch on the embedded server): the vocabulary is a
table of the words in posts and how many posts use them (forum.models.SearchWord), built from
ts_stat (`rebuild_vocabulary`, run by the migration and seed_bench) and counted when a post is
saved (`remember_words`), plus the guide sections' words read with ts_stat and cached per
version of the guides (`guide_words`). Only words that several posts use are offered (MIN_POSTS).
Corrections are looked for only when every-word matching found nothing (a search that finds
something has no unknown word): one query and the cached guide words, then edit distances in
Python over the few hundred words that start with the same letter and have a similar length.
The search then shows the corrected search's results when they hold every word
(forum.search.ranking), or offers the correction ("Did you mean").
"""

import re

from django.db import connection

from forum.cache_entries import GUIDE_WORDS
from forum.search.query import STOP_WORDS, ParsedQuery
from guides.models import GuideSection

WORD = re.compile(r"[a-z]{3,40}")
MIN_LENGTH = 4  # shorter words are too often abbreviations to correct
# A word from posts is offered only once this many posts used it: a word only one post holds
# (a name, a team, a hidden post's words) is never shown to someone else as a suggestion.
MIN_POSTS = 2

POST_WORDS_SQL = """
    SELECT word, ndoc FROM ts_stat($$
        SELECT to_tsvector('simple', title || ' ' || body_text) FROM forum_question
        WHERE NOT is_deleted
        UNION ALL
        SELECT to_tsvector('simple', body_text) FROM forum_answer WHERE NOT is_deleted
    $$) WHERE word ~ '^[a-z]{3,40}$'
"""


GUIDE_WORDS_SQL = f"""
    SELECT word, ndoc FROM ts_stat(
        'SELECT to_tsvector(''simple'', heading || '' '' || body_text)
           FROM {GuideSection._meta.db_table}'
    ) WHERE word ~ '^[a-z]{{2,40}}$'
"""


def remember_words(text: str) -> None:
    """Count the words of a post being saved into the vocabulary: one statement. Its callers
    hold the forum version's row lock (forum_changed() comes first in every write), so writers
    take turns; sorted all the same."""
    words = sorted({word for word in WORD.findall(text.lower()) if word not in STOP_WORDS})
    if not words:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO forum_searchword (word, documents) SELECT unnest(%s::text[]), 1 "
            "ON CONFLICT (word) DO UPDATE SET documents = forum_searchword.documents + 1",
            [words],
        )


def rebuild_vocabulary() -> None:
    """The vocabulary from every visible post (a few seconds on the reference data set)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM forum_searchword")
        cursor.execute(f"INSERT INTO forum_searchword (word, documents) {POST_WORDS_SQL}")


def corrected(parsed: ParsedQuery, *, request=None) -> str:
    """The search text with each unknown word replaced by the closest known one, or "" when
    nothing needs (or can be given) a correction."""
    words = [w for w in dict.fromkeys(parsed.words) if w.isalpha() and len(w) >= MIN_LENGTH]
    if not words:
        return ""
    known, offered = _candidates(words, request=request)
    replacements = {}
    for word in words:
        if word in known:
            continue
        best = _closest(word, offered)
        if best:
            replacements[word] = best
    if not replacements:
        return ""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda match: replacements[match.group(0).lower()], parsed.text)


def _candidates(words: list[str], *, request=None) -> tuple[set[str], dict[str, int]]:
    """Known words that could be corrections of `words` (same first letter, length within 2),
    and those that may be offered, with the number of posts or sections using them: one
    query."""
    firsts = sorted({word[0] for word in words})
    shortest = min(len(word) for word in words) - 2
    longest = max(len(word) for word in words) + 2
    sql = f"""
        SELECT word, documents, documents >= {MIN_POSTS} FROM forum_searchword
        WHERE left(word, 1) = ANY(%s) AND length(word) BETWEEN %s AND %s
    """
    known: set[str] = set()
    offered: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [firsts, shortest, longest])
        rows = cursor.fetchall()
    rows += [
        (word, documents, True)
        for word, documents in guide_words(request=request).items()
        if word[0] in firsts and shortest <= len(word) <= longest
    ]
    for word, documents, may_offer in rows:
        known.add(word)
        if may_offer:
            offered[word] = offered.get(word, 0) + documents
    return known, offered


def guide_words(*, request=None) -> dict[str, int]:
    """The guide sections' words and how many sections use each: read with ts_stat (about 15 ms
    on the reference data) once per version of the guides and cache period (GUIDE_WORDS: the
    default TTL, and nothing a search stores lives longer). With `request`, the version is the
    one the request read already."""
    words: dict[str, int] = GUIDE_WORDS.get(request=request)
    return words


def load_guide_words() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(GUIDE_WORDS_SQL)
        return dict(cursor.fetchall())


def _closest(word: str, known: dict[str, int]) -> str:
    limit = 1 if len(word) <= 5 else 2
    best, best_key = "", None
    for candidate, documents in known.items():
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -documents, candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
    return best


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours counts one), or limit + 1
    once it must exceed `limit`."""
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b and previous_previous:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]
