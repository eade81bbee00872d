"""Notification email. The Notification table is the outbox; `send_notification_emails` drains it.

Mail leaves from a worker after the posting transaction has committed, never from the request, so a
broken mail server can't break posting. Each send claims its rows with FOR UPDATE SKIP LOCKED (two
workers never mail the same row) and sets `emailed_at` only after the send succeeded (a failure is
retried by the next run). Actors appear only as the stored `actor_label`, which already hides
anonymous authors.
"""
import contextlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification
from forum.presentation import plain_excerpt
from taro.models import Profile

logger = logging.getLogger(__name__)

Kind = Notification.Kind
Preference = Profile.EmailPreference

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
UNSUBSCRIBE_SALT = "forum.mail.unsubscribe"
SNIPPET_LENGTH = 280
SUBJECT_TITLE_LENGTH = 100
# A digest lists this many events; the rest are one click away in the inbox.
DIGEST_LIST_LIMIT = 50
# After this many failures in a row the server is most likely down: stop and let the next run retry.
MAX_CONSECUTIVE_FAILURES = 5

SUBJECTS = {
    Kind.NEW_ANSWER: "New answer to: {title}",
    Kind.ANSWER_ACCEPTED: "Your answer was accepted: {title}",
    Kind.BOOKMARK_ANSWER: "New answer on a question you saved: {title}",
    Kind.STAFF_EDIT: "A moderator edited your post: {title}",
}
HEADLINES = {
    Kind.NEW_ANSWER: "{actor} answered your question",
    Kind.ANSWER_ACCEPTED: "{actor} accepted your answer",
    Kind.BOOKMARK_ANSWER: "{actor} answered a question you saved",
    Kind.STAFF_EDIT: "A moderator edited your {post}",
}


@dataclass
class DrainResult:
    sent: int = 0      # emails that left
    failed: int = 0    # emails that didn't; their rows stay in the outbox for the next run
    closed: int = 0    # rows settled without mail: preference "none", deleted post, no address

    def __str__(self):
        return f"{self.sent} sent, {self.failed} failed (will retry), {self.closed} closed without mail"


# Links --------------------------------------------------------------------------------------------

def absolute_url(path: str) -> str:
    """Email has no request to build URLs from, so the site's address is a setting."""
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/") + path


