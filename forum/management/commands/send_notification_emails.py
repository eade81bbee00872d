"""Drain the notification outbox:
`send_notification_emails [--digest [--daily-at HH:MM]] [--loop SECONDS] [--dry-run]`.

The work is in forum/notifications/worker.py; see there for how production runs it.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError

from forum.notifications import worker
from forum.notifications.outbox import outbox_counts


def daily_time(text: str):
    try:
        return worker.parse_daily_time(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time of day (HH:MM, UTC): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Email unmailed notifications: one per event for 'each', "
        "or one digest per person with --digest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Send the daily digests (run once a day from cron).",
        )
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            help="Keep running, draining the outbox every SECONDS (the production worker).",
        )
        parser.add_argument(
            "--daily-at",
            type=daily_time,
            metavar="HH:MM",
            help="With --digest: keep running, sending the digests every day at HH:MM UTC "
            "(the Procfile's digest process; instead of cron).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what is waiting; send nothing."
        )

    def handle(self, *args, digest=False, loop=None, daily_at=None, dry_run=False, **options):
        if dry_run:
            counts = outbox_counts()
            self.stdout.write(
                "Waiting in the outbox: " + ", ".join(f"{n} for '{p}'" for p, n in counts.items())
            )
            return
        if daily_at is not None:
            if not digest or loop is not None:
                raise CommandError("--daily-at goes with --digest alone.")
            worker.run_daily(daily_at, self.stdout.write)
            return
        if loop is None:
            self.stdout.write(worker.drain(digest=digest))
            return
        if loop < 1:
            raise CommandError("--loop needs a number of seconds of at least 1.")
        if digest:
            raise CommandError("--digest is a once-a-day job for cron; run it without --loop.")
        worker.run_forever(loop, self.stdout.write)
