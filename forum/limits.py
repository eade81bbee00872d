"""Posting limits, kept in the cache (Redis in production) and configured in settings.

Fixed windows: cheap, shared by every app server through the cache, and precise enough to
stop a flood. New accounts (younger than a day) get the stricter numbers.
"""
import hashlib
import time
from datetime import datetime, timedelta, timezone as dt_timezone

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

DUPLICATE_WINDOW_SECONDS = 60


class LimitExceeded(Exception):
    def __init__(self, message: str, retry_at: datetime | None = None):
        super().__init__(message)
        self.retry_at = retry_at


def _rule(user, action: str) -> tuple[int, int]:
    limits = settings.TARO_POSTING_LIMITS[action]
    is_new = user.date_joined > timezone.now() - timedelta(days=1)
    return limits["new" if is_new else "established"]


def _window(user, action: str) -> tuple[str, int, int, datetime]:
    count, seconds = _rule(user, action)
    start = int(time.time()) // seconds * seconds
    reset = datetime.fromtimestamp(start + seconds, tz=dt_timezone.utc)
    return f"limit:{action}:{user.pk}:{start}", count, seconds, reset


def check_limit(*, user, action: str) -> None:
    """Raise LimitExceeded when the user has used up this window. Staff are never limited."""
    if user.is_staff:
        return
    key, allowed, _, reset = _window(user, action)
    if (cache.get(key) or 0) >= allowed:
        when = timezone.localtime(reset).strftime("%H:%M UTC on %b %-d")
        raise LimitExceeded(f"You’ve reached the limit of {allowed} {action}s for now. You can post again after {when}. "
                            "Your text is still here.", retry_at=reset)


def record_use(*, user, action: str) -> None:
    key, _, seconds, _ = _window(user, action)
    if not cache.add(key, 1, timeout=seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds)


def check_duplicate(*, user, body: str) -> None:
    """The same body twice within a minute is almost always a double submit or spam."""
    digest = hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:32]
    if not cache.add(f"dupe:{user.pk}:{digest}", 1, timeout=DUPLICATE_WINDOW_SECONDS):
        raise LimitExceeded("You posted this exact text less than a minute ago. If it didn’t appear, refresh the page.")


def count_links(text: str) -> int:
    import re

    return len(re.findall(r"https?://|www\.", text, flags=re.I))


NEW_ACCOUNT_MAX_LINKS = 2


def check_links(*, user, body: str) -> None:
    is_new = user.date_joined > timezone.now() - timedelta(days=1)
    if is_new and not user.is_staff and count_links(body) > NEW_ACCOUNT_MAX_LINKS:
        raise LimitExceeded(f"New accounts can include at most {NEW_ACCOUNT_MAX_LINKS} links per post. "
                            "Remove some links, or post again tomorrow.")
