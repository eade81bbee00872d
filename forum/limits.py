"""Posting limits, counted from the rows they limit, inside the write's own transaction.

The settings give (count, window in seconds) per action; accounts younger than a day get the
stricter numbers. Counting rows (not cache counters) keeps the limit exact across app servers,
under concurrency (the author's row is locked first, so two requests of one person take turns)
and through a cache restart or eviction. Staff are never limited.
"""

import re
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from forum.models import Answer, Question, Vote
from taro import dates

DUPLICATE_WINDOW_SECONDS = 60
NEW_ACCOUNT_MAX_LINKS = 2


class LimitExceeded(Exception):
    def __init__(self, message: str, retry_at=None):
        super().__init__(message)
        self.retry_at = retry_at


def is_new_account(user) -> bool:
    return user.date_joined > timezone.now() - timedelta(days=1)


def _rule(user, action: str) -> tuple[int, int]:
    limits = settings.TARO_POSTING_LIMITS[action]
    return limits["new" if is_new_account(user) else "established"]


def _recent_rows(user, action: str, since):
    if action == "vote":
        return Vote.objects.filter(user=user, created_at__gte=since)
    model = Question if action == "question" else Answer
    return model.objects.filter(author=user, created_at__gte=since)


def lock_author(user) -> None:
    """Serialize one person's writes, so counting then inserting can't race with itself.

    FOR NO KEY UPDATE: it doesn't block other people's rows that merely reference this user.
    """
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list(
        "pk"
    ).first()


def check_limit(*, user, action: str) -> None:
    """Raise LimitExceeded when `user` has used up the window for `action`. Call inside the write's
    transaction after `lock_author`."""
    if user.is_staff:
        return
    allowed, seconds = _rule(user, action)
    rows = _recent_rows(user, action, timezone.now() - timedelta(seconds=seconds))
    used = rows.count()
    if used < allowed:
        return
    oldest = rows.order_by("created_at").values_list("created_at", flat=True).first()
    retry_at = oldest + timedelta(seconds=seconds)
    when = dates.moment(retry_at)
    raise LimitExceeded(
        f"You’ve reached the limit of {allowed} {action}s for now. "
        f"You can post again after {when}. "
        "Your text is still here.",
        retry_at=retry_at,
    )


def _normalized(body: str) -> str:
    return " ".join(body.split())


def check_duplicate(*, user, action: str, body: str) -> None:
    """The same body twice within a minute is almost always a double submit or spam."""
    since = timezone.now() - timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    recent = _recent_rows(user, action, since).values_list("body_source", flat=True)
    if any(_normalized(text) == _normalized(body) for text in recent):
        raise LimitExceeded(
            "You posted this exact text less than a minute ago. "
            "If it didn’t appear, refresh the page."
        )


def count_links(text: str) -> int:
    return len(re.findall(r"https?://|www\.", text, flags=re.I))


def check_links(*, user, body: str) -> None:
    if is_new_account(user) and not user.is_staff and count_links(body) > NEW_ACCOUNT_MAX_LINKS:
        raise LimitExceeded(
            f"New accounts can include at most {NEW_ACCOUNT_MAX_LINKS} links per post. "
            "Remove some links, or post again tomorrow."
        )


def enforce_posting(*, user, action: str, body: str) -> None:
    """Every rule for a new question or answer, exact under concurrency (inside the transaction)."""
    check_links(user=user, body=body)
    lock_author(user)
    check_limit(user=user, action=action)
    check_duplicate(user=user, action=action, body=body)


def enforce_voting(*, user) -> None:
    lock_author(user)
    check_limit(user=user, action="vote")


def throttle_preview(*, user) -> None:
    """Raise LimitExceeded past settings.TARO_PREVIEW_LIMIT previews in its window (which opens
    at the person's first preview). A preview stores no row to count, so a counter in the shared
    cache keeps it; when the cache is down the preview is allowed (rendering is linear in the
    text, whose size the view caps)."""
    allowed, seconds = settings.TARO_PREVIEW_LIMIT
    key = f"preview-count:{user.pk}"
    try:
        cache.add(key, 0, seconds)
        used = cache.incr(key)
    except (ValueError, TypeError):  # the key vanished (eviction) or the cache is down
        return
    if used is not None and used > allowed:
        raise LimitExceeded(
            "You are previewing very fast. Wait a minute and try again.",
            retry_at=time.time() + seconds,
        )
