"""One search result, whatever its kind: a question, an answer or a guide."""

from dataclasses import dataclass

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
