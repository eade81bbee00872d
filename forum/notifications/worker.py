"""The outbox worker behind `manage.py send_notification_emails`: drain once, or keep draining.

Production runs two: a worker (`--loop 60`) for people who want an email per event, and a daily
cron job (`--digest`) for people who want one digest. Running either twice, or two at once,
never mails an event twice (outbox.py).
"""

import logging
import signal
import threading

from django.db import DatabaseError, close_old_connections

from forum.notifications.digest import send_digests
from forum.notifications.outbox import send_each_event

logger = logging.getLogger(__name__)


def drain(*, digest: bool) -> str:
    """One run: the digests, or one email per event; what happened, as a line to print."""
    result = send_digests() if digest else send_each_event()
    return f"{'Digests' if digest else 'Notification emails'}: {result}"


def run_forever(seconds: int, write) -> None:
    """Drain every `seconds` until SIGTERM/SIGINT; `write` prints a line."""
    stop = threading.Event()
    # Finish the send in hand on SIGTERM/SIGINT instead of dying between a send and its commit.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    write(f"Sending notification emails every {seconds}s; stop with Ctrl-C or SIGTERM.")
    while not stop.is_set():
        drain_once_safely(write)
        stop.wait(seconds)


def drain_once_safely(write) -> None:
    # A database restart must not kill the worker: log, drop the connection, try again next tick.
    close_old_connections()
    try:
        result = send_each_event()
    except DatabaseError:
        logger.exception("Outbox drain failed; retrying on the next tick")
        return
    finally:
        close_old_connections()
    if result.sent or result.failed:
        write(f"Notification emails: {result}")