def unsubscribe_token(user_id: int) -> str:
    # Signed, not stored: the link works without logging in and can't be forged for someone else.
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str):
    """The user a token was made for, or None when it was tampered with or names nobody."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int):
        return None
    return get_user_model().objects.select_related("profile").filter(pk=user_id).first()


def unsubscribe(*, user) -> None:
    Profile.objects.filter(user=user).update(email_preference=Preference.NONE)


# Messages -----------------------------------------------------------------------------------------

def _one_line(text: str, length: int) -> str:
    # Header injection is impossible anyway (Django refuses newlines), but a title must never crash a send.
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def event_summary(notification: Notification) -> dict:
    """What one notification says, for both the single email and a digest line."""
    question = notification.question
    snippet = ""
    if notification.kind in (Kind.NEW_ANSWER, Kind.BOOKMARK_ANSWER) and notification.answer_id:
        snippet = plain_excerpt(notification.answer.body_html, SNIPPET_LENGTH)
    return {
        "headline": HEADLINES[notification.kind].format(actor=notification.actor_label or "Someone",
                                                   post=notification.post.kind),
        "title": question.title,
        "url": absolute_url(notification.get_absolute_url()),
        "snippet": snippet,
        "created_at": notification.created_at,
    }


def build_message(*, recipient, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    unsubscribe_url = absolute_url(reverse("email_unsubscribe", args=[unsubscribe_token(recipient.pk)]))
    context = {
        **context, "recipient_name": recipient.profile.name, "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute_url(reverse("profile_settings")), "site_url": absolute_url("/"),
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"email/{template}.txt", context), to=[recipient.email],
        headers={
            # RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs to our link.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no vacation auto-replies to a notification.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message


def build_event_message(notification: Notification) -> EmailMultiAlternatives:
    title = _one_line(notification.question.title, SUBJECT_TITLE_LENGTH)
    return build_message(
        recipient=notification.recipient, subject=SUBJECTS[notification.kind].format(title=title),
        template="notification", context={"event": event_summary(notification)},
    )


def build_digest_message(recipient, notifications: list[Notification]) -> EmailMultiAlternatives:
    count = len(notifications)
    events = [event_summary(n) for n in notifications[-DIGEST_LIST_LIMIT:]]
    return build_message(
        recipient=recipient, subject=f"Your Taro digest: {count} update{'s' if count != 1 else ''}",
        template="digest",
        context={"events": events, "count": count, "more": count - len(events),
                 "inbox_url": absolute_url(reverse("forum:notifications"))},
    )


# Draining the outbox ------------------------------------------------------------------------------

class Mailer:
    """One connection for a run, reopened after a failure; gives up after repeated failures."""

    def __init__(self):
        self.connection = get_connection()
        self.failures_in_a_row = 0

    @property
    def gave_up(self) -> bool:
        return self.failures_in_a_row >= MAX_CONSECUTIVE_FAILURES

    def deliver(self, build, *args) -> bool:
        """Build and send one message; any error is logged and reported as False, never raised."""
        try:
            message = build(*args)
            message.connection = self.connection
            message.send()
        except Exception:  # SMTP, socket, TLS or template errors alike: the row stays for a retry
            logger.warning("Notification email failed; it stays in the outbox for the next run", exc_info=True)
            self.failures_in_a_row += 1
            with contextlib.suppress(Exception):
                self.connection.close()  # a broken connection must not poison the next send
            return False
        self.failures_in_a_row = 0
        return True

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


def pending(preference: str):
    return Notification.objects.filter(emailed_at__isnull=True, recipient__profile__email_preference=preference)


def _claim(queryset):
    # of=("self",): lock only the notification rows, not the joined posts and profiles.
    return (
        queryset.select_related("recipient__profile", "question", "answer")
        .select_for_update(skip_locked=True, of=("self",))
    )


def close_unmailable() -> int:
    """Settle rows that must never be mailed, so a later preference change can't mail old news."""
    unmailable = (
        Q(recipient__profile__email_preference=Preference.NONE) | Q(recipient__is_active=False)
        | Q(recipient__email="") | Q(question__is_deleted=True) | Q(answer__is_deleted=True)
    )
    return Notification.objects.filter(unmailable, emailed_at__isnull=True).update(emailed_at=timezone.now())


def send_each_event() -> DrainResult:
    """One email per event for people who chose "each", one claimed row per transaction."""
    result, mailer, failed_ids = DrainResult(closed=close_unmailable()), Mailer(), []
    while not mailer.gave_up:
        with transaction.atomic():
            notification = _claim(pending(Preference.EACH).exclude(pk__in=failed_ids)).order_by("pk").first()
            if notification is None:
                break
            if mailer.deliver(build_event_message, notification):
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                result.sent += 1
            else:
                failed_ids.append(notification.pk)
                result.failed += 1
    mailer.close()
    return result


def send_digests() -> DrainResult:
    """One email per person who chose "digest", grouping all their unmailed events."""
    result, mailer = DrainResult(closed=close_unmailable()), Mailer()
    recipient_ids = pending(Preference.DIGEST).order_by("recipient_id").values_list("recipient_id", flat=True).distinct()
    for recipient_id in list(recipient_ids):
        if mailer.gave_up:
            break
        with transaction.atomic():
            rows = list(_claim(pending(Preference.DIGEST).filter(recipient_id=recipient_id)).order_by("created_at", "pk"))
            if not rows:
                continue  # another run holds them
            if mailer.deliver(build_digest_message, rows[0].recipient, rows):
                Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
                result.sent += 1
            else:
                result.failed += 1
    mailer.close()
    return result


def outbox_counts() -> dict[str, int]:
    """Unmailed rows per preference, for --dry-run."""
    return {choice: pending(choice).count() for choice in Preference.values}
