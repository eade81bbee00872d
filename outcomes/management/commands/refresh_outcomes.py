from django.core.management.base import BaseCommand

from outcomes.publication import refresh


class Command(BaseCommand):
    help = "Rebuild the outcome ledger's published tables (suppressed at k=10, rounded to 5)."

    def handle(self, *args, **options):
        written = refresh()
        self.stdout.write(f"Outcome tables published: {written}")
