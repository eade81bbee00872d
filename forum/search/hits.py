"""One search result, whatever its kind: a question, an answer or a guide section."""

from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.utils.safestring import SafeString


@dataclass
class Hit:
    kind: str  # "question", "answer" or "guide"
    pk: int
    rank: float
    title: str
    url: str
    snippet: SafeString | None = None  # None: not made yet (forum.search.results makes it per page)
    badge_short: str = ""
    is_anonymous: bool = False
    author_label: str = ""
    score: int = 0
    answer_count: int = 0
    section: str = ""  # a guide hit: the section's heading ("" for the guide's opening)
    question_id: int = 0  # an answer hit: its question
    question_url: str = ""  # an answer hit: its question's thread
    # A question hit: its answers that match too (answer Hits, best first, at most
    # grouping.ANSWERS_SHOWN), how many match, and whether the question itself matched.
    answers: tuple = ()
    answers_matching: int = 0
    matched: bool = True


HIT_FIELDS = fields(Hit)


class RankedHits(Sequence):
    """A search's ranked hits as the cache keeps them: plain tuples, made into Hit objects only
    for the slice a page shows. A common search has hundreds of hits, and unpickling them as
    objects on every page view cost more than rendering the page's twenty."""

    def __init__(
        self, hits: list[Hit], *, any_words: bool = False, corrected: str = "", suggestion=""
    ):
        self.rows = [_row(hit) for hit in hits]
        self.any_words = any_words  # the any-term fallback found some of them
        self.corrected = corrected  # they are the hits of this spelling of the search
        self.suggestion = suggestion  # a spelling to offer ("Did you mean")

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_hit(row) for row in self.rows[index]]
        return _hit(self.rows[index])

    def update(self, hits: list[Hit]) -> None:
        """Keep what was added to these hits (their snippets) for the next reader."""
        changed = {(hit.kind, hit.pk): _row(hit) for hit in hits}
        self.rows = [changed.get(row[:2], row) for row in self.rows]


ANSWERS = [field.name for field in HIT_FIELDS].index("answers")


def _row(hit: Hit) -> tuple:
    """A hit as a plain tuple, the answers under it too."""
    row = [getattr(hit, field.name) for field in HIT_FIELDS]
    row[ANSWERS] = tuple(_row(answer) for answer in hit.answers)
    return tuple(row)


def _hit(row: tuple) -> Hit:
    hit = Hit(*row)
    hit.answers = tuple(Hit(*answer) for answer in hit.answers)
    return hit


# What a question or answer hit shows of its author and score.
AUTHOR_FIELDS = (
    "badge_short",
    "is_anonymous",
    "score",
    "author__username",
    "author__profile__display_name",
)


def author_fields(row: dict) -> dict:
    """What a hit may say about its author: never a name on an anonymous post."""
    name = row["author__profile__display_name"] or row["author__username"]
    if row["is_anonymous"]:
        name = ""
    return {
        "badge_short": row["badge_short"],
        "is_anonymous": row["is_anonymous"],
        "score": row["score"],
        "author_label": name,
    }
