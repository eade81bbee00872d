"""The outbox worker behind `manage.py send_notification_emails`: drain once, or keep draining.

Production runs two (the Procfile's `worker` and `digest`): a worker (`--loop 60`) for people who
want an email per event, and the daily digest for people who want one (`--digest --daily-at
07:00`, a process that sleeps until then each day; or `--digest` once a day from cron). Running
either twice, or two at once, never mails an event twice (outbox.py).

The per-event worker also runs the mail jobs other apps declare on their AppConfig
(`mail_jobs`: dotted paths of functions that send and return a printable result), e.g. the
workbench's weekly reminder. They are imported by path at run time, so the forum names no
other app; each job must be safe to run every tick and from two workers at once.
"""

import datetime as dt
import logging

from django.apps import apps
from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string

from forum.notifications.digest import send_digests
from forum.notifications.outbox import send_each_event
from taro import periodic
from taro.worker import stop_on_signals  # the send in hand finishes before it stops

logger = logging.getLogger(__name__)


def drain(*, digest: bool) -> str:
    """One run: the digests, or one email per event (and the apps' mail jobs); what happened,
    as lines to print."""
    result = send_digests() if digest else send_each_event()
    lines = [f"{'Digests' if digest else 'Notification emails'}: {result}"]
    if not digest:
        lines += [str(job()) for job in app_mail_jobs()]
    return "\n".join(lines)


def app_mail_jobs() -> list:
    """The send functions apps declare as `mail_jobs` on their AppConfig."""
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "mail_jobs", ())
    ]


def run_forever(seconds: int, write) -> None:
    """Drain every `seconds` until SIGTERM/SIGINT; `write` prints a line."""
    stop = stop_on_signals()
    write(f"Sending notification emails every {seconds}s; stop with Ctrl-C or SIGTERM.")
    while not stop.is_set():
        tick(write)
        stop.wait(seconds)


def tick(write) -> None:
    """One turn of the loop: the outbox, then whatever apps registered to run now and then
    (taro.periodic: the outcome ledger's tables, for one)."""
    drain_once_safely(write)
    for name in periodic.run_due():
        write(f"Ran {name}")


def parse_daily_time(text: str) -> dt.time:
    """ "07:00" → 07:00 (UTC, the site's time zone)."""
    hours, _, minutes = text.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def next_run(now: dt.datetime, at: dt.time) -> dt.datetime:
    """The next `at` strictly after `now` (both UTC)."""
    today = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return today if today > now else today + dt.timedelta(days=1)


def run_daily(at: dt.time, write, now=None) -> None:
    """Send the digests every day at `at` (UTC) until SIGTERM/SIGINT: the Procfile's `digest`.
    A restart in between sends nothing early; it waits for the next `at`."""
    now = now or (lambda: dt.datetime.now(dt.UTC))
    stop = stop_on_signals()
    write(f"Sending digests every day at {at:%H:%M} UTC; stop with Ctrl-C or SIGTERM.")
    while True:
        wake = next_run(now(), at)
        if stop.wait((wake - now()).total_seconds()):
            return
        drain_once_safely(write, digest=True)


def drain_once_safely(write, *, digest: bool = False) -> None:
    # A database restart must not kill the worker: log, drop the connection, try again next tick.
    close_old_connections()
    try:
        result = send_digests() if digest else send_each_event()
        jobs = [] if digest else [job() for job in app_mail_jobs()]
    except DatabaseError:
        logger.exception("Outbox drain failed; retrying on the next tick")
        return
    finally:
        close_old_connections()
    if result.sent or result.failed or digest:
        write(f"{'Digests' if digest else 'Notification emails'}: {result}")
    for job_result in jobs:
        if job_result.sent or job_result.failed:
            write(str(job_result))
