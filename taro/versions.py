"""Versions of shared content, stored in PostgreSQL and bumped in the writing transaction.

Four site-wide names, each retired by the writes that change what it covers:

- FORUM: what posts exist and what they say: new, edited, deleted and restored questions and
  answers, topics, citations (list counts, search hits, guide sidebars);
- VOTES: scores and accepted answers, for what sums them up across threads (reputation);
- GUIDES: guide text and metadata (`sync_guides`);
- PEOPLE: how people are shown (display names, badges).

Rows have finer versions of their own (`Question.version` for a thread and its line in lists,
`Answer.version`), so a vote retires its own thread, the list pages that show that question
and the profiles, and leaves every other thread, list page, search and guide cached.

Lock order: a write bumps its versions *first*, before it touches content rows, so every writer
takes the FORUM row lock before any question row and two writers can never deadlock.
"""
from django.db import transaction
from django.db.models import F

from taro.models import ContentVersion

FORUM = "forum"
VOTES = "votes"
GUIDES = "guides"
PEOPLE = "people"
SITE = (FORUM, VOTES, GUIDES, PEOPLE)


def bump(*names: str) -> None:
    """Retire everything cached under these names, atomically with the caller's writes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("versions.bump() must run inside the write's transaction")
    for name in sorted(set(names)):  # one order for every writer
        if not ContentVersion.objects.filter(name=name).update(number=F("number") + 1):
            ContentVersion.objects.get_or_create(name=name, defaults={"number": 2})


def current(names: tuple[str, ...] = SITE, *, request=None) -> dict[str, int]:
    """The committed versions, in one query (a missing row reads as 1, as if never bumped).

    With `request`, read once per request: the page cache and the view key on the same numbers.
    """
    found = getattr(request, "_content_versions", None)
    if found is None:
        found = dict(ContentVersion.objects.filter(name__in=SITE).values_list("name", "number"))
        if request is not None:
            request._content_versions = found
    return {name: found.get(name, 1) for name in names}


def key(names: tuple[str, ...] = SITE, *, request=None) -> str:
    """A short cache-key part naming every version a page depends on, e.g. "forum12.guides3.people1"."""
    return ".".join(f"{name}{number}" for name, number in current(names, request=request).items())
