"""Reads for moderators: the flag queue, open suspensions, the latest audited actions."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from forum.models import Answer, Flag, ModerationAction, Question, Suspension


def flag_queue() -> list[dict[str, Any]]:
    """Posts with pending flags, oldest first, with their flags and real authors (moderators
    only), each author's open suspension and how many actions they have had before."""
    flags = (
        Flag.objects.filter(status=Flag.Status.PENDING)
        .select_related("reporter", "question__author", "answer__author", "answer__question")
        .order_by("created_at")
    )
    queue: dict[tuple[str, int], dict[str, Any]] = {}
    for flag in flags:
        post = flag.post
        queue.setdefault((post.kind, post.pk), {"post": post, "flags": []})["flags"].append(flag)
    items = list(queue.values())
    authors = {item["post"].author_id for item in items}
    suspended = {s.user_id: s for s in open_suspensions().filter(user_id__in=authors)}
    counts = earlier_action_counts(authors)
    for item in items:
        item["suspension"] = suspended.get(item["post"].author_id)
        item["earlier_actions"] = counts.get(item["post"].author_id, 0)
    return items


def open_suspensions() -> QuerySet[Suspension]:
    now = timezone.now()
    return (
        Suspension.objects.filter(lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("user", "created_by")
        .order_by("-created_at")
    )


def recent_actions(limit: int = 20) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related("moderator", "target_user")[:limit]


MEMBER_RECORD_LIMIT = 50


def member_record(user: User) -> dict[str, Any]:
    """What a moderator needs to judge one member: their posts (hidden, deleted and anonymous
    ones included), the flags against them, the actions taken on them and any open suspension;
    each list newest first, MEMBER_RECORD_LIMIT long."""
    limit = MEMBER_RECORD_LIMIT
    against = Q(question__author=user) | Q(answer__author=user)
    return {
        "member": user,
        "suspension": open_suspensions().filter(user=user).first(),
        "questions": list(Question.objects.filter(author=user).order_by("-created_at")[:limit]),
        "answers": list(
            Answer.objects.filter(author=user)
            .select_related("question")
            .order_by("-created_at")[:limit]
        ),
        "flags": list(
            Flag.objects.filter(against)
            .select_related("reporter", "question", "answer__question")
            .order_by("-created_at")[:limit]
        ),
        "actions": list(
            ModerationAction.objects.filter(target_user=user)
            .select_related("moderator", "question", "answer__question")
            .order_by("-created_at")[:limit]
        ),
    }


def earlier_action_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """How many moderator actions each of these members has had (the queue shows it)."""
    rows = (
        ModerationAction.objects.filter(target_user_id__in=set(user_ids))
        .values("target_user_id")
        .annotate(n=Count("id"))
    )
    return {row["target_user_id"]: row["n"] for row in rows}
