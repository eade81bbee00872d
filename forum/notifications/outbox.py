"""Draining the outbox: the Notification table, one email per event for people who chose "each".

Mail leaves from a worker after the posting transaction has committed, never from the request,
so a broken mail server can't break posting. Each send claims its rows with FOR UPDATE SKIP
LOCKED (two workers never mail the same row) and sets `emailed_at` only after the send succeeded
(a failure is retried by the next run). The daily digest drains the same way (digest.py).
"""

import contextlib
import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from forum.models import Notification
from forum.notifications.emails import build_event_message
from taro.models import Profile

Kind = Notification.Kind

logger = logging.getLogger(__name__)

Preference = Profile.EmailPreference

# After this many failures in a row the server is most likely down: stop and let the next run retry.
MAX_CONSECUTIVE_FAILURES = 5


@dataclass
class DrainResult:
    sent: int = 0  # emails that left
    failed: int = 0  # emails that didn't; their rows stay in the outbox for the next run
    closed: int = 0  # rows settled without mail: preference "none", deleted post, no address

    def __str__(self):
        return (
            f"{self.sent} sent, {self.failed} failed (will retry), "
            f"{self.closed} closed without mail"
        )


class Mailer:
    """One connection for a run, reopened after a failure; gives up after repeated failures."""

    def __init__(self):
        self.connection = get_connection()
        self.failures_in_a_row = 0
        self.error: Exception | None = None

    @property
    def gave_up(self) -> bool:
        return self.failures_in_a_row >= MAX_CONSECUTIVE_FAILURES

    def deliver(self, build, *args) -> bool:
        """Build and send one message; any error is reported as False (and kept), never raised."""
        self.error = None
        try:
            message = build(*args)
            message.connection = self.connection
            message.send()
        except Exception as error:  # SMTP, socket, TLS or template errors alike: row stays
            self.error = error
            self.failures_in_a_row += 1
            with contextlib.suppress(Exception):
                self.connection.close()  # a broken connection must not poison the next send
            return False
        self.failures_in_a_row = 0
        return True

    def send(self, rows: list[Notification], result: "DrainResult", build, *args) -> bool:
        """Mail one claimed batch, inside the transaction that claimed it: settled when the mail
        left, left in the outbox for the next run when it didn't. Each is logged: what left
        (notification ids, kind, recipient's user id; never an address or a post's text) and
        what failed, with the error's traceback."""
        what = describe(rows)
        if not self.deliver(build, *args):
            result.failed += 1
            logger.warning(
                "Notification email failed, kept for the next run: %s", what, exc_info=self.error
            )
            if self.gave_up:
                logger.error(
                    "Stopping this run after %d failed emails in a row: is the mail server up?",
                    self.failures_in_a_row,
                )
            return False
        settled = Notification.objects.filter(pk__in=[row.pk for row in rows])
        settled.update(emailed_at=timezone.now())
        result.sent += 1
        logger.info("Notification email sent: %s", what)
        return True

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


def describe(rows: list[Notification]) -> str:
    kinds = sorted({row.kind for row in rows})
    ids = ",".join(str(row.pk) for row in rows)
    return f"user={rows[0].recipient_id} kind={'+'.join(kinds)} notification={ids}"


def pending(preference: str):
    return Notification.objects.filter(
        emailed_at__isnull=True, recipient__profile__email_preference=preference
    )


def claim(queryset):
    # of=("self",): lock only the notification rows, not the joined posts and profiles.
    return queryset.select_related("recipient__profile", "question", "answer").select_for_update(
        skip_locked=True, of=("self",)
    )


def close_unmailable() -> int:
    """Settle rows that must never be mailed, so a later preference change can't mail old news."""
    unmailable = (
        Q(recipient__profile__email_preference=Preference.NONE)
        | Q(recipient__is_active=False)
        | Q(recipient__email="")
        # A post hidden or deleted since: its news is gone, except the news that it was hidden.
        | ((Q(question__is_deleted=True) | Q(answer__is_deleted=True)) & ~Q(kind=Kind.POST_HIDDEN))
    )
    return Notification.objects.filter(unmailable, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def send_each_event() -> DrainResult:
    """One email per event for people who chose "each", one claimed row per transaction."""
    failed_ids: list[int] = []
    result, mailer = DrainResult(closed=close_unmailable()), Mailer()
    while not mailer.gave_up:
        with transaction.atomic():
            notification = (
                claim(pending(Preference.EACH).exclude(pk__in=failed_ids)).order_by("pk").first()
            )
            if notification is None:
                break
            if not mailer.send([notification], result, build_event_message, notification):
                failed_ids.append(notification.pk)
    mailer.close()
    return result


def outbox_counts() -> dict[str, int]:
    """Unmailed rows per preference, for --dry-run."""
    return {choice: pending(choice).count() for choice in Preference.values}
