"""Reads for notifications: the inbox, and the unread count every signed-in page shows."""

from forum.models import Notification
from taro.models import Profile


def notifications_for(user):
    return (
        Notification.objects.filter(recipient=user)
        .select_related("question")
        .order_by("-created_at", "-id")
    )


def profile_with_unread_count(user):
    """The signed-in person's profile with `unread` notifications counted, in one query (raw:
    it runs on every page a member reads, and the ORM spends longer building it than PostgreSQL
    spends answering; the count uses the partial index notification_unread)."""
    sql = f"""SELECT p.*, (SELECT COUNT(*) FROM {Notification._meta.db_table} n
                           WHERE n.recipient_id = p.user_id AND n.read_at IS NULL) AS unread
              FROM {Profile._meta.db_table} p WHERE p.user_id = %s"""
    profile = list(Profile.objects.raw(sql, [user.pk]))[0]
    profile.user = user  # the name falls back to the username: no second query for it
    return profile
