"""Reads for notifications: the inbox, and the unread count every signed-in page shows."""

from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber

from forum.models import Notification
from taro.models import Profile


def notifications_for(user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("question")
        .order_by("-created_at", "-id")
    )


def notification_groups_for(user: User) -> QuerySet[Notification]:
    """The inbox: one item per thread, its latest notification carrying `in_thread` (how many
    there are about that thread) and `unread_in_thread`; newest thread first. One query per
    page (plus the count), whatever the number of notifications: window functions, filtered
    to the latest row of each thread."""
    by_thread: dict[str, Any] = {"partition_by": [F("question_id")]}
    latest_first = [F("created_at").desc(), F("id").desc()]
    return (
        Notification.objects.filter(recipient=user)
        .annotate(
            rank=Window(RowNumber(), order_by=latest_first, **by_thread),
            in_thread=Window(Count("id"), **by_thread),
            unread_in_thread=Window(
                Sum(
                    Case(
                        When(read_at__isnull=True, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                ),
                **by_thread,
            ),
        )
        .filter(rank=1)
        .select_related("question", "answer")
        .order_by("-created_at", "-id")
    )


def notification_thread_count(user: User) -> int:
    """How many items the inbox has (one per thread): plain SQL, because the inbox's windowed
    query cost the ORM several times longer to build than PostgreSQL to count."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT question_id) FROM {Notification._meta.db_table}"
            " WHERE recipient_id = %s",
            [user.pk],
        )
        count: int = cursor.fetchone()[0]
        return count


def profile_with_unread_count(user: User) -> Profile:
    """The signed-in person's profile with `unread` notifications counted, in one query (plain
    SQL through a cursor: it runs on every page a member reads, and the ORM, even a raw
    queryset, spends longer building it than PostgreSQL spends answering; the count uses the
    partial index notification_unread)."""
    columns = [field.column for field in Profile._meta.concrete_fields]
    sql = f"""SELECT {", ".join(f"p.{column}" for column in columns)},
                     (SELECT COUNT(*) FROM {Notification._meta.db_table} n
                      WHERE n.recipient_id = p.user_id AND n.read_at IS NULL)
              FROM {Profile._meta.db_table} p WHERE p.user_id = %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        *values, unread = cursor.fetchone()
    profile = Profile.from_db(
        connection.alias, [f.attname for f in Profile._meta.concrete_fields], values
    )
    profile.unread = unread  # type: ignore[attr-defined]  # for the page, beside the profile
    profile.user = user  # the name falls back to the username: no second query for it
    return profile
