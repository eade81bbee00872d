"""Reads for moderators: the flag queue, open suspensions, the latest audited actions."""

from django.db.models import Q
from django.utils import timezone

from forum.models import Flag, ModerationAction, Suspension


def flag_queue() -> list[dict]:
    """Posts with pending flags, oldest first, with their flags and real authors (moderators
    only)."""
    flags = (
        Flag.objects.filter(status=Flag.Status.PENDING)
        .select_related("reporter", "question__author", "answer__author", "answer__question")
        .order_by("created_at")
    )
    queue: dict[tuple, dict] = {}
    for flag in flags:
        post = flag.post
        queue.setdefault((post.kind, post.pk), {"post": post, "flags": []})["flags"].append(flag)
    return list(queue.values())


def open_suspensions():
    now = timezone.now()
    return (
        Suspension.objects.filter(lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("user", "created_by")
        .order_by("-created_at")
    )


def recent_actions(limit: int = 20):
    return ModerationAction.objects.select_related("moderator", "target_user")[:limit]
