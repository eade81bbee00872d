"""What a forum write retires: the versions it moves, bumped first in its own transaction.

Cached pages and fragments are keyed on these versions (taro/versions.py, forum/fragments.py),
so a write that calls forum_changed() is seen by the next read on every worker.
"""

from django.db.models import F

from forum.models import Answer
from taro import versions


def forum_changed(
    *,
    content: bool = True,
    votes: bool = False,
    ranking: bool = False,
    question_id: int | None = None,
    answer_id: int | None = None,
) -> None:
    """Retire what readers see of this write: the site-wide versions it moves (`content`: what
    posts exist and say; `votes`: any score or acceptance; `ranking`: a question's score or
    accepted flag, which lists show), and the thread and answer it touches (taro/versions.py).

    Call it first in the write's transaction (see taro/versions.py on lock order); the new
    versions commit with the data, so no worker can serve or cache the page from before it.
    """
    moved = {versions.FORUM: content, versions.VOTES: votes, versions.RANKING: ranking}
    versions.bump(*[name for name, changed in moved.items() if changed])
    if question_id is not None:
        versions.bump_row(
            "UPDATE forum_question SET version = version + 1 WHERE id = %s RETURNING version",
            [question_id],
            thread_version_name(question_id),
        )
    if answer_id is not None:
        Answer.objects.filter(pk=answer_id).update(version=F("version") + 1)


def thread_version_name(question_id: int) -> str:
    return f"thread:{question_id}"
