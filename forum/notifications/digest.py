"""The daily digest: one email per person who chose "digest", grouping their unmailed events."""

from django.db import transaction
from django.urls import reverse

from forum.models import Notification
from forum.notifications.emails import absolute_url, build_message, event_summary
from forum.notifications.outbox import (
    DrainResult,
    Mailer,
    Preference,
    claim,
    close_unmailable,
    pending,
)

# A digest lists this many events; the rest are one click away in the inbox.
DIGEST_LIST_LIMIT = 50


def build_digest_message(recipient, notifications: list[Notification]):
    count = len(notifications)
    events = [event_summary(n) for n in notifications[-DIGEST_LIST_LIMIT:]]
    return build_message(
        recipient=recipient,
        subject=f"Your Taro digest: {count} update{'s' if count != 1 else ''}",
        template="digest",
        context={
            "events": events,
            "count": count,
            "more": count - len(events),
            "inbox_url": absolute_url(reverse("forum:notifications")),
        },
    )


def send_digests() -> DrainResult:
    """One email per person who chose "digest", grouping all their unmailed events."""
    result, mailer = DrainResult(closed=close_unmailable()), Mailer()
    waiting = pending(Preference.DIGEST)
    recipient_ids = waiting.order_by("recipient_id").values_list("recipient_id", flat=True)
    for recipient_id in list(recipient_ids.distinct()):
        if mailer.gave_up:
            break
        with transaction.atomic():
            mine = waiting.filter(recipient_id=recipient_id)
            rows = list(claim(mine).order_by("created_at", "pk"))
            if not rows:
                continue  # another run holds them
            mailer.send(rows, result, build_digest_message, rows[0].recipient, rows)
    mailer.close()
    return result
