"""The weekly capture reminder: an opt-in email on the day of the week the person chose, sent
once per chosen week by the notification worker (the forum's `send_notification_emails`, which
runs the `mail_jobs` each app declares on its AppConfig: the forum imports nothing from here).

The email carries no work content at all: a link to the capture form and a one-click way to stop
(a signed token, as the forum's unsubscribe links: it works without logging in, GET only shows
the button, and an RFC 8058 one-click POST stops it)."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from taro.models import Profile
from workbench.models import Plan

logger = logging.getLogger(__name__)

STOP_SALT = "workbench.reminder.stop"
SUBJECT = "Five minutes for your work log"


def stop_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=STOP_SALT)


def user_for_stop_token(token: str):
    """The user a stop link was made for, or None when tampered with or naming nobody."""
    try:
        user_id = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int):
        return None
    return get_user_model().objects.filter(pk=user_id).first()


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def due(today: date):
    """Plans whose reminder goes today and hasn't gone this week, for people who can get mail
    (active, with an address, and not unsubscribed from every email)."""
    return (
        Plan.objects.filter(reminder_day=today.weekday())
        .filter(
            Q(reminder_last_sent_on__isnull=True) | Q(reminder_last_sent_on__lt=week_start(today))
        )
        .filter(owner__is_active=True)
        .exclude(owner__email="")
        .exclude(owner__profile__email_preference=Profile.EmailPreference.NONE)
    )


def build_message(user) -> EmailMultiAlternatives:
    stop_url = _absolute(reverse("workbench:reminder_stop", args=[stop_token(user.pk)]))
    context = {
        "capture_url": _absolute(reverse("workbench:capture")),
        "stop_url": stop_url,
        "site_name": settings.SITE_NAME,
        "site_url": _absolute("/"),
    }
    message = EmailMultiAlternatives(
        subject=SUBJECT,
        body=render_to_string("workbench/email/reminder.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("workbench/email/reminder.html", context), "text/html"
    )
    return message


@dataclass
class Result:
    sent: int = 0
    failed: int = 0

    def __str__(self):
        return f"Workbench reminders: {self.sent} sent, {self.failed} failed (will retry)"


def send_weekly_reminders(today: date | None = None) -> Result:
    """One email per due person, each in its own transaction that claims the plan row (FOR
    UPDATE SKIP LOCKED: two workers never send the same one) and marks the week sent only after
    the mail left (a failure is retried on the next run, the same day)."""
    today = today or timezone.localdate()
    failed: list[int] = []
    result, connection = Result(), get_connection()
    while True:
        with transaction.atomic():
            plan = (
                due(today)
                .exclude(pk__in=failed)
                .select_related("owner")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .first()
            )
            if plan is None:
                break
            try:
                message = build_message(plan.owner)
                message.connection = connection
                message.send()
            except Exception:  # SMTP, socket or template errors alike: retried next run
                logger.warning("Workbench reminder failed: user=%s", plan.owner_id, exc_info=True)
                with contextlib.suppress(Exception):
                    connection.close()
                failed.append(plan.pk)
                result.failed += 1
                continue
            plan.reminder_last_sent_on = today
            plan.save(update_fields=["reminder_last_sent_on"])
            result.sent += 1
            logger.info("Workbench reminder sent: user=%s", plan.owner_id)
    with contextlib.suppress(Exception):
        connection.close()
    return result
