"""Drain the notification outbox: `send_notification_emails [--digest] [--loop SECONDS] [--dry-run]`.

Production runs two of these: a worker (`--loop 60`) for people who want an email per event, and a
daily cron job (`--digest`) for people who want one digest. Running either twice, or two at once,
never mails an event twice (see forum/mail.py).
"""
import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from forum.notifications import mail

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Email unmailed notifications: one per event for 'each', or one digest per person with --digest."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Send the daily digests (run once a day from cron).")
        parser.add_argument("--loop", type=int, metavar="SECONDS",
                            help="Keep running, draining the outbox every SECONDS (the production worker).")
        parser.add_argument("--dry-run", action="store_true", help="Show what is waiting; send nothing.")

    def handle(self, *args, digest=False, loop=None, dry_run=False, **options):
        if dry_run:
            counts = mail.outbox_counts()
            self.stdout.write("Waiting in the outbox: " + ", ".join(f"{n} for '{p}'" for p, n in counts.items()))
            return
        if loop is None:
            self.stdout.write(self.drain(digest))
            return
        if loop < 1:
            raise CommandError("--loop needs a number of seconds of at least 1.")
        if digest:
            raise CommandError("--digest is a once-a-day job for cron; run it without --loop.")
        self.run_forever(loop)

    def drain(self, digest: bool) -> str:
        result = mail.send_digests() if digest else mail.send_each_event()
        return f"{'Digests' if digest else 'Notification emails'}: {result}"

    def run_forever(self, seconds: int) -> None:
        stop = threading.Event()
        # Finish the send in hand on SIGTERM/SIGINT instead of dying between a send and its commit.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Sending notification emails every {seconds}s; stop with Ctrl-C or SIGTERM.")
        while not stop.is_set():
            self.drain_once_safely()
            stop.wait(seconds)

    def drain_once_safely(self) -> None:
        # A database restart must not kill the worker: log, drop the connection, try again next tick.
        close_old_connections()
        try:
            result = mail.send_each_event()
        except DatabaseError:
            logger.exception("Outbox drain failed; retrying on the next tick")
            return
        finally:
            close_old_connections()
        if result.sent or result.failed:
            self.stdout.write(f"Notification emails: {result}")
