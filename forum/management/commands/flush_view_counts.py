"""Move the thread views waiting in Redis into PostgreSQL now (the notification worker does it
every tick; this is for cron, a deploy step or a look by hand)."""

from django.core.management.base import BaseCommand

from forum.viewcounts import flush_pending_views


class Command(BaseCommand):
    help = "Add the thread views counted since the last flush to the questions."

    def handle(self, *args, **options):
        self.stdout.write(f"Thread views added: {flush_pending_views()}")
