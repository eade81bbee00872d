"""`manage.py process_lessons [--loop SECONDS]`: the worker that transcodes admin uploads.

The Procfile's `media` process runs it with --loop; web requests never run ffmpeg.
"""

import logging

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from taro.worker import run_every
from videos import services

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Transcode uploaded lessons waiting in 'processing' (once, or every --loop seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDS", help="Keep going.")

    def handle(self, *args, loop=None, **options):
        if loop:
            run_every(loop, self.drain_safely, self.stdout.write, what="Transcoding uploads")
        else:
            self.drain()

    def drain_safely(self) -> None:
        # A database restart must not kill the worker: log, drop the connection, try next tick.
        close_old_connections()
        try:
            self.drain()
        except DatabaseError:
            logger.exception("Lesson processing failed; retrying on the next tick")
        finally:
            close_old_connections()

    def drain(self) -> None:
        while True:
            lesson = services.process_next_upload()
            if lesson is None:
                return
            outcome = f"{lesson.get_status_display()} {lesson.error}".strip()
            self.stdout.write(f"{lesson.slug}: {outcome}")
