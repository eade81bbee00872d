"""Writes for notifications: recorded in the posting transaction, read in the inbox, mailed later.

The row is also the email outbox: `send_notification_emails` mails it after commit, outside the
request (outbox.py). Notifications are private: they show on signed-in pages only, never cached.
"""

from django.contrib.auth.models import User
from django.utils import timezone

from forum.models import Answer, Bookmark, Follow, Notification, Post
from forum.presentation import public_author_label

Kind = Notification.Kind


def notify(
    *,
    recipient_id: int,
    kind: str,
    question_id: int,
    answer_id: int | None,
    actor_label: str,
    actor_id: int | None,
) -> Notification | None:
    """Record one notification; never for your own action, never twice for one event."""
    if recipient_id == actor_id:
        return None
    notification, created = Notification.objects.get_or_create(
        recipient_id=recipient_id,
        kind=kind,
        question_id=question_id,
        answer_id=answer_id,  # type: ignore[misc]  # None is a lookup too: IS NULL
        defaults={"actor_label": actor_label},
    )
    return notification if created else None


def notify_new_answer(*, answer: Answer) -> None:
    """The asker, everyone who bookmarked the question and everyone who follows it hear of a new
    answer: each person once (a bookmark and a follow make one notification)."""
    question = answer.question
    event = {
        "actor_label": public_author_label(answer),
        "actor_id": answer.author_id,
        **answer.thread_ids,
    }
    notify(recipient_id=question.author_id, kind=Kind.NEW_ANSWER, **event)
    bookmarkers = (
        Bookmark.objects.filter(question=question)
        .exclude(user_id=question.author_id)
        .values_list("user_id", flat=True)
    )
    for user_id in bookmarkers:
        notify(recipient_id=user_id, kind=Kind.BOOKMARK_ANSWER, **event)
    followers = (
        Follow.objects.filter(question=question)
        .exclude(user_id=question.author_id)
        .exclude(user_id__in=bookmarkers)
        .values_list("user_id", flat=True)
    )
    for user_id in followers:
        notify(recipient_id=user_id, kind=Kind.FOLLOW_ANSWER, **event)


def notify_answer_accepted(*, answer: Answer) -> None:
    question = answer.question
    notify(
        recipient_id=answer.author_id,
        kind=Kind.ANSWER_ACCEPTED,
        actor_label=public_author_label(question),
        actor_id=question.author_id,
        **answer.thread_ids,
    )


def notify_staff_edit(*, editor: User, post: Post) -> None:
    """The author hears when a moderator edited their post."""
    if not editor.is_staff or editor.pk == post.author_id:
        return
    notify(
        recipient_id=post.author_id,
        kind=Kind.STAFF_EDIT,
        actor_label="A moderator",
        actor_id=editor.pk,
        **post.thread_ids,
    )


def mark_notification_read(*, user: User, notification_id: int) -> int:
    unread = Notification.objects.filter(recipient=user, pk=notification_id, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def mark_thread_read(*, user: User, question_id: int) -> int:
    """Everything about one thread: opening the thread, or "Mark as read" on its group."""
    unread = Notification.objects.filter(
        recipient=user, question_id=question_id, read_at__isnull=True
    )
    return unread.update(read_at=timezone.now())


def mark_all_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
