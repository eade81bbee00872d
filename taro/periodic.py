"""Jobs an app wants run every so often by the long-running worker (`send_notification_emails
--loop`, the Procfile's `worker`). taro knows no app (.importlinter), and the worker is the
forum's: so apps register their jobs here in AppConfig.ready(), and the worker calls run_due()
on each tick. A job that fails is logged and tried again on the next tick; it never stops the
worker.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, close_old_connections

logger = logging.getLogger(__name__)


@dataclass
class Job:
    run: Callable[[], object]
    every_seconds: Callable[[], float]  # read at each tick, so settings can change it
    last_run: float | None = field(default=None)


_jobs: dict[str, Job] = {}


def register(name: str, run: Callable[[], object], *, every_seconds: Callable[[], float]) -> None:
    _jobs.setdefault(name, Job(run=run, every_seconds=every_seconds))


def run_due(clock: Callable[[], float] = time.monotonic) -> list[str]:
    """Run every job whose interval has passed (each job at once on the worker's first tick);
    the names of those that ran."""
    ran = []
    for name, job in _jobs.items():
        now = clock()
        if job.last_run is not None and now - job.last_run < job.every_seconds():
            continue
        job.last_run = now
        try:
            job.run()
        except DatabaseError:
            logger.exception("Periodic job %s failed; retrying on the next tick", name)
            close_old_connections()
            job.last_run = None
            continue
        ran.append(name)
    return ran
